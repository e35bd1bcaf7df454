#pragma once
// How far the automatic rule can be trusted: per step, over the items a
// person judged (an override that counts under the human rule's policy,
// effective_verdicts.h), the strict rule's verdict against the person's -
// a 2x2 of ok / not ok, the share that agrees, Cohen's kappa, and the items
// where they disagree.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/stats/agreement.h"
#include "core/store/annotations.h"
#include "core/store/project.h"

namespace ts::store {

struct RuleDisagreement {
    std::string itemId;
    StepVerdict rule = StepVerdict::Wrong;   // the strict rule's verdict
    StepVerdict human = StepVerdict::Wrong;  // the person's (the counting override)
};

struct RuleHumanAgreement {
    AnnotationTarget step = AnnotationTarget::Trace;  // class, retrieval, trace or answer
    long long judged = 0;                             // items with a counting override on the step
    long long bothOk = 0, ruleOkHumanBad = 0, ruleBadHumanOk = 0, bothBad = 0;
    long long agree() const { return bothOk + bothBad; }
    stats::KappaResult kappa;                   // over the judged items, ok vs not ok
    std::vector<RuleDisagreement> disagreeing;  // in stored item order
};

// The four steps in the order class, retrieval, trace, answer. annotator:
// whose overrides count (empty: the majority, as the human rule). An
// override of "unevaluated" is not a judgment of ok or wrong and is left out.
// Throws ts::Error for an unknown run.
std::vector<RuleHumanAgreement> ruleVersusHuman(Project& project, long long runId,
                                                const std::string& annotator,
                                                RetrievalMode mode = RetrievalMode::All);

// [{"step", "judged", "agree", "rule_ok_human_bad", "rule_bad_human_ok",
//   "kappa", "disagreeing": [item ids]}, ...]
nlohmann::ordered_json ruleVersusHumanJson(const std::vector<RuleHumanAgreement>& steps);

}  // namespace ts::store
