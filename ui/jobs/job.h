#pragma once
// The generic job the workbench runs off the GUI thread: importing, scoring,
// building the demo project now; training and inference later. A job's run()
// happens on a worker thread and reports through its JobContext (a progress
// fraction and message, log lines, named metrics such as tokens/s or loss
// points); it never touches widgets. finish() runs on the GUI thread after a
// successful run() so the job can hand its typed result to whoever waits.
#include <QObject>
#include <QString>

#include <functional>
#include <limits>

#include "core/jobs/progress.h"

namespace ts::ui {

// GPU jobs wait for each other (one at a time); CPU jobs start at once.
enum class JobResource { Cpu, Gpu };

// One metric sample: a value and, for series such as a loss curve, its x.
struct JobMetric {
    QString name;
    double value = 0.0;
    double x = std::numeric_limits<double>::quiet_NaN();
};

class JobContext {
public:
    using LogFn = std::function<void(const QString&)>;
    using MetricFn = std::function<void(const JobMetric&)>;
    JobContext(ProgressSink progress, LogFn log, MetricFn metric)
        : progress_(std::move(progress)), log_(std::move(log)), metric_(std::move(metric)) {}

    // report(fraction, message) throws ts::Cancelled once cancel was asked.
    const ProgressSink& progress() const { return progress_; }
    void log(const QString& line) const { log_(line); }
    void metric(const QString& name, double value,
                double x = std::numeric_limits<double>::quiet_NaN()) const {
        metric_(JobMetric{name, value, x});
    }

private:
    ProgressSink progress_;
    LogFn log_;
    MetricFn metric_;
};

class Job : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~Job() override = default;

    virtual QString title() const = 0;
    virtual JobResource resource() const { return JobResource::Cpu; }
    // Worker thread. Throw ts::Cancelled to stop, any std::exception to fail.
    virtual void run(const JobContext& context) = 0;
    // GUI thread, after run() returned normally: emit the typed result here.
    virtual void finish() {}
    // One line for the job list once it is done ("4 runs, 3,800 predictions").
    virtual QString summary() const { return {}; }
};

}  // namespace ts::ui
