#pragma once
// Draws a step verdict as a rounded coloured chip (green ok, red wrong, amber
// partial, grey not evaluated) from ItemRole::Verdict; cells without a
// verdict fall back to plain text. A human override gets a dashed border.
#include <QStyledItemDelegate>

namespace ts::ui {

class VerdictChipDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace ts::ui
