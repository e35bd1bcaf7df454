#pragma once
// Two runs scored on the same items (same dataset): which items flipped
// between them on one outcome (the answer, or a trace step), and McNemar's
// test on the discordant pairs.
#include <string>
#include <vector>

#include "core/score/verdict.h"
#include "core/stats/mcnemar.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

enum class PairedOutcome { Answer, Class, Retrieval, Trace };

struct FlippedItem {
    long long itemRowId = 0;
    std::string itemId;
    bool okInA = false;  // then !okInB: A right, B wrong; otherwise the reverse
};

struct PairedComparison {
    long long pairs = 0;     // items with a verdict in both runs, excluded ones included
    long long excluded = 0;  // the outcome is Unevaluated in either run
    long long bothOk = 0, onlyA = 0, onlyB = 0, bothBad = 0;
    stats::McNemarResult mcnemar;      // b = onlyA, c = onlyB
    std::vector<FlippedItem> flipped;  // in stored item order
};

// Throws ts::Error for an unknown run or runs on different datasets.
PairedComparison comparePairedRuns(Project& project, const std::string& runA,
                                   const std::string& runB, const VerdictView& view,
                                   PairedOutcome outcome, RetrievalMode mode = RetrievalMode::All);

}  // namespace ts::store
