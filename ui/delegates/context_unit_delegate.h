#pragma once
// Draws a context unit as a word-wrapped block: filled green (cited gold) or
// red (cited non-gold), an amber outline for a gold unit the trace missed,
// plain otherwise (ItemRole::UnitState).
#include <QStyledItemDelegate>

namespace ts::ui {

class ContextUnitDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace ts::ui
