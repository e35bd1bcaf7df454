#pragma once
// The paper-style summary of an experiment's runs, read back from the project
// (torch-free): answer accuracy per condition (mean and spread over seeds),
// the trace x answer 2x2 tables with chi-square, phi and P(answer ok | trace
// ok), per run and pooled per condition, under the strict rule.
#include <cstdint>
#include <string>
#include <vector>

#include "core/stats/contingency.h"
#include "core/store/project.h"
#include "core/train/experiment_spec.h"

namespace ts::train {

struct RunRow {
    std::string runName, dataset, condition;
    std::uint64_t seed = 0;
    long long items = 0;
    long long answerOk = 0;
    long long classOk = 0, retrievalOk = 0, traceOk = 0;
    stats::TableStatistics trace;  // trace x answer
    double answerAccuracy() const { return items ? static_cast<double>(answerOk) / static_cast<double>(items) : 0.0; }
    double traceAccuracy() const { return items ? static_cast<double>(traceOk) / static_cast<double>(items) : 0.0; }
};

struct ConditionRow {
    std::string dataset, condition;
    int runs = 0;
    double answerAccuracyMean = 0.0, answerAccuracySd = 0.0;  // over seeds (sample sd; 0 for one run)
    double traceAccuracyMean = 0.0;
    stats::TableStatistics pooledTrace;  // the runs' trace x answer tables added up
};

struct ExperimentSummary {
    std::vector<RunRow> runs;              // in experiment order; missing runs are left out
    std::vector<ConditionRow> conditions;  // per dataset and condition
    std::vector<std::string> missingRuns;  // not (yet) in the project
};

ExperimentSummary summarizeExperiment(store::Project& project, const ExperimentSpec& spec);

// Plain-text tables for the terminal.
std::string formatSummary(const ExperimentSummary& summary);

}  // namespace ts::train
