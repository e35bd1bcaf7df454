#include "ui/session/item_list_loader.h"

#include <QString>

#include <set>

#include "core/store/catalog.h"
#include "core/store/gold_labels.h"

namespace ts::ui {

namespace {

// Dataset mode has no verdicts and no FTS over a run's predictions; the gold
// label and the words of the text filter still narrow the list.
bool datasetItemMatches(const Item& item, const store::ItemFilter& f, const QStringList& words) {
    if (f.goldLabel && item.goldLabel != *f.goldLabel) return false;
    if (words.isEmpty()) return true;
    QString haystack = QString::fromStdString(item.question);
    for (const auto& u : item.context) haystack += QLatin1Char('\n') + QString::fromStdString(u.text);
    for (const QString& w : words)
        if (!haystack.contains(w, Qt::CaseInsensitive)) return false;
    return true;
}

ItemListResult loadDatasetItems(store::Project& project, const ItemListRequest& request) {
    auto loaded = std::make_shared<Dataset>(store::loadDataset(project, request.datasetName));
    const Dataset& dataset = *loaded;
    const QStringList words =
        QString::fromStdString(request.filter.text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    ItemListResult result;
    result.datasetMode = true;
    result.complete = true;
    std::set<std::string> labels;
    for (const Item& item : dataset.items)
        if (!item.goldLabel.empty()) labels.insert(item.goldLabel);
    result.goldLabels.assign(labels.begin(), labels.end());
    for (const Item& item : dataset.items) {
        if (!datasetItemMatches(item, request.filter, words)) continue;
        store::ItemRow row;
        row.itemId = item.id;
        row.question = item.question;
        row.goldLabel = item.goldLabel;
        result.rows.push_back(std::move(row));
        result.goldUnits.push_back(static_cast<int>(item.goldRetrieval.size()));
    }
    result.total = static_cast<long long>(result.rows.size());
    result.dataset = std::move(loaded);
    return result;
}

}  // namespace

ItemListResult loadItemList(store::Project& project, const ItemListRequest& request) {
    if (request.runId == 0) return loadDatasetItems(project, request);
    ItemListResult result;
    store::ItemFilter filter = request.filter;
    filter.limit = 2 * ItemTableModel::kPageSize;
    filter.offset = 0;
    result.rows = store::findItems(project, request.runId, filter);
    result.goldLabels = store::goldLabelsOfRun(project, request.runId);
    if (static_cast<long long>(result.rows.size()) < filter.limit) {
        result.total = static_cast<long long>(result.rows.size());
        result.complete = true;
    } else if (request.knownTotal >= 0) {
        result.total = request.knownTotal;
    } else {
        result.total = static_cast<long long>(result.rows.size());
        result.countPending = true;
    }
    return result;
}

long long countItemList(store::Project& project, const ItemListRequest& request) {
    return store::countItems(project, request.runId, request.filter);
}

std::vector<store::ItemRow> loadAllItems(store::Project& project, const ItemListRequest& request) {
    store::ItemFilter filter = request.filter;
    filter.limit = -1;
    filter.offset = 0;
    return store::findItems(project, request.runId, filter);
}

std::vector<store::ItemRow> loadItemPage(store::Project& project, const ItemListRequest& request,
                                         int page) {
    store::ItemFilter filter = request.filter;
    filter.limit = ItemTableModel::kPageSize;
    filter.offset = static_cast<long long>(page) * ItemTableModel::kPageSize;
    return store::findItems(project, request.runId, filter);
}

std::optional<store::ItemRow> loadItemRow(store::Project& project, const ItemListRequest& request,
                                          const std::string& itemId) {
    store::ItemFilter filter;
    filter.view = request.filter.view;
    filter.mode = request.filter.mode;
    filter.itemKeys = {itemId};
    auto rows = store::findItems(project, request.runId, filter);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

}  // namespace ts::ui
