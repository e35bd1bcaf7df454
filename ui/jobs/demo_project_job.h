#pragma once
// The demo project: DemoProjectJob builds it on first run (creates the
// .tsproj and stores the project's own sample datasets - sample_data/, made by
// core's generators, or generated into a cache folder when the source tree has
// none); DemoRunsJob then adds the demo experiment's trained runs through the
// installed provider.
#include <QString>

#include <functional>

#include "ui/jobs/job.h"

namespace ts::ui {

// The hook for the demo experiment's runs: a core function that trains (or
// resumes) the demo experiment and stores its runs in the project file.
// app/gui/main.cpp installs core/train's runDemoExperiment when the build has
// it; without a provider the demo project holds the sample datasets and the
// paper's runs can be imported from the banner. Called on a worker thread.
using DemoRunProvider = std::function<void(const QString& projectPath, const JobContext& context)>;
void setDemoRunProvider(DemoRunProvider provider);
const DemoRunProvider& demoRunProvider();

// Runs the provider as a model job (one at a time with training/inference).
class DemoRunsJob : public Job {
    Q_OBJECT
public:
    explicit DemoRunsJob(QString projectPath) : projectPath_(std::move(projectPath)) {}
    QString title() const override { return tr("Train the demo experiment"); }
    JobResource resource() const override { return JobResource::Gpu; }
    void run(const JobContext& context) override { demoRunProvider()(projectPath_, context); }
    void finish() override { Q_EMIT done(projectPath_); }

Q_SIGNALS:
    void done(const QString& projectPath);

private:
    QString projectPath_;
};

class DemoProjectJob : public Job {
    Q_OBJECT
public:
    explicit DemoProjectJob(QString projectPath);
    QString title() const override { return tr("Build the demo project"); }
    void run(const JobContext& context) override;
    void finish() override { Q_EMIT ready(projectPath_); }
    QString summary() const override { return summary_; }

Q_SIGNALS:
    void ready(const QString& projectPath);

private:
    QString projectPath_;
    QString summary_;
};

}  // namespace ts::ui
