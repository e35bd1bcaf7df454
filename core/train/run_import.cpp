#include "core/train/run_import.h"

#include "core/score/native_predictions.h"
#include "core/score/run_scorer.h"
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
    std::vector<RunScore> scores;
    scores.push_back(scoreRun({pair}, {ScoringRuleKind::Strict, RetrievalMode::All}, progress.stage(0, 0.3)));
    if (pair.legacyGold)
        scores.push_back(scoreRun({pair}, {ScoringRuleKind::Legacy, RetrievalMode::All}, progress.stage(0.3, 0.6)));
    std::vector<store::PredictionRecord> records;
    records.reserve(pair.items.size());
    for (std::size_t i = 0; i < pair.items.size(); ++i) {
        store::PredictionRecord r;
        r.itemId = pair.items[i].id;
        r.text = pair.predictions[i];
        for (const auto& s : scores) r.verdicts.push_back(s.pairs.front().verdicts[i]);
        records.push_back(std::move(r));
    }
    return store::importRun(project, dataset, info, records, progress.stage(0.6, 1.0));
}

}  // namespace ts::train
