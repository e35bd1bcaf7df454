#pragma once
// What kind of trace a run's predictions carry (arXiv 2505.13792 v2): the
// rule-based, checkable traces of the first arm, or one of the free-form
// kinds of the second (DeepSeek-R1 style thinking, a summary of it, a
// post-hoc explanation, or traces swapped between items). Recorded on the
// run; the strict rule judges only rule-based traces, and leaves the steps of
// every other kind to a person (UnevaluatedReason::NeedsHuman).
#include <optional>
#include <string_view>
#include <vector>

#include "core/score/verdict.h"

namespace ts {

enum class TraceType { RuleBased, FreeForm, Summary, Explanation, Swapped };

// "rule-based", "free-form", "summary", "explanation", "swapped".
std::string_view toString(TraceType t);
std::optional<TraceType> parseTraceType(std::string_view name);
const std::vector<TraceType>& allTraceTypes();

// The strict verdict of a free-form trace: class, retrieval and trace steps
// unjudged (reason NeedsHuman), and what the strict parser read into the free
// text (a label, quoted units) dropped, since it did not follow a template.
// The parse status and the answer's verdict stay.
void markNeedsHuman(ItemVerdict& verdict);

}  // namespace ts
