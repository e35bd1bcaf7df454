#include "ui/dialogs/import_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ts::ui {

namespace {

enum Col { Name, Kind, Model, Condition, Dataset, ColumnCount };
constexpr int kRunRole = Qt::UserRole + 1;      // run index, or -1 - dataset index
constexpr int kPairRole = Qt::UserRole + 2;     // pair index (children)

QString formatName(PredictionFormat f) {
    return f == PredictionFormat::TraceCheckQa ? QStringLiteral("Trace_Check_QA predictions")
                                               : QStringLiteral("native predictions");
}

}  // namespace

ImportDialog::ImportDialog(const QStringList& paths, const QStringList& existingRunNames, QWidget* parent)
    : QDialog(parent) {
    build();
    detecting_ = true;
    status_->setText(tr("Detecting %1 dropped path(s)…").arg(paths.size()));
    auto* watcher = new QFutureWatcher<ImportPlan>(this);
    connect(watcher, &QFutureWatcher<ImportPlan>::finished, this, [this, watcher] {
        detecting_ = false;
        setPlan(watcher->result());
        watcher->deleteLater();
        Q_EMIT detected();
    });
    watcher->setFuture(QtConcurrent::run([paths, existingRunNames] { return planImport(paths, existingRunNames); }));
}

ImportDialog::ImportDialog(ImportPlan plan, QWidget* parent) : QDialog(parent) {
    build();
    setPlan(std::move(plan));
}

void ImportDialog::build() {
    setWindowTitle(tr("Import into the project"));
    resize(1000, 520);
    auto* layout = new QVBoxLayout(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    layout->addWidget(status_);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(ColumnCount);
    tree_->setHeaderLabels({tr("run / file"), tr("detected as"), tr("model"), tr("condition"), tr("dataset / gold file")});
    tree_->header()->setSectionResizeMode(Name, QHeaderView::Stretch);
    tree_->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    layout->addWidget(tree_, 1);
    notes_ = new QLabel(this);
    notes_->setWordWrap(true);
    layout->addWidget(notes_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(tree_, &QTreeWidget::itemChanged, this, &ImportDialog::onItemChanged);
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, &ImportDialog::onItemDoubleClicked);
}

void ImportDialog::setPlan(ImportPlan plan) {
    plan_ = std::move(plan);
    fill();
    validate();
}

void ImportDialog::fill() {
    filling_ = true;
    tree_->clear();
    for (int r = 0; r < static_cast<int>(plan_.runs.size()); ++r) {
        const ImportRunPlan& run = plan_.runs[r];
        auto* top = new QTreeWidgetItem(tree_, {run.runName, formatName(run.format), run.model, run.condition, run.datasetName});
        top->setData(Name, kRunRole, r);
        top->setFlags(top->flags() | Qt::ItemIsEditable);
        top->setToolTip(Name, tr("Double-click or F2 to rename the run"));
        for (int p = 0; p < static_cast<int>(run.pairs.size()); ++p) {
            const ImportPair& pair = run.pairs[p];
            const QString gold = run.format == PredictionFormat::TraceCheckQa
                                     ? (pair.gold.isEmpty() ? tr("(choose a gold CSV: double-click)") : QFileInfo(pair.gold).fileName())
                                     : (run.datasetFiles.isEmpty() ? tr("items of project dataset") : tr("%1 dataset file(s)").arg(run.datasetFiles.size()));
            auto* child = new QTreeWidgetItem(top, {QFileInfo(pair.predictions).dir().dirName() + QLatin1Char('/') +
                                                        QFileInfo(pair.predictions).fileName(),
                                                    tr("predictions"), QString(), QString(), gold});
            child->setData(Name, kRunRole, r);
            child->setData(Name, kPairRole, p);
            child->setToolTip(Name, pair.predictions);
            child->setToolTip(Dataset, pair.gold.isEmpty() ? QString() : pair.gold);
        }
        top->setExpanded(plan_.runs.size() <= 3);
    }
    for (int d = 0; d < static_cast<int>(plan_.datasets.size()); ++d) {
        const ImportDatasetPlan& ds = plan_.datasets[d];
        auto* top = new QTreeWidgetItem(tree_, {ds.name, tr("dataset"), QString(), QString(), tr("%1 file(s)").arg(ds.files.size())});
        top->setData(Name, kRunRole, -1 - d);
        top->setFlags(top->flags() | Qt::ItemIsEditable);
        top->setToolTip(Dataset, ds.files.join(QLatin1Char('\n')));
    }
    notes_->setText(plan_.notes.isEmpty() ? QString() : tr("Skipped:\n") + plan_.notes.join(QLatin1Char('\n')));
    filling_ = false;
}

void ImportDialog::onItemChanged(QTreeWidgetItem* item, int column) {
    if (filling_ || item->parent()) return;
    const int r = item->data(Name, kRunRole).toInt();
    const QString text = item->text(column).trimmed();
    if (r < 0) {
        if (column == Name) plan_.datasets[-1 - r].name = text;
    } else {
        ImportRunPlan& run = plan_.runs[r];
        if (column == Name) run.runName = text;
        if (column == Model) run.model = text;
        if (column == Condition) run.condition = text;
        if (column == Dataset) run.datasetName = text;
    }
    validate();
}

void ImportDialog::onItemDoubleClicked(QTreeWidgetItem* item, int column) {
    if (!item->parent()) {
        if (column != Kind) tree_->editItem(item, column);
        return;
    }
    const int r = item->data(Name, kRunRole).toInt();
    const int p = item->data(Name, kPairRole).toInt();
    ImportRunPlan& run = plan_.runs[r];
    if (run.format != PredictionFormat::TraceCheckQa) return;
    const QString start = run.pairs[p].gold.isEmpty() ? QFileInfo(run.pairs[p].predictions).absolutePath()
                                                      : run.pairs[p].gold;
    const QString file = QFileDialog::getOpenFileName(this, tr("Gold CSV for %1").arg(QFileInfo(run.pairs[p].predictions).fileName()),
                                                      start, tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    run.pairs[p].gold = file;
    fill();
    validate();
}

void ImportDialog::validate() {
    const QStringList problems = validatePlan(plan_);
    const bool ok = !plan_.empty() && problems.isEmpty();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
    if (plan_.empty())
        status_->setText(tr("Nothing to import was recognised."));
    else if (!problems.isEmpty())
        status_->setText(tr("Fix before importing:\n") + problems.join(QLatin1Char('\n')));
    else
        status_->setText(tr("Detected %1 run(s) and %2 dataset(s). Every run is scored under the strict "
                            "and the legacy rule and stored in one transaction.")
                             .arg(plan_.runs.size()).arg(plan_.datasets.size()));
}

}  // namespace ts::ui
