#include "core/score/native_predictions.h"

#include <unordered_map>

#include "core/score/json_lines.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

std::vector<NativePrediction> readNativePredictions(const std::filesystem::path& path,
                                                    const ProgressSink& progress) {
    const std::string file = path.string();
    std::vector<NativePrediction> out;
    std::unordered_map<std::string, std::size_t> seen;
    forEachJsonLine(path, [&](const nlohmann::json& rec, std::size_t line) {
        if (line % 256 == 0) progress.checkCancelled();
        NativePrediction p;
        p.line = line;
        p.itemId = requireString(rec, "item_id", file, line);
        p.prediction = requireString(rec, "prediction", file, line);
        if (const auto [it, fresh] = seen.emplace(p.itemId, line); !fresh)
            throw Error("duplicate item_id '" + p.itemId + "' (first on line " +
                            std::to_string(it->second) + ")",
                        {file, line, "item_id"});
        for (const auto& [key, value] : rec.items())
            if (key != "item_id" && key != "prediction") p.meta[key] = value;
        out.push_back(std::move(p));
    });
    return out;
}

ScoringPair pairNativePredictions(const std::filesystem::path& path,
                                  const std::vector<NativePrediction>& predictions,
                                  const Dataset& dataset) {
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) byId.emplace(dataset.items[i].id, i);

    ScoringPair pair;
    pair.predictionsPath = path.string();
    pair.goldPath = dataset.sourceFiles.empty() ? dataset.name : join(dataset.sourceFiles, ", ");
    pair.kind = dataset.kind;
    for (const NativePrediction& p : predictions) {
        const auto it = byId.find(p.itemId);
        if (it == byId.end())
            throw Error("no item '" + p.itemId + "' in dataset '" + dataset.name + "'",
                        {pair.predictionsPath, p.line, "item_id"});
        pair.items.push_back(dataset.items[it->second]);
        pair.predictions.push_back(p.prediction);
        pair.lines.push_back(p.line);
    }
    pair.unansweredItems = dataset.items.size() - predictions.size();
    if (dataset.kind != DatasetKind::Generic)
        pair.legacyGold = std::make_shared<const LegacyGoldTable>(
            legacyGoldTableFromItems(dataset.kind, dataset.items, pair.goldPath));
    return pair;
}

}  // namespace ts
