#include "ui/jobs/job_manager.h"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "core/util/error.h"

namespace ts::ui {

QString jobStateText(JobState state) {
    switch (state) {
        case JobState::Queued: return QStringLiteral("queued");
        case JobState::Running: return QStringLiteral("running");
        case JobState::Done: return QStringLiteral("done");
        case JobState::Failed: return QStringLiteral("failed");
        case JobState::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

struct JobManager::Entry {
    std::unique_ptr<Job> job;
    JobRecord record;
    CancelToken cancel;
    QFuture<void> future;
};

JobManager::JobManager(QObject* parent) : QObject(parent) { clock_.start(); }

JobManager::~JobManager() {
    cancelAll();
    for (auto& [id, e] : entries_) e->future.waitForFinished();
}

int JobManager::submit(std::unique_ptr<Job> job) {
    const int id = nextId_++;
    auto e = std::make_unique<Entry>();
    e->record.id = id;
    e->record.title = job->title();
    e->record.resource = job->resource();
    e->record.message = tr("waiting");
    e->job = std::move(job);
    e->job->setParent(nullptr);
    entries_[id] = std::move(e);
    order_.push_back(id);
    Q_EMIT jobAdded(id);
    if (entries_[id]->record.resource == JobResource::Gpu) {
        gpuQueue_.push_back(id);
        startNextGpuJob();
    } else {
        start(id);
    }
    return id;
}

void JobManager::startNextGpuJob() {
    while (!gpuBusy_ && !gpuQueue_.empty()) {
        const int id = gpuQueue_.front();
        gpuQueue_.pop_front();
        if (entries_[id]->record.state != JobState::Queued) continue;  // cancelled while queued
        gpuBusy_ = true;
        start(id);
    }
}

void JobManager::start(int id) {
    Entry& e = *entries_[id];
    e.record.state = JobState::Running;
    e.record.startedMs = clock_.elapsed();
    e.record.message = tr("starting");
    Q_EMIT jobChanged(id);
    // At most one progress event per 50 ms reaches the GUI thread.
    auto lastReport = std::make_shared<std::atomic<qint64>>(-1000);
    const QElapsedTimer clock = clock_;
    ProgressSink sink(
        [this, id, lastReport, clock](const Progress& p) {
            const qint64 now = clock.elapsed();
            if (now - lastReport->load() >= 50 || p.fraction >= 1.0) {
                lastReport->store(now);
                const QString message = QString::fromStdString(p.message);
                const double fraction = p.fraction;
                QMetaObject::invokeMethod(
                    this, [this, id, fraction, message] { onProgress(id, fraction, message); },
                    Qt::QueuedConnection);
            }
            return true;
        },
        e.cancel);
    JobContext context(
        sink,
        [this, id](const QString& line) {
            QMetaObject::invokeMethod(this, [this, id, line] { onLog(id, line); }, Qt::QueuedConnection);
        },
        [this, id](const JobMetric& m) {
            QMetaObject::invokeMethod(this, [this, id, m] { onMetric(id, m); }, Qt::QueuedConnection);
        });
    Job* job = e.job.get();
    e.future = QtConcurrent::run([this, id, job, context] {
        JobState state = JobState::Done;
        QString error;
        try {
            job->run(context);
        } catch (const Cancelled&) {
            state = JobState::Cancelled;
        } catch (const std::exception& ex) {
            state = JobState::Failed;
            error = QString::fromStdString(ex.what());
        }
        QMetaObject::invokeMethod(this, [this, id, state, error] { onFinished(id, state, error); },
                                  Qt::QueuedConnection);
    });
}

void JobManager::onProgress(int id, double fraction, const QString& message) {
    JobRecord& r = entries_[id]->record;
    if (r.finished()) return;
    r.fraction = std::clamp(fraction, 0.0, 1.0);
    if (!message.isEmpty()) r.message = message;
    Q_EMIT jobChanged(id);
}

void JobManager::onLog(int id, const QString& line) {
    entries_[id]->record.log << line;
    Q_EMIT jobChanged(id);
}

void JobManager::onMetric(int id, const JobMetric& metric) {
    JobRecord& r = entries_[id]->record;
    r.latestMetrics[metric.name] = metric;
    if (!std::isnan(metric.x)) r.series.push_back(metric);
    Q_EMIT jobChanged(id);
}

void JobManager::onFinished(int id, JobState state, const QString& error) {
    Entry& e = *entries_[id];
    e.record.state = state;
    e.record.finishedMs = clock_.elapsed();
    e.record.error = error;
    if (state == JobState::Done) {
        e.record.fraction = 1.0;
        e.job->finish();
        e.record.summary = e.job->summary();
        e.record.message = e.record.summary.isEmpty() ? tr("finished") : e.record.summary;
    } else {
        e.record.message = state == JobState::Cancelled ? tr("cancelled") : tr("failed: %1").arg(error);
        if (!error.isEmpty()) e.record.log << tr("error: %1").arg(error);
    }
    if (e.record.resource == JobResource::Gpu) {
        gpuBusy_ = false;
        startNextGpuJob();
    }
    Q_EMIT jobChanged(id);
    Q_EMIT jobFinished(id, state);
}

void JobManager::cancel(int id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    Entry& e = *it->second;
    if (e.record.state == JobState::Queued) {
        e.record.state = JobState::Cancelled;
        e.record.message = tr("cancelled before it started");
        e.record.finishedMs = clock_.elapsed();
        Q_EMIT jobChanged(id);
        Q_EMIT jobFinished(id, JobState::Cancelled);
        return;
    }
    e.cancel.request();
    if (e.record.state == JobState::Running) {
        e.record.message = tr("cancelling…");
        Q_EMIT jobChanged(id);
    }
}

void JobManager::cancelAll() {
    for (int id : order_) cancel(id);
}

void JobManager::waitForAll() {
    for (auto& [id, e] : entries_) e->future.waitForFinished();
}

const JobRecord* JobManager::record(int id) const {
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second->record;
}

Job* JobManager::job(int id) const {
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : it->second->job.get();
}

qint64 JobManager::elapsedMs(int id) const {
    const JobRecord* r = record(id);
    if (!r || r->startedMs < 0) return 0;
    return (r->finishedMs >= 0 ? r->finishedMs : clock_.elapsed()) - r->startedMs;
}

qint64 JobManager::etaMs(int id) const {
    const JobRecord* r = record(id);
    if (!r || r->state != JobState::Running || r->fraction <= 0.02) return -1;
    return static_cast<qint64>(static_cast<double>(elapsedMs(id)) * (1.0 - r->fraction) / r->fraction);
}

bool JobManager::hasRunningJobs() const {
    for (const auto& [id, e] : entries_)
        if (!e->record.finished()) return true;
    return false;
}

}  // namespace ts::ui
