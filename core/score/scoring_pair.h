#pragma once
// A predictions file matched to the items it answers: the unit the scorer
// works on. Built by the Trace_Check_QA reader (predictions + gold CSV) or
// the native reader (predictions JSONL + a loaded dataset).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/score/legacy_rule.h"

namespace ts {

struct ScoringPair {
    std::string predictionsPath;
    std::string goldPath;  // the gold CSV or the dataset's source
    DatasetKind kind = DatasetKind::Generic;
    // One entry per prediction, in file order: the matched item, the raw
    // prediction text and the line it was read from.
    std::vector<Item> items;
    std::vector<std::string> predictions;
    std::vector<std::size_t> lines;
    // The gold rows as the legacy rule reads them (file order).
    std::shared_ptr<const LegacyGoldTable> legacyGold;
    // Gold rows / dataset items that no prediction answered (not an error:
    // a partial run; front ends should say so).
    std::size_t unansweredItems = 0;
};

enum class PredictionFormat {
    TraceCheckQa,  // Trace_Check_QA evaluation_outputs: input, prediction, gold, ...
    Native,        // {"item_id", "prediction", optional run metadata}
};

// Reads the first non-blank line. Throws ts::Error naming the file and line
// when it is not a JSON object of either format.
PredictionFormat detectPredictionFormat(const std::filesystem::path& path);

}  // namespace ts
