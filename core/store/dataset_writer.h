#pragma once
// Storing a loaded ts::Dataset (core/data/item.h) in a project. Items are
// shared by every run on the dataset (paired comparisons need that), so adding
// a dataset again only adds the items not yet stored - and refuses items whose
// stored content differs, which would silently mix two versions of a question.
#include <string>
#include <unordered_map>

#include "core/data/item.h"
#include "core/store/project.h"

namespace ts::store {

struct DatasetWriteResult {
    long long datasetId = 0;
    long long itemsAdded = 0;
    long long itemsAlreadyStored = 0;
    // Item::id -> items.id for every item of the dataset passed in.
    std::unordered_map<std::string, long long> itemRowIds;
};

// Adds the dataset (by name) and its missing items in one transaction.
// Throws ts::Error when the dataset fails validateDataset(), when a dataset of
// that name has another kind, or when a stored item with the same id differs
// (question, answers, label, retrieval or context).
DatasetWriteResult addDataset(Project& project, const Dataset& dataset);

namespace detail {
// The same, inside a transaction the caller holds (imports).
DatasetWriteResult writeDataset(Database& db, const Dataset& dataset);
// JSON text for the store, never throwing on invalid UTF-8 (replaced by U+FFFD).
std::string jsonText(const nlohmann::json& j);
}  // namespace detail

}  // namespace ts::store
