#include "ui/models/context_unit_model.h"

#include <algorithm>

#include "ui/models/item_roles.h"

namespace ts::ui {

std::vector<ContextUnitState> contextUnitStates(const Item& item, const ItemVerdict* verdict) {
    std::vector<ContextUnitState> states(item.context.size(), ContextUnitState::Plain);
    auto isGold = [&](int i) {
        return std::binary_search(item.goldRetrieval.begin(), item.goldRetrieval.end(), i);
    };
    for (int i = 0; i < static_cast<int>(states.size()); ++i)
        if (isGold(i)) states[i] = verdict ? ContextUnitState::GoldNotCited : ContextUnitState::Gold;
    if (!verdict) return states;
    for (const CitedUnit& c : verdict->cited) {
        if (c.contextIndex < 0 || c.contextIndex >= static_cast<int>(states.size())) continue;
        states[c.contextIndex] =
            isGold(c.contextIndex) ? ContextUnitState::CitedGold : ContextUnitState::CitedNonGold;
    }
    return states;
}

ContextUnitModel::ContextUnitModel(QObject* parent) : QAbstractListModel(parent) {}

void ContextUnitModel::setItem(const Item& item, const ItemVerdict* verdict) {
    beginResetModel();
    units_.clear();
    const auto states = contextUnitStates(item, verdict);
    for (std::size_t i = 0; i < item.context.size(); ++i)
        units_.push_back({QString::fromStdString(item.context[i].text), item.context[i].sourceId,
                          states[i]});
    endResetModel();
}

void ContextUnitModel::clear() {
    beginResetModel();
    units_.clear();
    endResetModel();
}

ContextUnitState ContextUnitModel::stateAt(int row) const {
    return row >= 0 && row < static_cast<int>(units_.size()) ? units_[row].state
                                                             : ContextUnitState::Plain;
}

int ContextUnitModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(units_.size());
}

QVariant ContextUnitModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(units_.size())) return {};
    const Unit& u = units_[index.row()];
    switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1. %2").arg(u.sourceId >= 0 ? u.sourceId : index.row() + 1).arg(u.text);
        case Qt::ToolTipRole: return unitStateText(u.state);
        case ItemRole::UnitState: return int(u.state);
        default: return {};
    }
}

}  // namespace ts::ui
