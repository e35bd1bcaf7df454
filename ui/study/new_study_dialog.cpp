#include "ui/study/new_study_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/score/trace_type.h"
#include "core/store/studies.h"
#include "ui/session/project_session.h"

namespace ts::ui {

NewStudyDialog::NewStudyDialog(ProjectSession* session, QWidget* parent)
    : QDialog(parent), session_(session) {
    setWindowTitle(tr("New study"));
    name_ = new QLineEdit(this);
    name_->setPlaceholderText(tr("e.g. interpretability-v2"));
    runs_ = new QListWidget(this);
    runs_->setMinimumHeight(140);
    for (const auto& r : session_->catalogue().runs) {
        const QString name = QString::fromStdString(r.name);
        auto* item = new QListWidgetItem(
            tr("%1   ·   %2, %3, %4 predictions")
                .arg(name, QString::fromStdString(r.dataset),
                     QString::fromUtf8(toString(r.traceType).data(),
                                       static_cast<int>(toString(r.traceType).size())))
                .arg(r.predictions),
            runs_);
        item->setData(Qt::UserRole, name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    items_ = new QSpinBox(this);
    items_->setRange(1, 100000);
    items_->setValue(10);
    items_->setToolTip(
        tr("Drawn with the seed from the items every chosen run answered; a "
           "multiple of the number of runs, so each participant sees every run "
           "equally often."));
    participants_ = new QLineEdit(this);
    participants_->setPlaceholderText(
        tr("optional: p1, p2, p3 (others join when they first rate)"));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 2147483647);
    seed_->setValue(1);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("studyError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b03a2e;"));
    // Room for core's longer refusals (a wrapped label gets no height from the layout).
    error_->setMinimumHeight(error_->fontMetrics().lineSpacing() * 3);
    error_->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // A changed field makes the last refusal stale.
    connect(name_, &QLineEdit::textChanged, error_, &QLabel::clear);
    connect(items_, &QSpinBox::valueChanged, error_, &QLabel::clear);
    connect(runs_, &QListWidget::itemChanged, error_, &QLabel::clear);
    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Runs (one arm each):"), runs_);
    form->addRow(tr("Items:"), items_);
    form->addRow(tr("Participants:"), participants_);
    form->addRow(tr("Seed:"), seed_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    create_ = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    create_->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(create_, &QPushButton::clicked, this, &NewStudyDialog::submit);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    resize(620, 440);
}

void NewStudyDialog::setRunChecked(const QString& name, bool checked) {
    for (int i = 0; i < runs_->count(); ++i)
        if (runs_->item(i)->data(Qt::UserRole).toString() == name)
            runs_->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void NewStudyDialog::submit() {
    store::StudySpec spec;
    spec.name = name_->text().trimmed().toStdString();
    for (int i = 0; i < runs_->count(); ++i)
        if (runs_->item(i)->checkState() == Qt::Checked)
            spec.runs.push_back(runs_->item(i)->data(Qt::UserRole).toString().toStdString());
    spec.itemCount = static_cast<std::size_t>(items_->value());
    spec.seed = static_cast<std::uint64_t>(seed_->value());
    for (const QString& p : participants_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty()) spec.participants.push_back(p.trimmed().toStdString());
    if (spec.name.empty()) {
        error_->setText(tr("Give the study a name."));
        return;
    }
    if (spec.runs.size() < 2) {
        error_->setText(tr("Choose at least two runs to compare."));
        return;
    }
    error_->setText(tr("Creating…"));
    create_->setEnabled(false);
    const QString name = QString::fromStdString(spec.name);
    session_->writer().run<bool>(
        this,
        [spec](store::Project& p) {
            store::createStudy(p, spec);
            return true;
        },
        [this, name](bool) {
            error_->clear();
            create_->setEnabled(true);
            Q_EMIT created(name);
            accept();
        },
        [this](const QString& message) {
            error_->setText(message);
            create_->setEnabled(true);
        });
}

}  // namespace ts::ui
