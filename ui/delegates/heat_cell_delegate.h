#pragma once
// Colours a table cell by its heat (ItemRole::Heat, the cell's share of its
// table) and draws the multi-line text centred on it. Cells without heat
// (totals) are drawn plain with a light rule.
#include <QStyledItemDelegate>

namespace ts::ui {

class HeatCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace ts::ui
