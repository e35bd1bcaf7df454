#pragma once
// What a project holds: its datasets and runs with their counts (the GUI's
// project overview and `tracescope-cli` listings), and a stored dataset read
// back as a ts::Dataset (for re-scoring a run without its source files).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/item.h"
#include "core/score/trace_type.h"
#include "core/store/project.h"

namespace ts::store {

struct DatasetSummary {
    long long id = 0;
    std::string name;
    std::string kind;  // datasetKindName()
    std::vector<std::string> sourceFiles;
    std::string createdAt;
    long long items = 0;
    long long runs = 0;
};

struct RunSummary {
    long long id = 0;
    std::string name;
    long long datasetId = 0;
    std::string dataset;
    std::string model;
    std::string checkpoint;
    std::string condition;
    TraceType traceType = TraceType::RuleBased;
    std::optional<long long> seed;
    nlohmann::json hyperParameters;
    nlohmann::json source;
    std::string createdAt;
    long long predictions = 0;
    long long strictVerdicts = 0;
    long long legacyVerdicts = 0;
    long long annotatedItems = 0;  // items with at least one annotation
};

std::vector<DatasetSummary> listDatasets(Project& project);
// In creation order.
std::vector<RunSummary> listRuns(Project& project);
// Throws ts::Error for an unknown run.
RunSummary runSummary(Project& project, const std::string& runName);

// The stored dataset as loaded (items in stored order). Throws ts::Error for
// an unknown name.
Dataset loadDataset(Project& project, const std::string& name);

}  // namespace ts::store
