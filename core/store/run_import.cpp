#include "core/store/run_import.h"

#include <unordered_set>

#include "core/data/dataset_loader.h"
#include "core/score/native_predictions.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/util/error.h"

namespace ts::store {

std::string_view toString(ImportFormat f) {
    return f == ImportFormat::TraceCheckQa ? "trace-check-qa" : "jsonl";
}

std::optional<ImportFormat> parseImportFormat(std::string_view name) {
    if (name == "trace-check-qa") return ImportFormat::TraceCheckQa;
    if (name == "jsonl") return ImportFormat::Jsonl;
    return std::nullopt;
}

namespace {

void requireKind(const Dataset& d, DatasetKind expected, const std::filesystem::path& gold) {
    if (d.kind != expected)
        throw Error("the gold file holds a " + std::string(datasetKindName(d.kind)) +
                        " dataset, but the import is for " + std::string(datasetKindName(expected)),
                    ErrorLocation(gold.string()));
}

void requirePredictionFormat(const std::filesystem::path& path, ImportFormat format) {
    const PredictionFormat found = detectPredictionFormat(path);
    const PredictionFormat wanted = format == ImportFormat::TraceCheckQa
                                        ? PredictionFormat::TraceCheckQa
                                        : PredictionFormat::Native;
    if (found != wanted)
        throw Error(std::string("the predictions are in the ") +
                        (found == PredictionFormat::Native ? "native jsonl" : "trace-check-qa") +
                        " format, but the import format is " + std::string(toString(format)),
                    ErrorLocation(path.string()));
}

Dataset runDataset(DatasetKind kind, const std::vector<ScoringPair>& pairs,
                   const std::string& name) {
    Dataset d;
    d.kind = kind;
    d.name = name.empty() ? std::string(datasetKindName(kind)) : name;
    std::unordered_set<std::string> seen;
    for (const ScoringPair& p : pairs) {
        d.sourceFiles.push_back(p.goldPath);
        for (const Item& item : p.items)
            if (seen.insert(item.id).second) d.items.push_back(item);
    }
    return d;
}

}  // namespace

std::vector<ScoringPair> readImportPairs(ImportFormat format, DatasetKind kind,
                                         const std::vector<ImportPairSpec>& specs,
                                         const LoadOptions& options) {
    std::vector<ScoringPair> pairs;
    for (const ImportPairSpec& s : specs) {
        requirePredictionFormat(s.predictions, format);
        if (format == ImportFormat::TraceCheckQa) {
            const Dataset gold = loadDatasetFile(s.gold, DatasetFormat::TraceCheckQaCsv);
            requireKind(gold, kind, s.gold);
            pairs.push_back(readTraceCheckQaPair(s.predictions, s.gold, gold, kind));
        } else {
            const Dataset gold = loadDataset({s.gold}, DatasetFormat::Auto, options);
            requireKind(gold, kind, s.gold);
            pairs.push_back(
                pairNativePredictions(s.predictions, readNativePredictions(s.predictions), gold));
        }
    }
    return pairs;
}

ScoredImport importScoredRun(Project& project, ImportFormat format, DatasetKind kind, RunInfo run,
                             const std::vector<ScoringPair>& pairs, const ProgressSink& progress,
                             const std::string& datasetName) {
    ScoredImport result;
    ScoringConfig strict;
    strict.traceType = run.traceType;
    result.strict = scoreRun(pairs, strict, progress.stage(0.0, 0.3));
    // The legacy rule reads the paper's templates as substrings: free text
    // would pass or fail it by accident.
    bool legacyPossible = run.traceType == TraceType::RuleBased;
    for (const ScoringPair& p : pairs) legacyPossible = legacyPossible && p.legacyGold != nullptr;
    if (legacyPossible)
        result.legacy =
            scoreRun(pairs, ScoringConfig{ScoringRuleKind::Legacy}, progress.stage(0.3, 0.6));

    std::vector<PredictionRecord> records;
    nlohmann::json files = nlohmann::json::array();
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const ScoringPair& p = pairs[i];
        result.unansweredItems += static_cast<long long>(p.unansweredItems);
        files.push_back({{"predictions", p.predictionsPath},
                         {"gold", p.goldPath},
                         {"unanswered_items", p.unansweredItems}});
        for (std::size_t k = 0; k < p.items.size(); ++k) {
            PredictionRecord r;
            r.itemId = p.items[k].id;
            r.text = p.predictions[k];
            r.verdicts.push_back(result.strict.pairs[i].verdicts[k]);
            if (result.legacy) r.verdicts.push_back(result.legacy->pairs[i].verdicts[k]);
            records.push_back(std::move(r));
        }
    }
    run.source["format"] = std::string(toString(format));
    run.source["pairs"] = files;
    result.stored = importRun(project, runDataset(kind, pairs, datasetName), run, records,
                              progress.stage(0.6, 1.0));
    return result;
}

}  // namespace ts::store
