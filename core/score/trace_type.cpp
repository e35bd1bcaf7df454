#include "core/score/trace_type.h"

#include <array>
#include <utility>

namespace ts {

namespace {

constexpr std::array<std::pair<TraceType, std::string_view>, 5> kNames{{
    {TraceType::RuleBased, "rule-based"},
    {TraceType::FreeForm, "free-form"},
    {TraceType::Summary, "summary"},
    {TraceType::Explanation, "explanation"},
    {TraceType::Swapped, "swapped"},
}};

}  // namespace

std::string_view toString(TraceType t) {
    for (const auto& [value, name] : kNames)
        if (value == t) return name;
    return "rule-based";
}

std::optional<TraceType> parseTraceType(std::string_view name) {
    for (const auto& [value, n] : kNames)
        if (n == name) return value;
    return std::nullopt;
}

const std::vector<TraceType>& allTraceTypes() {
    static const std::vector<TraceType> all = {TraceType::RuleBased, TraceType::FreeForm,
                                               TraceType::Summary, TraceType::Explanation,
                                               TraceType::Swapped};
    return all;
}

void markNeedsHuman(ItemVerdict& v) {
    v.classStep = v.retrievalStep = v.trace = StepVerdict::Unevaluated;
    v.evidence.unevaluatedReason = UnevaluatedReason::NeedsHuman;
    v.predictedLabel.clear();
    v.labelSpan = {};
    v.cited.clear();
    v.unmatched.clear();
    v.goldCited = 0;
    v.retrievalPrecision.reset();
    v.evidence.classSegment.clear();
    v.evidence.classReading.clear();
    v.evidence.matchedUnit = -1;
    v.evidence.matchedUnitText.clear();
}

}  // namespace ts
