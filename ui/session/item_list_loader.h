#pragma once
// What the item table asks the store for, run on the query worker: a whole
// result set (complete when small, else its row count and first pages) and
// further pages on demand. Bare datasets (no run) list their items with the
// gold class and the number of gold units.
#include <optional>
#include <string>
#include <vector>

#include "core/store/project.h"
#include "ui/models/item_table_model.h"

namespace ts::ui {

struct ItemListRequest {
    long long runId = 0;      // 0: the items of datasetName
    std::string datasetName;  // dataset mode
    store::ItemFilter filter;  // the session's verdict view and mode already set
    // The row count when it is known without a query (an unfiltered run: its
    // prediction count from the catalogue); -1 when the count must be queried.
    long long knownTotal = -1;
};

// Results up to this size load whole (and can be sorted in memory).
inline constexpr long long kCompleteLimit = 50000;

// Stage 1: the first rows (complete when they are all there is). When more
// rows exist and the total is not known, result.countPending is set and the
// caller asks for countItemList next (stage 2), then, for a result of at most
// kCompleteLimit rows, for loadAllItems (stage 3) so it can be sorted.
ItemListResult loadItemList(store::Project& project, const ItemListRequest& request);
long long countItemList(store::Project& project, const ItemListRequest& request);
std::vector<store::ItemRow> loadAllItems(store::Project& project, const ItemListRequest& request);
std::vector<store::ItemRow> loadItemPage(store::Project& project, const ItemListRequest& request,
                                         int page);

// One item's row under the request's view (its filters aside), to refresh it
// after an annotation; nullopt when the run has no such item.
std::optional<store::ItemRow> loadItemRow(store::Project& project, const ItemListRequest& request,
                                          const std::string& itemId);

}  // namespace ts::ui
