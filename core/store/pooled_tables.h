#pragma once
// Several runs' tables under one rule, summed cell by cell, with the
// Cochran-Mantel-Haenszel test and the Mantel-Haenszel common odds ratio over
// the runs as strata: the paper pools models and datasets, and a pooled
// table alone can show an association no single run has (or hide one).
#include <array>
#include <string>
#include <vector>

#include "core/stats/mantel_haenszel.h"
#include "core/stats/table_report.h"
#include "core/store/run_tables.h"

namespace ts::store {

struct PooledTables {
    std::vector<std::string> runNames;
    std::vector<RunTables> strata;             // one per run, in the order given
    RunTables pooled;                          // the cell-wise sums (runId 0) and their statistics
    std::array<stats::MantelHaenszel, 3> cmh;  // class, retrieval, trace
};

// Throws ts::Error for an unknown run, or fewer than two runs.
PooledTables pooledTables(Project& project, const std::vector<std::string>& runNames,
                          const VerdictView& view, RetrievalMode mode = RetrievalMode::All,
                          MissingTrace missing = MissingTrace::Wrong);

// The pooled tables with a CMH line per step, for the one table formatter.
stats::TableReport pooledReport(const PooledTables& pooled);

}  // namespace ts::store
