#pragma once
// The centre of the window: the filter bar over the item table. Owns the
// table model and the controller that feeds it; says which item is current.
#include <QWidget>

#include "core/store/item_query.h"

class QTableView;

namespace ts::ui {

class FilterBar;
class FilterStack;
class ItemListController;
class ItemTableModel;
class ProjectSession;

class ItemTablePage : public QWidget {
    Q_OBJECT
public:
    explicit ItemTablePage(ProjectSession* session, QWidget* parent = nullptr);

    ItemTableModel* model() const { return model_; }
    FilterStack* filters() const { return filters_; }
    FilterBar* filterBar() const { return bar_; }
    QTableView* view() const { return view_; }
    ItemListController* controller() const { return controller_; }

    // Moves the current row by delta (j/k, arrows) and shows that item.
    void step(int delta);
    // Narrows the list to one cell of a 2x2 table (a click on the statistics page).
    void filterToCell(const store::TableCell& cell);
    // Exactly these items (e.g. where the rule and a person disagree).
    void filterToItems(const std::vector<std::string>& itemIds);
    // The Item::id of the current row, empty when none.
    QString currentItemId() const;
    // Selects the row of itemId if it is loaded.
    bool selectItem(const QString& itemId);

Q_SIGNALS:
    void currentItemChanged(const QString& itemId);
    void listLoaded(long long total, qint64 elapsedMs);

private:
    void onLoaded(long long total, qint64 elapsedMs);

    ProjectSession* session_;
    FilterStack* filters_;
    FilterBar* bar_;
    QTableView* view_;
    ItemTableModel* model_;
    ItemListController* controller_;
    QString currentItem_;  // the item last made current, kept across reloads
};

}  // namespace ts::ui
