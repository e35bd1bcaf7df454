#pragma once
// Runs jobs on worker threads (QThreadPool) and keeps their records for the
// job panel: state, progress fraction and message, elapsed time and ETA, log,
// metrics, error. Workers reach the manager only through queued calls with
// value structs; progress is throttled so a fast loop cannot flood the GUI.
// GPU jobs queue behind each other; CPU jobs start immediately.
#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "ui/jobs/job.h"

namespace ts::ui {

enum class JobState { Queued, Running, Done, Failed, Cancelled };
QString jobStateText(JobState state);

struct JobRecord {
    int id = 0;
    QString title;
    JobResource resource = JobResource::Cpu;
    JobState state = JobState::Queued;
    double fraction = 0.0;
    QString message;
    QStringList log;
    std::map<QString, JobMetric> latestMetrics;
    std::vector<JobMetric> series;  // metrics with an x (loss curves), in arrival order
    QString error;
    QString summary;
    qint64 startedMs = -1;  // since the manager's clock started; -1 before start
    qint64 finishedMs = -1;

    bool finished() const { return state == JobState::Done || state == JobState::Failed || state == JobState::Cancelled; }
};

class JobManager : public QObject {
    Q_OBJECT
public:
    explicit JobManager(QObject* parent = nullptr);
    ~JobManager() override;

    // Takes the job; returns its id. The job starts now (CPU) or when the
    // GPU is free.
    int submit(std::unique_ptr<Job> job);
    void cancel(int id);
    void cancelAll();
    // Blocks until every job has finished (shutdown, tests).
    void waitForAll();

    const std::vector<int>& ids() const { return order_; }
    const JobRecord* record(int id) const;
    Job* job(int id) const;
    // Milliseconds the job has run (to now, or to its end).
    qint64 elapsedMs(int id) const;
    // Estimated milliseconds left from the fraction so far; -1 when unknown.
    qint64 etaMs(int id) const;
    bool hasRunningJobs() const;

Q_SIGNALS:
    void jobAdded(int id);
    void jobChanged(int id);
    void jobFinished(int id, JobState state);

private:
    struct Entry;
    void start(int id);
    void startNextGpuJob();
    void onProgress(int id, double fraction, const QString& message);
    void onLog(int id, const QString& line);
    void onMetric(int id, const JobMetric& metric);
    void onFinished(int id, JobState state, const QString& error);

    QElapsedTimer clock_;
    std::map<int, std::unique_ptr<Entry>> entries_;
    std::vector<int> order_;
    std::deque<int> gpuQueue_;
    bool gpuBusy_ = false;
    int nextId_ = 1;
};

}  // namespace ts::ui
