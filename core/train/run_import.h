#pragma once
// Scores a native predictions file under the strict rule (and the legacy rule
// where the dataset allows it) and stores the run in the project in one
// transaction (torch-free).
#include <filesystem>

#include "core/data/item.h"
#include "core/jobs/progress.h"
#include "core/store/project.h"
#include "core/store/run_writer.h"

namespace ts::train {

// Every item of `dataset` must be answered exactly once (an incomplete file
// is an error naming the missing count: finish the inference first).
store::ImportSummary importPredictions(store::Project& project, const Dataset& dataset,
                                       const store::RunInfo& info, const std::filesystem::path& predictions,
                                       const ProgressSink& progress = {});

}  // namespace ts::train
