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

#include "ui/charts/charts.h"
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
    curve_ = new MetricCurveChart(right);
    curve_->setObjectName(QStringLiteral("jobCurve"));
    curve_->hide();
    log_ = new QPlainTextEdit(right);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    rightLayout->addWidget(metrics_);
    rightLayout->addWidget(curve_, 2);
    rightLayout->addWidget(log_, 1);
    curveRefresh_ = new QTimer(this);
    curveRefresh_->setSingleShot(true);
    curveRefresh_->setInterval(kCurveRefreshMs);
    connect(curveRefresh_, &QTimer::timeout, this, &JobPanel::showCurve);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);

    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (const int id = selectedJob()) manager_->cancel(id);
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showSelected();
        curveRefresh_->stop();
        showCurve();
    });
    connect(manager_, &JobManager::jobChanged, this, [this](int id) {
        if (id != selectedJob()) return;
        showSelected();
        // The first point after a quiet spell waits at most one interval;
        // a burst of steps redraws once per interval, not once per step.
        if (!curveRefresh_->isActive()) curveRefresh_->start();
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

void JobPanel::selectJob(int id) {
    const int row = model_->rowOfJob(id);
    if (row >= 0) view_->setCurrentIndex(model_->index(row, 0));
}

namespace {

// The metric the curve shows: the loss when the job reports one, else the
// first metric with an x it reported.
QString curveMetric(const JobRecord& r) {
    QString first;
    for (const JobMetric& m : r.series) {
        if (m.name == QLatin1String("loss")) return m.name;
        if (first.isEmpty()) first = m.name;
    }
    return first;
}

QString xTitleOf(const QString& metric) {
    if (metric == QLatin1String("loss")) return QObject::tr("optimizer step");
    if (metric == QLatin1String("answer accuracy")) return QObject::tr("items answered");
    return QString();
}

}  // namespace

void JobPanel::showCurve() {
    const int id = selectedJob();
    const JobRecord* r = manager_->record(id);
    const QString metric = r ? curveMetric(*r) : QString();
    if (metric.isEmpty()) {
        curve_->clear();
        curve_->hide();
        return;
    }
    QList<QPointF> points;
    for (const JobMetric& m : r->series)
        if (m.name == metric) points.append(QPointF(m.x, m.value));
    curve_->setCurve(metric, xTitleOf(metric), points);
    curve_->show();
    Q_EMIT curveShown(id, static_cast<int>(points.size()));
}

void JobPanel::showSelected() {
    const JobRecord* r = manager_->record(selectedJob());
    cancel_->setEnabled(r && !r->finished());
    if (!r) {
        metrics_->setText(tr("No jobs yet. Imports, scoring, fine-tuning and inference run here."));
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
