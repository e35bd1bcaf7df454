#include "ui/models/flipped_items_model.h"

#include "ui/models/item_roles.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

FlippedItemsModel::FlippedItemsModel(QObject* parent) : QAbstractTableModel(parent) {}

void FlippedItemsModel::setItems(std::vector<store::FlippedItem> items, const QString& runA,
                                 const QString& runB) {
    beginResetModel();
    items_ = std::move(items);
    runA_ = runA;
    runB_ = runB;
    endResetModel();
}

int FlippedItemsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(items_.size());
}

int FlippedItemsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 3; }

QVariant FlippedItemsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(items_.size())) return {};
    const store::FlippedItem& f = items_[index.row()];
    const bool ok = index.column() == 1 ? f.okInA : !f.okInA;
    switch (role) {
        case Qt::DisplayRole:
            if (index.column() == 0) return QString::fromStdString(f.itemId);
            return ok ? QStringLiteral("ok") : QStringLiteral("wrong");
        case ItemRole::Verdict:
            if (index.column() == 0) return {};
            return int(ok ? StepVerdict::Ok : StepVerdict::Wrong);
        case kItemIdRole:
        case ItemRole::ItemId: return QString::fromStdString(f.itemId);
        default: return {};
    }
}

QVariant FlippedItemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    // Short headers (as the Run A / Run B choosers above say); the names in the tooltip.
    if (role == Qt::DisplayRole) {
        static const char* const kHeaders[] = {"item", "run A", "run B"};
        return section >= 0 && section < 3 ? QString::fromLatin1(kHeaders[section]) : QVariant();
    }
    if (role == Qt::ToolTipRole && (section == 1 || section == 2)) return section == 1 ? runA_ : runB_;
    return {};
}

}  // namespace ts::ui
