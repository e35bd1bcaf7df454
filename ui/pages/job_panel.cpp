#include "ui/pages/job_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/delegates/progress_delegate.h"
#include "ui/jobs/job_manager.h"
#include "ui/models/job_list_model.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

JobPanel::JobPanel(JobManager* manager, QWidget* parent) : QWidget(parent), manager_(manager) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    model_ = new JobListModel(manager_, this);
    view_ = new QTableView(left);
    view_->setModel(model_);
    setupListTable(view_);
    view_->setItemDelegateForColumn(JobListModel::Progress, new ProgressDelegate(view_));
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(JobListModel::Message, QHeaderView::Stretch);
    view_->setColumnWidth(JobListModel::Title, 260);
    view_->setColumnWidth(JobListModel::Progress, 140);
    leftLayout->addWidget(view_, 1);
    cancel_ = new QPushButton(tr("Cancel job"), left);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel_);
    leftLayout->addLayout(buttons);
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    metrics_ = new QLabel(right);
    metrics_->setWordWrap(true);
    log_ = new QPlainTextEdit(right);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    rightLayout->addWidget(metrics_);
    rightLayout->addWidget(log_, 1);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);

    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (const int id = selectedJob()) manager_->cancel(id);
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &JobPanel::showSelected);
    connect(manager_, &JobManager::jobChanged, this, [this](int id) {
        if (id == selectedJob()) showSelected();
    });
    connect(manager_, &JobManager::jobAdded, this,
            [this] { view_->setCurrentIndex(model_->index(0, 0)); });
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this, [this] {
        if (manager_->hasRunningJobs() && model_->rowCount() > 0)
            Q_EMIT model_->dataChanged(model_->index(0, JobListModel::Time),
                                       model_->index(model_->rowCount() - 1, JobListModel::Time));
    });
    tick->start();
    showSelected();
}

int JobPanel::selectedJob() const {
    const QModelIndex i = view_->currentIndex();
    return i.isValid() ? model_->jobIdAt(i.row()) : 0;
}

void JobPanel::showSelected() {
    const JobRecord* r = manager_->record(selectedJob());
    cancel_->setEnabled(r && !r->finished());
    if (!r) {
        metrics_->setText(tr("No jobs yet. Imports, scoring and (later) training and inference run here."));
        log_->clear();
        return;
    }
    QStringList m;
    for (const auto& [name, metric] : r->latestMetrics)
        m << QStringLiteral("%1: %2").arg(name).arg(metric.value, 0, 'g', 5);
    metrics_->setText(QStringLiteral("<b>%1</b> — %2%3")
                          .arg(r->title.toHtmlEscaped(), jobStateText(r->state),
                               m.isEmpty() ? QString() : QStringLiteral("<br/>") + m.join(QStringLiteral(" · "))));
    const QString text = r->log.join(QLatin1Char('\n'));
    if (log_->toPlainText() != text) {
        log_->setPlainText(text);
        log_->moveCursor(QTextCursor::End);
    }
}

}  // namespace ts::ui
