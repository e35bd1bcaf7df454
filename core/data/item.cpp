#include "core/data/item.h"

#include <unordered_set>

#include "core/util/error.h"

namespace ts {

std::string_view datasetKindName(DatasetKind kind) {
    switch (kind) {
        case DatasetKind::CoTempQA: return "cotempqa";
        case DatasetKind::Babi: return "babi";
        case DatasetKind::MsMarco: return "msmarco";
        case DatasetKind::Generic: return "generic";
    }
    return "generic";
}

std::optional<DatasetKind> parseDatasetKind(std::string_view name) {
    if (name == "cotempqa") return DatasetKind::CoTempQA;
    if (name == "babi") return DatasetKind::Babi;
    if (name == "msmarco" || name == "marco") return DatasetKind::MsMarco;
    if (name == "generic") return DatasetKind::Generic;
    return std::nullopt;
}

std::vector<std::string> Item::contextTexts() const {
    std::vector<std::string> out;
    out.reserve(context.size());
    for (const auto& u : context) out.push_back(u.text);
    return out;
}

std::vector<std::string> Item::goldUnitTexts() const {
    std::vector<std::string> out;
    out.reserve(goldRetrieval.size());
    for (int i : goldRetrieval) out.push_back(context.at(static_cast<std::size_t>(i)).text);
    return out;
}

void validateDataset(const Dataset& dataset) {
    std::unordered_set<std::string> ids;
    for (const auto& item : dataset.items) {
        if (item.id.empty()) throw Error("item with an empty id in dataset '" + dataset.name + "'");
        if (!ids.insert(item.id).second)
            throw Error("duplicate item id '" + item.id + "' in dataset '" + dataset.name + "'");
        int prev = -1;
        for (int idx : item.goldRetrieval) {
            if (idx < 0 || static_cast<std::size_t>(idx) >= item.context.size())
                throw Error("item '" + item.id + "': gold retrieval index " + std::to_string(idx) +
                            " outside its " + std::to_string(item.context.size()) + " context units");
            if (idx <= prev)
                throw Error("item '" + item.id + "': gold retrieval indices must be ascending and unique");
            prev = idx;
        }
    }
}

}  // namespace ts
