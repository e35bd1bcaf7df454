#pragma once
// Writing runs: an import stores a run's dataset items, the run, its raw
// predictions and their verdicts under every rule in ONE transaction, so a
// failure, a cancellation or a killed process leaves the project exactly as it
// was. Re-scoring an existing run replaces one rule's verdicts the same way.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/score/trace_type.h"

#include "core/data/item.h"
#include "core/jobs/progress.h"
#include "core/score/verdict.h"
#include "core/store/project.h"

namespace ts::store {

struct RunInfo {
    std::string name;  // unique in the project
    std::string model;
    std::string checkpoint;
    std::string condition;  // e.g. "correct-trace", "perturbed-trace"
    TraceType traceType = TraceType::RuleBased;  // free-form kinds wait for human verdicts
    std::optional<long long> seed;
    nlohmann::json hyperParameters = nlohmann::json::object();
    // How the run got here (format, prediction and gold files), for provenance.
    nlohmann::json source = nlohmann::json::object();
};

struct PredictionRecord {
    std::string itemId;                 // Item::id within the run's dataset
    std::string text;                   // the raw prediction
    std::vector<ItemVerdict> verdicts;  // at most one per rule, itemId must match
};

struct ImportSummary {
    long long runId = 0;
    long long datasetId = 0;
    long long itemsAdded = 0;
    long long predictions = 0;
    long long verdicts = 0;
};

// One transaction: the dataset's missing items (see dataset_writer.h), the run,
// its predictions and verdicts. Throws ts::Error (nothing written) when the run
// name exists, a prediction names an item not in the dataset or appears twice,
// a verdict's itemId differs from its prediction's, or a rule repeats;
// ts::Cancelled when the progress sink asks to stop.
ImportSummary importRun(Project& project, const Dataset& dataset, const RunInfo& run,
                        const std::vector<PredictionRecord>& predictions,
                        const ProgressSink& progress = {});

// Replaces the verdicts of one rule for an existing run (a scoring run), in one
// transaction, and drops that run's cached tables. Every verdict must name an
// item the run has a prediction for.
void replaceVerdicts(Project& project, const std::string& runName, ScoringRuleKind rule,
                     const std::vector<ItemVerdict>& verdicts, const ProgressSink& progress = {});

// Deletes a run with its predictions, verdicts, annotations and cached tables.
// Throws ts::Error for an unknown run.
void deleteRun(Project& project, const std::string& runName);

}  // namespace ts::store
