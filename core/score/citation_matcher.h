#pragma once
// Maps the retrieval part of a trace to context units. A unit counts as cited
// when its text occurs verbatim (or as its Python-repr escaped form, as in a
// list repr, or without its leading and trailing white space, which the
// trace's trim at "</think>" removes) - whatever the wrapping: a list repr, a bare string, plain
// lines, or a list whose quoting the model broke. Longer units are matched
// first and matched text is masked, so a unit inside a longer quoted unit is
// not cited twice. Identical unit texts are assigned to gold units first.
// What is left, split at line breaks and list separators, with brackets,
// quotes and commas trimmed, is unmatched citation text.
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"

namespace ts {

struct CitationMatch {
    std::vector<CitedUnit> cited;  // ordered by position, each context index at most once
    std::vector<UnmatchedCitation> unmatched;
};

// region: the part of text holding the citations (spans are in text).
CitationMatch matchCitations(std::string_view text, TextSpan region, const Item& item);

}  // namespace ts
