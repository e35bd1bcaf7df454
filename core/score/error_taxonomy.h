#pragma once
// The error taxonomy of one item under one rule (docs/analysis.md): which
// class, retrieval and answer error types its verdict shows, each with the
// evidence behind it as a small JSON document. A pure function of the item,
// the rule's verdict (its parse, cited units, unmatched citations, answer
// score and evidence) and the raw prediction; core/store stores the result
// at import and recomputes it for old projects from the same stored rows.
//
// Which types are looked for:
//   - class types only where the rule judged the class step Wrong;
//   - retrieval types only where the rule judged the retrieval step (not
//     Unevaluated); an item without a parsable trace gets no-trace alone;
//   - answer types wherever the answer was judged: answer-no-tag whatever
//     the answer verdict, the others (mutually exclusive, in the order
//     empty, partial, other entity, not in context) only when it is not Ok.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/item.h"
#include "core/score/error_types.h"
#include "core/score/verdict.h"

namespace ts {

struct ItemError {
    ErrorType type = ErrorType::NoTrace;
    nlohmann::json detail = nlohmann::json::object();
    bool operator==(const ItemError&) const = default;
};

struct TaxonomyInput {
    const Item& item;
    const ItemVerdict& verdict;
    std::string_view prediction;  // the raw prediction text
    DatasetKind kind = DatasetKind::Generic;
    const std::vector<std::string>& labels;  // the dataset's label set
    // False when the verdict's citations are unknown (a stored verdict without
    // its details): then no retrieval type but no-trace is looked for.
    bool citationsKnown = true;
};

// The item's types in allErrorTypes() order, at most one entry per type.
std::vector<ItemError> classifyErrors(const TaxonomyInput& in);

// How a label read from a trace relates to the dataset's label set (ASCII
// case-insensitive, the whole label); canonical: the set's spelling.
enum class LabelReading { None, Known, NotInDataset };
LabelReading readLabel(std::string_view predicted, const std::vector<std::string>& labels,
                       std::string* canonical = nullptr);

// Whether the citation region reads: a region opening with "[" must have a
// prefix ending at a "]" that is a Python list of str literals, one opening
// with a quote a prefix ending at the same quote that is one str literal;
// any other region (plain lines, a bare string) reads.
bool citationRegionParses(std::string_view region);

// The answers the taxonomy looks at: the metric's normalised predicted
// answers that are not empty, else the normalised text of the paper's
// extraction (bAbI's metric predicts nothing for a wrong answer), else none.
std::vector<std::string> taxonomyAnswers(const ItemVerdict& verdict, std::string_view prediction);

}  // namespace ts
