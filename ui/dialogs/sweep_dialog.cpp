#include "ui/dialogs/sweep_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "core/util/error.h"
#include "ui/jobs/job_manager.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

QHBoxLayout* pathRow(QLineEdit* edit, QPushButton* browse) {
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

}  // namespace

SweepDialog::SweepDialog(JobManager* jobs, ProjectSession* session, QWidget* parent)
    : QDialog(parent), jobs_(jobs), session_(session) {
    setWindowTitle(tr("Cluster sweep"));
    experiment_ = new QLineEdit(this);
    experiment_->setPlaceholderText(tr("the experiment file given to experiment submit"));
    workDir_ = new QLineEdit(this);
    workDir_->setPlaceholderText(tr("its shared --work-dir"));
    auto* browseFile = new QPushButton(tr("Browse…"), this);
    auto* browseDir = new QPushButton(tr("Browse…"), this);
    connect(browseFile, &QPushButton::clicked, this, [this] {
        const QString f =
            QFileDialog::getOpenFileName(this, tr("Experiment file"), {}, tr("JSON (*.json)"));
        if (!f.isEmpty()) setSweep(f, workDir_->text());
    });
    connect(browseDir, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Work folder"));
        if (!d.isEmpty()) setSweep(experiment_->text(), d);
    });
    auto* form = new QFormLayout;
    form->addRow(tr("Experiment:"), pathRow(experiment_, browseFile));
    form->addRow(tr("Work folder:"), pathRow(workDir_, browseDir));

    model_ = new QStandardItemModel(0, 3, this);
    model_->setHorizontalHeaderLabels({tr("Cell"), tr("Run"), tr("State")});
    view_ = new QTableView(this);
    view_->setModel(model_);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* refreshNow = buttons->addButton(tr("Refresh"), QDialogButtonBox::ActionRole);
    collect_ = buttons->addButton(tr("Collect into the project"), QDialogButtonBox::ActionRole);
    collect_->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(refreshNow, &QPushButton::clicked, this, &SweepDialog::refresh);
    connect(collect_, &QPushButton::clicked, this, &SweepDialog::startCollect);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(view_, 1);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    resize(760, 420);

    timer_ = new QTimer(this);
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &SweepDialog::refresh);
    connect(&watcher_, &QFutureWatcher<SweepStatusRead>::finished, this,
            [this] { showRows(watcher_.result()); });
}

void SweepDialog::setSweep(const QString& experiment, const QString& workDir) {
    experiment_->setText(experiment);
    workDir_->setText(workDir);
    timer_->start();
    refresh();
}

void SweepDialog::refresh() {
    if (experiment_->text().isEmpty() || workDir_->text().isEmpty() || watcher_.isRunning()) return;
    status_->setText(tr("Reading the cells' states…"));
    const QString experiment = experiment_->text(), work = workDir_->text();
    // squeue and the bundles' checksums take a while: off the GUI thread.
    watcher_.setFuture(QtConcurrent::run([experiment, work] {
        SweepStatusRead read;
        try {
            read.rows = sweepStatus(experiment, work);
        } catch (const std::exception& e) {
            read.error = QString::fromUtf8(e.what());
        }
        return read;
    }));
}

void SweepDialog::showRows(const SweepStatusRead& read) {
    const auto& rows = read.rows;
    model_->removeRows(0, model_->rowCount());
    int done = 0;
    for (const auto& r : rows) {
        auto* state = new QStandardItem(r.state);
        state->setForeground(r.done ? QColor(0x2e, 0x7d, 0x32)
                             : (r.state == "RUNNING" || r.state == "PENDING")
                                 ? QColor(0x1f, 0x5f, 0xa8)
                                 : QColor(0xb0, 0x3a, 0x2e));
        model_->appendRow(
            {new QStandardItem(QString::number(r.index)), new QStandardItem(r.runName), state});
        done += r.done;
    }
    view_->resizeColumnToContents(0);
    view_->resizeColumnToContents(2);
    collect_->setEnabled(done > 0 && session_ && session_->isOpen());
    status_->setText(read.error.isEmpty()
                         ? tr("%1 of %2 cells finished · updated %3 · refreshed every %4 s")
                               .arg(done)
                               .arg(rows.size())
                               .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                               .arg(kRefreshMs / 1000)
                         : tr("Cannot read the sweep: %1").arg(read.error));
    Q_EMIT refreshed(static_cast<int>(rows.size()), done);
}

void SweepDialog::startCollect() {
    if (!session_ || !session_->isOpen()) return;
    if (const QString why = session_->writeRefusal(tr("Collecting the sweep")); !why.isEmpty()) {
        status_->setText(why);
        return;
    }
    auto job =
        std::make_unique<CollectSweepJob>(experiment_->text(), workDir_->text(), session_->path());
    connect(job.get(), &CollectSweepJob::collected, this,
            [this](const SweepCollectOutcome& outcome) {
                session_->refreshCatalogue();
                status_->setText(tr("Collected: %1 run(s) imported, %2 already in the project")
                                     .arg(outcome.imported.size())
                                     .arg(outcome.alreadyPresent.size()));
                Q_EMIT collected(outcome);
            });
    jobs_->submit(std::move(job));
}

void showSweepDialog(QWidget* parent, JobManager* jobs, ProjectSession* session) {
    auto* dialog = parent->findChild<SweepDialog*>();
    if (!dialog) {
        dialog = new SweepDialog(jobs, session, parent);
        dialog->setObjectName(QStringLiteral("sweepDialog"));
    }
    dialog->show();
    dialog->raise();
}

}  // namespace ts::ui
