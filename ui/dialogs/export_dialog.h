#pragma once
// Where and how big: the file (PNG, SVG or PDF by its suffix) and the size in
// pixels for an image export of a chart, a heat table or a slide.
#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace ts::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& what, const QString& suggestedPath, QSize size, QWidget* parent = nullptr);
    QString path() const;
    QSize size() const;

private:
    QLineEdit* path_;
    QSpinBox* width_;
    QSpinBox* height_;
};

}  // namespace ts::ui
