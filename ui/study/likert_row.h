#pragma once
// One 1-5 Likert scale of the rating view: the question on the left, five
// labelled, clickable values on the right (1 and 5 carry the anchors). The
// row shows whether it is the scale the keyboard's digits set next. The
// values never take the keyboard focus: the rating window keeps it.
#include <QFrame>
#include <QStringList>

class QButtonGroup;
class QLabel;
class QPushButton;

namespace ts::ui {

class LikertRow : public QFrame {
    Q_OBJECT
public:
    static constexpr int kMarkerWidth = 28;
    static constexpr int kQuestionWidth = 380;
    // Where the question starts: the row's left margin and the marker.
    static constexpr int kIndent = 8 + kMarkerWidth + 8;

    // labels: the five values' words, from 1 to 5.
    LikertRow(const QString& question, const QStringList& labels, QWidget* parent = nullptr);

    int value() const { return value_; }  // 0: not set
    void setValue(int value);             // 0 clears
    // The scale the digits set next (highlighted, with a marker).
    void setActive(bool active);
    bool isActive() const { return active_; }
    QString question() const;
    QPushButton* button(int value) const;  // 1-5

Q_SIGNALS:
    // A value was clicked (not emitted by setValue).
    void clicked(int value);

private:
    int value_ = 0;
    bool active_ = false;
    QLabel* marker_;
    QLabel* question_;
    QButtonGroup* group_;
};

}  // namespace ts::ui
