#pragma once
// A list that is as tall as its rows (word-wrapped at its current width), so
// the item view shows every context unit without a scroll bar of its own;
// past maxHeight it scrolls after all (a story of hundreds of lines).
#include <QListView>

namespace ts::ui {

class FitListView : public QListView {
    Q_OBJECT
public:
    explicit FitListView(QWidget* parent = nullptr);
    void setMaxHeight(int pixels) { maxHeight_ = pixels; }
    // The height all rows need at the current width (frame included).
    int contentHeight() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void rowsInserted(const QModelIndex& parent, int start, int end) override;

private:
    int maxHeight_ = 2000;
    int lastWidth_ = -1;
};

}  // namespace ts::ui
