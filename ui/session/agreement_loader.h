#pragma once
// Annotator agreement on one target of a run, loaded on the query worker:
// every annotator's verdict override per item, the items where they differ,
// Cohen's kappa for each pair of annotators (core/store annotatorAgreement)
// and Fleiss' kappa over the items every annotator rated (core/stats).
#include <optional>
#include <string>
#include <vector>

#include "core/stats/agreement.h"
#include "core/store/annotations.h"

namespace ts::ui {

struct AgreementRow {
    std::string itemId;
    std::vector<std::optional<StepVerdict>> verdicts;  // one per annotator
    bool disagree = false;
};

struct PairKappa {
    std::string a, b;
    stats::KappaResult kappa;
};

struct AgreementData {
    std::vector<std::string> annotators;
    std::vector<AgreementRow> rows;  // items with an override by at least one annotator
    std::vector<PairKappa> pairs;
    std::optional<stats::KappaResult> fleiss;  // two or more annotators
};

AgreementData loadAgreement(store::Project& project, long long runId, store::AnnotationTarget target);

}  // namespace ts::ui
