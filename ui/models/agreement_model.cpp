#include "ui/models/agreement_model.h"

#include <algorithm>

#include "ui/models/item_roles.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

AgreementModel::AgreementModel(QObject* parent) : QAbstractTableModel(parent) {}

void AgreementModel::setAgreement(const AgreementData& data, bool onlyDisagreements) {
    beginResetModel();
    annotators_ = data.annotators;
    rows_.clear();
    for (const AgreementRow& r : data.rows)
        if (!onlyDisagreements || r.disagree) rows_.push_back(r);
    std::stable_partition(rows_.begin(), rows_.end(), [](const AgreementRow& r) { return r.disagree; });
    endResetModel();
}

int AgreementModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int AgreementModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 1 + static_cast<int>(annotators_.size());
}

QVariant AgreementModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
    const AgreementRow& r = rows_[index.row()];
    if (role == ItemRole::ItemId) return QString::fromStdString(r.itemId);
    if (index.column() == 0) {
        if (role == Qt::DisplayRole) return QString::fromStdString(r.itemId);
        if (role == Qt::ToolTipRole) return r.disagree ? QStringLiteral("annotators disagree") : QVariant();
        return {};
    }
    const auto& v = r.verdicts[index.column() - 1];
    switch (role) {
        case Qt::DisplayRole: return v ? verdictText(*v) : QStringLiteral("—");
        case ItemRole::Verdict: return v ? int(*v) : -1;
        default: return {};
    }
}

QVariant AgreementModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == 0) return QStringLiteral("item");
    return section - 1 < static_cast<int>(annotators_.size())
               ? QString::fromStdString(annotators_[section - 1])
               : QVariant();
}

}  // namespace ts::ui
