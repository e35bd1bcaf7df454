#include "ui/widgets/fit_list_view.h"

#include <QResizeEvent>

namespace ts::ui {

FitListView::FitListView(QWidget* parent) : QListView(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(false);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
}

int FitListView::contentHeight() const {
    int h = 2 * frameWidth();
    if (model())
        for (int r = 0; r < model()->rowCount(rootIndex()); ++r)
            h += sizeHintForRow(r) + 2 * spacing();
    return h;
}

QSize FitListView::sizeHint() const {
    return {QListView::sizeHint().width(), std::min(maxHeight_, std::max(contentHeight(), 40))};
}

QSize FitListView::minimumSizeHint() const {
    return {QListView::minimumSizeHint().width(), std::min(sizeHint().height(), 80)};
}

void FitListView::resizeEvent(QResizeEvent* event) {
    QListView::resizeEvent(event);
    // Wrapped rows change height with the width.
    if (event->size().width() != lastWidth_) {
        lastWidth_ = event->size().width();
        updateGeometry();
    }
}

void FitListView::rowsInserted(const QModelIndex& parent, int start, int end) {
    QListView::rowsInserted(parent, start, end);
    updateGeometry();
}

}  // namespace ts::ui
