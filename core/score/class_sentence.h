#pragma once
// Finds the class sentence of a trace as a human reader would: the template's
// words in order, case-insensitive, with "the" added or left out before a word
// ("the event in the question" for "the event in question"), the colon after
// the last word optional ("... is time-reasoning."), the label in quotes or
// not, and trailing punctuation dropped. The label itself stays exact: it is
// the text up to the sentence's end, compared whole by the scoring rule.
#include <string>
#include <string_view>
#include <vector>

#include "core/score/verdict.h"

namespace ts {

struct ClassSentenceMatch {
    bool found = false;
    std::size_t begin = 0;  // where the sentence starts
    TextSpan label;         // the label as written, without quotes and trailing punctuation
    // How the sentence departs from the template, for "why this verdict?"
    // (e.g. "no colon after \"is\"", "\"the\" before \"question\""); empty
    // when it is the template's form.
    std::vector<std::string> departures;
};

// The first class sentence following `prefix` (the template's sentence up to
// the label, e.g. "... the event in context is: ") in text[from, to).
ClassSentenceMatch findClassSentence(std::string_view text, std::string_view prefix,
                                     std::size_t from, std::size_t to);

}  // namespace ts
