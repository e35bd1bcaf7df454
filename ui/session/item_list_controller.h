#pragma once
// Keeps the item table model in step with the session and the filter stack:
// every change of selection, rule, retrieval mode or filter sends one query
// on the "item list" channel (so a superseded list is dropped, never shown),
// and pages the view asks for follow on the same ticket.
#include <QElapsedTimer>
#include <QObject>

#include "ui/models/item_table_model.h"
#include "ui/session/filter_stack.h"
#include "ui/session/item_list_loader.h"
#include "ui/session/project_session.h"

namespace ts::ui {

class ItemListController : public QObject {
    Q_OBJECT
public:
    ItemListController(ProjectSession* session, FilterStack* filters, ItemTableModel* model,
                       QObject* parent = nullptr);

    // Sends the query for the current state (also called on every change).
    void reload();
    bool busy() const { return busy_; }
    const ItemListRequest& lastRequest() const { return request_; }

Q_SIGNALS:
    // Stage 1: the model holds the first rows (total so far, milliseconds).
    void loaded(long long total, qint64 elapsedMs);
    // Stage 2/3: the row count is known (and, when small, every row is loaded).
    void counted(long long total, qint64 elapsedMs);
    void failed(const QString& message);

private:
    void fetchPage(int page);
    void fetchCount();
    void fetchAll();
    // Re-reads one item's row (its verdicts under the human rule changed).
    void refreshRow(const std::string& itemId);

    ProjectSession* session_;
    FilterStack* filters_;
    ItemTableModel* model_;
    RequestChannel channel_;
    ItemListRequest request_;
    QElapsedTimer timer_;
    bool busy_ = false;
};

}  // namespace ts::ui
