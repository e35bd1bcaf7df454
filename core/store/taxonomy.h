#pragma once
// Which errors hurt the answer (docs/analysis.md): per error type of a run
// under a rule, the 2x2 table type present / absent x answer ok / wrong with
// the statistics of core/stats, ranked by how much lower the answer accuracy
// is with the type than without; and the same over several runs pooled, with
// the Cochran-Mantel-Haenszel test over the runs as strata, ranked by the
// Mantel-Haenszel common odds ratio (the association within the runs: a
// summed table can show one no run has, or hide one).
//
// A type's population is the items where its group was looked at: the class
// types over the items whose class step the stored rule judged, the
// retrieval types over those whose retrieval step it judged, the answer
// types over all items; items whose answer is unevaluated under the view are
// left out. The table reuses stats::TwoByTwo with "step ok" = type absent and
// "step bad" = type present, so phi > 0 and an odds ratio > 1 mean the type
// goes with wrong answers, as a wrong step does in the step tables.
#include <string>
#include <vector>

#include "core/score/error_types.h"
#include "core/stats/contingency.h"
#include "core/stats/mantel_haenszel.h"
#include "core/store/class_confusion.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

struct TypeTable {
    ErrorType type = ErrorType::NoTrace;
    long long present = 0;
    long long population = 0;
    stats::TableStatistics statistics;  // ok_* = type absent, bad_* = type present
    // P(answer ok | absent) - P(answer ok | present); NaN when either is undefined.
    double accuracyDrop = 0.0;
    // Holm over the ranked types present in some item; NaN for the others.
    double fisherPHolm = 0.0;
    // Among the types that can co-occur with a right answer
    // (canCoOccurWithRightAnswer): 1 = the largest drop; then (undefined
    // drops last) the smaller Fisher p (pooled: CMH p), then the taxonomy's
    // order. 0 for the answer types that define a wrong answer (not ranked).
    int rank = 0;
};

struct RunTaxonomy {
    std::string run;
    long long runId = 0;
    std::string dataset;
    VerdictView view;
    long long items = 0;  // items with a verdict and an evaluated answer
    long long answerOk = 0;
    ClassConfusion confusion;
    std::vector<TypeTable> types;  // allErrorTypes() order
};

// Throws ts::Error for an unknown run.
RunTaxonomy runTaxonomy(Project& project, const std::string& runName, const VerdictView& view);

struct PooledTypeTable {
    ErrorType type = ErrorType::NoTrace;
    std::vector<stats::TwoByTwo> strata;  // one per run, in the order given
    long long present = 0, population = 0;
    stats::TableStatistics pooled;  // the cell-wise sum
    stats::MantelHaenszel cmh;
    double accuracyDrop = 0.0;  // of the summed table
    // As TypeTable::rank, by the common odds ratio (then the CMH p).
    int rank = 0;
};

struct PooledTaxonomy {
    std::vector<std::string> runs;
    std::vector<PooledTypeTable> types;  // allErrorTypes() order
};

// Needs two or more runs (throws ts::Error otherwise).
PooledTaxonomy pooledTaxonomy(const std::vector<RunTaxonomy>& runs);

}  // namespace ts::store
