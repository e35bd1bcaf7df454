#pragma once
// The workbench's own predictions format: JSON Lines, one object per item,
//   {"item_id": "equal/17", "prediction": "<think>...", ...run metadata}
// where any other key (model, adapter, seed, run, ...) is kept as metadata.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jobs/progress.h"
#include "core/score/scoring_pair.h"

namespace ts {

struct NativePrediction {
    std::string itemId;
    std::string prediction;
    std::size_t line = 0;
    nlohmann::json meta = nlohmann::json::object();
};

// Throws ts::Error (file, line, key) for malformed JSON, a missing or
// non-string item_id/prediction, or a duplicate item_id. Checks progress for
// cancellation every 256 lines (ts::Cancelled).
std::vector<NativePrediction> readNativePredictions(const std::filesystem::path& path,
                                                    const ProgressSink& progress = {});

// Matches predictions to the dataset's items by id; an unknown id is an
// error naming the file and line. The legacy gold table is built from the
// dataset's items (legacyGoldTableFromItems) when the kind allows it.
ScoringPair pairNativePredictions(const std::filesystem::path& path,
                                  const std::vector<NativePrediction>& predictions,
                                  const Dataset& dataset);

}  // namespace ts
