#pragma once
// Draws a job's progress as a bar (from JobListModel::kFractionRole).
#include <QStyledItemDelegate>

namespace ts::ui {

class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

}  // namespace ts::ui
