#pragma once
// What the item table asks the store for, run on the query worker: a whole
// result set (complete when small, else its row count and first pages) and
// further pages on demand. Bare datasets (no run) list their items with the
// gold class and the number of gold units.
#include <string>
#include <unordered_map>
#include <vector>

#include "core/store/annotations.h"
#include "core/store/project.h"
#include "ui/models/item_table_model.h"

namespace ts::ui {

struct ItemListRequest {
    long long runId = 0;      // 0: the items of datasetName
    std::string datasetName;  // dataset mode
    store::ItemFilter filter;  // rule and mode already set
    bool human = false;        // attach the annotators' verdict overrides
    std::string annotator;     // whose overrides win when several annotated an item
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

// The overrides to draw per item: the given annotator's when present, else
// the most recently updated annotator's.
std::unordered_map<std::string, StepOverrides> humanOverrides(
    const std::vector<store::Annotation>& annotations, const std::string& annotator);

}  // namespace ts::ui
