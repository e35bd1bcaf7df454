#pragma once
// A tolerant parser for what fine-tuned models actually print: a leading
// "assistant" (the chat template was applied without a generation prompt),
// <think> with or without newlines, an unclosed <think>, a </think> without
// <think>, empty think blocks, a missing <answer> or </answer>, "Answer:"
// inside the think block, and units cited as a Python list, a bare string or
// plain lines. It never drops an item: what it could not find is reported in
// ParseStatus and the empty spans.
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"

namespace ts {

// The dataset's trace wording (core/decompose supplies it).
struct TraceVocabulary {
    std::vector<std::string> labels;  // the label set, canonical spelling; may be empty
    std::string classPrefix;          // the class sentence up to the label
    std::string retrievalPrefix;      // the retrieval sentence up to the units
};

// The vocabulary of ruleFor(kind).
TraceVocabulary traceVocabularyFor(DatasetKind kind);

// How the parser found the answer.
enum class AnswerMarker {
    None,
    AnswerTag,       // <answer> ... (</answer> or the end)
    StrayCloseTag,   // text up to a </answer> that has no opening tag
    AnswerColon,     // "Answer:" / "answer is:" after the trace
    ColonInTrace,    // "Answer:" inside the think block, nothing after it
    TextAfterTrace,  // plain text after the trace
    WholeText,       // no trace at all: the text after the residue
};
std::string_view toString(AnswerMarker marker);

struct ParsedTrace {
    ParseStatus status = ParseStatus::NoTrace;
    std::size_t residueEnd = 0;  // first byte after a leading "assistant" and blanks
    bool thinkOpened = false;    // a <think> was found
    bool thinkClosed = false;    // a </think> ends the trace
    TextSpan trace;              // the trace text (inside the think block)

    // Class step.
    bool classSentenceFound = false;  // the vocabulary's class sentence was found
    TextSpan classSentence;           // from its first word to the label's end
    // How the class sentence departs from the template ("no colon after
    // \"is\"", ...; core/score/class_sentence.h); empty when it does not.
    std::vector<std::string> classDepartures;
    std::string label;  // the label as written, trimmed; "" when none
    TextSpan labelSpan;
    bool labelKnown = false;  // label equals one of the label set (ASCII case-insensitive)

    // Retrieval step: units quoted verbatim, each mapped to one context index
    // (identical texts go to gold units first), and the quoted text left over.
    bool retrievalSentenceFound = false;
    TextSpan retrievalRegion;
    std::vector<CitedUnit> cited;  // ordered by position
    std::vector<UnmatchedCitation> unmatched;

    // Answer, as written (not lower-cased), without tags, trimmed.
    std::string answer;
    TextSpan answerSpan;
    AnswerMarker answerMarker = AnswerMarker::None;
};

// Parses one prediction against an item's context and gold retrieval.
ParsedTrace parseTrace(std::string_view prediction, const TraceVocabulary& vocabulary,
                       const Item& item);

}  // namespace ts
