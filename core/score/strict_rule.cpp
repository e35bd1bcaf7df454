#include "core/score/strict_rule.h"

#include <algorithm>

#include "core/decompose/msmarco_rule.h"

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
    v.evidence.classSegment =
        c.parsed.classSentenceFound
            ? std::string(c.prediction.substr(c.parsed.classSentence.begin,
                                              c.parsed.classSentence.length()))
            : c.parsed.label;
    for (const std::string& d : c.parsed.classDepartures)
        v.evidence.classReading += (v.evidence.classReading.empty() ? "" : "; ") + d;
    const auto firstGold =
        std::find_if(v.cited.begin(), v.cited.end(), [](const CitedUnit& u) { return u.gold; });
    if (firstGold != v.cited.end()) {
        v.evidence.matchedUnit = firstGold->contextIndex;
        v.evidence.matchedUnitText =
            c.item.context[static_cast<std::size_t>(firstGold->contextIndex)].text;
    }
    // "No Answer Present.": no passage holds the answer, so there is nothing
    // to retrieve; the paper's traces quote the answer itself. The class step
    // and the answer are still judged.
    const bool retrievalApplies = !(c.kind == DatasetKind::MsMarco && marcoNoAnswerPresent(c.item));
    if (!retrievalApplies) v.evidence.unevaluatedReason = UnevaluatedReason::RetrievalNotApplicable;
    if (c.parsed.status == ParseStatus::NoTrace || c.parsed.status == ParseStatus::Malformed) {
        v.classStep = v.retrievalStep = v.trace = StepVerdict::Wrong;
        if (!retrievalApplies) v.retrievalStep = v.trace = StepVerdict::Unevaluated;
        return;
    }

    v.classStep =
        c.parsed.labelSpan.found() && equalsIgnoringAsciiCase(c.parsed.label, c.item.goldLabel)
            ? StepVerdict::Ok
            : StepVerdict::Wrong;

    if (!retrievalApplies)
        v.retrievalStep = StepVerdict::Unevaluated;
    else if (v.goldCount == 0)
        v.retrievalStep =
            (v.cited.empty() && v.unmatched.empty()) ? StepVerdict::Ok : StepVerdict::Wrong;
    else if (v.goldCited == v.goldCount)
        v.retrievalStep = StepVerdict::Ok;
    else
        v.retrievalStep = v.goldCited > 0 ? StepVerdict::Partial : StepVerdict::Wrong;

    v.trace =
        traceFromSteps(v.classStep, v.retrievalStep);  // Ok, Partial, Wrong (Unevaluated: n/a)
}

}  // namespace ts
