#include "core/train/run_import.h"

#include "core/score/native_predictions.h"
#include "core/store/run_import.h"
#include "core/util/error.h"

namespace ts::train {

store::ImportSummary importPredictions(store::Project& project, const Dataset& dataset, const store::RunInfo& info,
                                       const std::filesystem::path& predictions, const ProgressSink& progress) {
    const auto native = readNativePredictions(predictions);
    const ScoringPair pair = pairNativePredictions(predictions, native, dataset);
    if (pair.unansweredItems > 0)
        throw Error(std::to_string(pair.unansweredItems) + " items of '" + dataset.name +
                        "' have no prediction yet; run the inference to the end first",
                    {predictions.string()});
    return store::importScoredRun(project, store::ImportFormat::Jsonl, dataset.kind, info, {pair}, progress,
                                  dataset.name)
        .stored;
}

}  // namespace ts::train
