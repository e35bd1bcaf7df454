#include "ui/models/contingency_model.h"

#include "ui/models/item_roles.h"

namespace ts::ui {

QString percentText(long long part, long long total) {
    if (total <= 0) return QStringLiteral("–");
    return QStringLiteral("%1%").arg(100.0 * static_cast<double>(part) / static_cast<double>(total),
                                     0, 'f', 1);
}

ContingencyModel::ContingencyModel(QObject* parent) : QAbstractTableModel(parent) {}

void ContingencyModel::setTable(const stats::TwoByTwo& counts, const QStringList& rowLabels,
                                const QStringList& columnLabels) {
    beginResetModel();
    counts_ = counts;
    rowLabels_ = rowLabels;
    columnLabels_ = columnLabels;
    hasTable_ = true;
    endResetModel();
}

void ContingencyModel::clear() {
    beginResetModel();
    counts_ = {};
    hasTable_ = false;
    endResetModel();
}

long long ContingencyModel::cell(int r, int c) const {
    if (r == 0) return c == 0 ? counts_.ok_ok : counts_.ok_bad;
    return c == 0 ? counts_.bad_ok : counts_.bad_bad;
}

int ContingencyModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !hasTable_ ? 0 : 3;
}

int ContingencyModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !hasTable_ ? 0 : 3;
}

QVariant ContingencyModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !hasTable_) return {};
    const int r = index.row(), c = index.column();
    const long long n = counts_.total();
    const bool inner = r < 2 && c < 2;
    long long value = 0;
    if (inner)
        value = cell(r, c);
    else if (r < 2)  // row total
        value = r == 0 ? counts_.stepOk() : counts_.stepBad();
    else if (c < 2)  // column total
        value = c == 0 ? counts_.answerOk() : counts_.answerBad();
    else
        value = n;
    switch (role) {
        case Qt::DisplayRole: {
            if (!inner) return QStringLiteral("%1\n%2").arg(value).arg(percentText(value, n));
            const long long rowTotal = r == 0 ? counts_.stepOk() : counts_.stepBad();
            const long long colTotal = c == 0 ? counts_.answerOk() : counts_.answerBad();
            return QStringLiteral("%1\nrow %2 · col %3")
                .arg(value)
                .arg(percentText(value, rowTotal), percentText(value, colTotal));
        }
        case Qt::ToolTipRole:
            if (!inner) return {};
            return QStringLiteral("%1, %2: %3 items (%4 of all)\nclick to list them")
                .arg(rowLabels_.value(r), columnLabels_.value(c))
                .arg(value)
                .arg(percentText(value, n));
        case ItemRole::Heat:
            if (!inner) return {};
            return n > 0 ? static_cast<double>(value) / static_cast<double>(n) : 0.0;
        case kCellRole: return inner ? r * 2 + c : -1;
        case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
        case Qt::AccessibleTextRole:
            return QStringLiteral("%1 %2 %3").arg(rowLabels_.value(r, QStringLiteral("total")),
                                                 columnLabels_.value(c, QStringLiteral("total")))
                .arg(value);
        default: return {};
    }
}

QVariant ContingencyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || !hasTable_) return {};
    const QStringList& labels = orientation == Qt::Horizontal ? columnLabels_ : rowLabels_;
    if (section < 2) return labels.value(section);
    return section == 2 ? QStringLiteral("total") : QVariant();
}

}  // namespace ts::ui
