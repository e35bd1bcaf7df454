#pragma once
// The context units of one item for the item view, each with its state under
// the shown verdict: cited gold (green), cited non-gold (red), gold not cited
// (amber outline), plain; for a bare dataset, gold units are marked gold.
#include <QAbstractListModel>

#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

class ContextUnitModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit ContextUnitModel(QObject* parent = nullptr);

    // verdict == nullptr: no prediction (a bare dataset), gold units shown as gold.
    void setItem(const Item& item, const ItemVerdict* verdict);
    void clear();
    ContextUnitState stateAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Unit {
        QString text;
        int sourceId = -1;
        ContextUnitState state = ContextUnitState::Plain;
    };
    std::vector<Unit> units_;
};

// The state of every unit of item under verdict (nullptr: dataset view).
std::vector<ContextUnitState> contextUnitStates(const Item& item, const ItemVerdict* verdict);

}  // namespace ts::ui
