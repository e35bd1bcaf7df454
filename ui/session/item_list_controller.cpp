#include "ui/session/item_list_controller.h"

namespace ts::ui {

ItemListController::ItemListController(ProjectSession* session, FilterStack* filters,
                                       ItemTableModel* model, QObject* parent)
    : QObject(parent), session_(session), filters_(filters), model_(model) {
    connect(session_, &ProjectSession::selectionChanged, this, &ItemListController::reload);
    connect(session_, &ProjectSession::ruleChanged, this, &ItemListController::reload);
    connect(session_, &ProjectSession::projectClosed, this, [this] {
        channel_.invalidate();
        model_->clear();
    });
    connect(session_, &ProjectSession::annotationsChanged, this, [this](long long runId, const QString& itemId) {
        if (runId == request_.runId && request_.filter.view.rule == store::VerdictRule::Human)
            refreshRow(itemId.toStdString());
    });
    connect(filters_, &FilterStack::changed, this, &ItemListController::reload);
    connect(model_, &ItemTableModel::pageWanted, this, &ItemListController::fetchPage);
}

void ItemListController::reload() {
    const store::RunSummary* run = session_->currentRun();
    const store::DatasetSummary* dataset = session_->currentDataset();
    if (!session_->isOpen() || (!run && !dataset)) {
        channel_.invalidate();
        busy_ = false;
        model_->clear();
        return;
    }
    ItemListRequest request;
    request.runId = run ? run->id : 0;
    request.datasetName = dataset ? dataset->name : std::string();
    request.filter = filters_->current();
    request.filter.view = session_->verdictView();
    request.filter.mode = session_->retrievalMode();
    // An unfiltered run lists every prediction: the catalogue knows how many.
    if (run && sameFilter(request.filter, {})) request.knownTotal = run->predictions;
    request_ = request;
    busy_ = true;
    timer_.start();
    session_->reader().run<ItemListResult>(
        this, [request](store::Project& p) { return loadItemList(p, request); },
        [this](ItemListResult result) {
            const bool countPending = result.countPending;
            const bool complete = result.complete;
            const long long total = result.total;
            model_->setResult(std::move(result));
            busy_ = countPending;
            Q_EMIT loaded(total, timer_.elapsed());
            if (countPending)
                fetchCount();
            else if (!complete && total <= kCompleteLimit)
                fetchAll();
            else if (complete)
                Q_EMIT counted(total, timer_.elapsed());
        },
        [this](const QString& message) {
            busy_ = false;
            model_->clear();
            Q_EMIT failed(message);
        },
        channel_.next());
}

void ItemListController::fetchCount() {
    const ItemListRequest request = request_;
    session_->reader().run<long long>(
        this, [request](store::Project& p) { return countItemList(p, request); },
        [this](long long total) {
            model_->setTotal(total);
            busy_ = false;
            if (total <= kCompleteLimit)
                fetchAll();
            else
                Q_EMIT counted(total, timer_.elapsed());
        },
        [this](const QString& message) {
            busy_ = false;
            Q_EMIT failed(message);
        },
        channel_.currentTicket());
}

void ItemListController::fetchAll() {
    const ItemListRequest request = request_;
    session_->reader().run<std::vector<store::ItemRow>>(
        this, [request](store::Project& p) { return loadAllItems(p, request); },
        [this](std::vector<store::ItemRow> rows) {
            model_->setAllRows(std::move(rows));
            Q_EMIT counted(model_->totalRows(), timer_.elapsed());
        },
        [this](const QString& message) { Q_EMIT failed(message); }, channel_.currentTicket());
}

void ItemListController::fetchPage(int page) {
    if (request_.runId == 0) return;
    const ItemListRequest request = request_;
    session_->reader().run<std::vector<store::ItemRow>>(
        this, [request, page](store::Project& p) { return loadItemPage(p, request, page); },
        [this, page](std::vector<store::ItemRow> rows) { model_->addPage(page, std::move(rows)); },
        [this](const QString& message) { Q_EMIT failed(message); }, channel_.currentTicket());
}

void ItemListController::refreshRow(const std::string& itemId) {
    const ItemListRequest request = request_;
    session_->reader().run<std::optional<store::ItemRow>>(
        this, [request, itemId](store::Project& p) { return loadItemRow(p, request, itemId); },
        [this](std::optional<store::ItemRow> row) {
            if (row) model_->updateRow(*row);
        },
        {}, channel_.currentTicket());  // dropped when the list reloaded meanwhile
}

}  // namespace ts::ui
