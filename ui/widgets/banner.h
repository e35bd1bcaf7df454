#pragma once
// A non-modal message strip across the top of the window with action buttons
// and a close button (e.g. "the paper's runs are available: Import").
#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace ts::ui {

class Banner : public QFrame {
    Q_OBJECT
public:
    explicit Banner(QWidget* parent = nullptr);
    void setText(const QString& text);
    QPushButton* addAction(const QString& text);

Q_SIGNALS:
    void dismissed();

private:
    QLabel* text_;
    QHBoxLayout* buttons_;
};

}  // namespace ts::ui
