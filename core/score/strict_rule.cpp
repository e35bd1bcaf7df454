#include "core/score/strict_rule.h"

#include <algorithm>

namespace ts {
namespace {

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

void StrictRule::judge(const ScoringCase& c, ItemVerdict& v) {
    v.evidence.goldLabel = c.item.goldLabel;
    v.evidence.classSegment = c.parsed.label;
    const auto firstGold =
        std::find_if(v.cited.begin(), v.cited.end(), [](const CitedUnit& u) { return u.gold; });
    if (firstGold != v.cited.end()) {
        v.evidence.matchedUnit = firstGold->contextIndex;
        v.evidence.matchedUnitText =
            c.item.context[static_cast<std::size_t>(firstGold->contextIndex)].text;
    }
    if (c.parsed.status == ParseStatus::NoTrace || c.parsed.status == ParseStatus::Malformed) {
        v.classStep = v.retrievalStep = v.trace = StepVerdict::Wrong;
        return;
    }

    v.classStep =
        c.parsed.labelSpan.found() && equalsIgnoringAsciiCase(c.parsed.label, c.item.goldLabel)
            ? StepVerdict::Ok
            : StepVerdict::Wrong;

    if (v.goldCount == 0)
        v.retrievalStep =
            (v.cited.empty() && v.unmatched.empty()) ? StepVerdict::Ok : StepVerdict::Wrong;
    else if (v.goldCited == v.goldCount)
        v.retrievalStep = StepVerdict::Ok;
    else
        v.retrievalStep = v.goldCited > 0 ? StepVerdict::Partial : StepVerdict::Wrong;

    v.trace = traceFromSteps(v.classStep, v.retrievalStep);  // Ok, Partial or Wrong
}

}  // namespace ts
