#include "ui/dialogs/export_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace ts::ui {

ExportDialog::ExportDialog(const QString& what, const QString& suggestedPath, QSize size, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Export %1").arg(what));
    auto* form = new QFormLayout(this);
    auto* row = new QHBoxLayout;
    path_ = new QLineEdit(suggestedPath, this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    row->addWidget(path_, 1);
    row->addWidget(browse);
    form->addRow(tr("File (.png, .svg or .pdf)"), row);
    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (QSpinBox* s : {width_, height_}) {
        s->setRange(200, 8000);
        s->setSuffix(tr(" px"));
    }
    width_->setValue(size.width());
    height_->setValue(size.height());
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(width_);
    sizeRow->addWidget(height_);
    form->addRow(tr("Size"), sizeRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, windowTitle(), path_->text(), tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"));
        if (!file.isEmpty()) path_->setText(file);
    });
}

QString ExportDialog::path() const { return path_->text().trimmed(); }
QSize ExportDialog::size() const { return {width_->value(), height_->value()}; }

}  // namespace ts::ui
