#include "ui/dialogs/training_form.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ts::ui {

PathField::PathField(Kind kind, QString caption, QString filter, QWidget* parent)
    : QWidget(parent), kind_(kind), caption_(std::move(caption)), filter_(std::move(filter)) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    edit_ = new QLineEdit(this);
    auto* button = new QPushButton(tr("Browse…"), this);
    row->addWidget(edit_, 1);
    row->addWidget(button);
    connect(button, &QPushButton::clicked, this, &PathField::browse);
    connect(edit_, &QLineEdit::textChanged, this, &PathField::changed);
}

QString PathField::text() const { return edit_->text().trimmed(); }
void PathField::setText(const QString& text) { edit_->setText(text); }

QStringList PathField::paths() const {
    QStringList out;
    for (const QString& p : text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) out << p.trimmed();
    return out;
}

void PathField::browse() {
    QString chosen;
    switch (kind_) {
        case Kind::Folder: chosen = QFileDialog::getExistingDirectory(this, caption_, text()); break;
        case Kind::OpenFile: chosen = QFileDialog::getOpenFileName(this, caption_, text(), filter_); break;
        case Kind::SaveFile: chosen = QFileDialog::getSaveFileName(this, caption_, text(), filter_); break;
        case Kind::OpenFiles:
            chosen = QFileDialog::getOpenFileNames(this, caption_, paths().value(0), filter_).join(QLatin1Char(';'));
            break;
    }
    if (!chosen.isEmpty()) edit_->setText(chosen);
}

QComboBox* deviceCombo(QWidget* parent, bool cudaAvailable) {
    auto* c = new QComboBox(parent);
    c->setObjectName(QStringLiteral("device"));
    c->addItem(QObject::tr("CPU"), QStringLiteral("cpu"));
    if (cudaAvailable) c->addItem(QObject::tr("CUDA GPU"), QStringLiteral("cuda"));
    return c;
}

void DataFields::addTo(QFormLayout* form, QWidget* parent, const QString& defaultSplit) {
    files = new PathField(PathField::Kind::OpenFiles, QObject::tr("Dataset files"), {}, parent);
    files->setObjectName(QStringLiteral("dataFiles"));
    files->edit()->setPlaceholderText(QObject::tr("bAbI .txt, CoTempQA .json, MS MARCO, JSONL … (several: a;b)"));
    format = new QComboBox(parent);
    format->setObjectName(QStringLiteral("format"));
    for (const char* f : {"auto", "babi", "cotempqa", "msmarco", "trace-check-qa-csv", "jsonl"})
        format->addItem(QString::fromLatin1(f));
    split = new QLineEdit(defaultSplit, parent);
    split->setObjectName(QStringLiteral("split"));
    limit = new QSpinBox(parent);
    limit->setObjectName(QStringLiteral("limit"));
    limit->setRange(0, 10000000);
    limit->setSpecialValueText(QObject::tr("all items"));
    form->addRow(QObject::tr("Dataset"), files);
    form->addRow(QObject::tr("Format"), format);
    form->addRow(QObject::tr("Split"), split);
    form->addRow(QObject::tr("Items"), limit);
}

train::DataSelection DataFields::selection() const {
    train::DataSelection s;
    for (const QString& p : files->paths()) s.files.emplace_back(p.toStdString());
    s.format = format->currentText().toStdString();
    s.split = split->text().trimmed().toStdString();
    s.limit = limit->value();
    return s;
}

void StartFooter::addTo(QVBoxLayout* outer, QDialog* dialog) {
    status = new QLabel(dialog);
    status->setWordWrap(true);
    outer->addWidget(status);
    buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(QDialog::tr("Start"));
    outer->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
}

void StartFooter::setProblem(const QString& problem, const QString& hintWhenReady) {
    status->setText(problem.isEmpty() ? hintWhenReady : problem);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace ts::ui
