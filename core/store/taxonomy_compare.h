#pragma once
// Two runs on the same items compared by taxonomy (docs/analysis.md): per
// error type, over the items both runs have where the type's group was
// looked at in both, how many items carry the type in each run, in both, in
// only one; McNemar's test on the discordant items (b = only in run A,
// c = only in run B) with Holm's adjustment over the types; and the paired
// answer comparison of core/store/paired_runs.h for reference.
#include <string>
#include <vector>

#include "core/score/error_types.h"
#include "core/stats/mcnemar.h"
#include "core/store/paired_runs.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

struct TypeComparison {
    ErrorType type = ErrorType::NoTrace;
    long long pairs = 0;  // paired items in the type's population in both runs
    long long presentA = 0, presentB = 0;
    long long both = 0, onlyA = 0, onlyB = 0;
    stats::McNemarResult mcnemar;  // b = onlyA, c = onlyB
    double exactPHolm = 0.0;       // NaN where there is no discordant item
};

struct TaxonomyComparison {
    std::string runA, runB;
    PairedComparison answer;            // the answers, paired (McNemar, flipped items)
    std::vector<TypeComparison> types;  // allErrorTypes() order
};

// Throws ts::Error for an unknown run or runs on different datasets.
TaxonomyComparison compareTaxonomies(Project& project, const std::string& runA,
                                     const std::string& runB, const VerdictView& view);

}  // namespace ts::store
