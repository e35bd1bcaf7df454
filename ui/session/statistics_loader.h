#pragma once
// What the statistics page asks the store for, run on the query worker: the
// current run's three tables (core computes counts and statistics and caches
// them), P(answer ok | trace ok/bad) of every run under the same rule for the
// chart, and answer accuracy per gold label of the current run (one GROUP BY
// over the whole run in core, never just the rows the item table has loaded).
#include <optional>
#include <string>
#include <vector>

#include "core/store/pooled_tables.h"
#include "core/store/rule_agreement.h"
#include "core/store/run_tables.h"

namespace ts::ui {

struct RunConditional {
    long long runId = 0;
    std::string runName;
    stats::Proportion okGivenStepOk;
    stats::Proportion okGivenStepBad;
    stats::Proportion answerAccuracy;  // over every item with a verdict
};

struct LabelAccuracy {
    std::string label;
    long long answerOk = 0;
    long long items = 0;
};

struct StatisticsData {
    store::RunTables tables;  // the current run's, or the pooled sums
    std::vector<RunConditional> runs;  // every run, in catalogue order
    // Human rule: how often the strict rule agrees with the people who judged
    // each step of the current run.
    std::vector<store::RuleHumanAgreement> agreement;
    // Pooled (two or more runs): the strata and the CMH tests.
    std::optional<store::PooledTables> pooled;
};

struct StatisticsRequest {
    long long runId = 0;
    std::vector<std::pair<long long, std::string>> allRuns;  // id, name
    store::VerdictView view;
    RetrievalMode mode = RetrievalMode::All;
    MissingTrace missingTrace = MissingTrace::Wrong;
    store::TraceStep chartStep = store::TraceStep::Trace;
    std::vector<std::string> pooledRuns;  // names; two or more: the tables are pooled over them
};

// Stage 1: the tables (cached by core) and the per-run chart.
StatisticsData loadStatistics(store::Project& project, const StatisticsRequest& request);
// Stage 2: accuracy per gold label over every item of the run (a scan of the
// run's verdicts: slower than the cached tables, so they never wait for it).
// Labels without an item with a verdict under the rule are left out.
std::vector<LabelAccuracy> loadLabelAccuracy(store::Project& project, const StatisticsRequest& request);

}  // namespace ts::ui
