#pragma once
// The demo experiment as the workbench runs it: a tiny model trained on the
// sample data under each condition, then scored and stored in the demo
// project (core/train's runDemoExperiment, the same as `tracescope-cli
// demo`), installed as the provider of the demo-runs job
// (ui/jobs/demo_project_job.h). Each cell's stages go to the job's log, each
// optimizer step to its loss and tokens/s metrics. Header-only, like
// training_runners.h: ts_ui stays torch-free, and the application and its
// test install the same provider.
#include <cstdint>

#include "core/train/demo_experiment.h"
#include "ui/jobs/demo_project_job.h"

namespace ts::app {

inline void installDemoRunProvider() {
    ui::setDemoRunProvider([](const QString& project, const ui::JobContext& context) {
        train::ExperimentObserver observer;
        observer.onStage = [&context](const train::CellKey& key, train::CellStage stage) {
            context.log(QString::fromStdString(key.runName + ": " + train::cellStageName(stage)));
        };
        observer.onTrainingStep = [&context](const train::CellKey&, const train::StepRecord& r,
                                             std::int64_t) {
            context.metric(QStringLiteral("loss"), r.loss, static_cast<double>(r.step));
            if (r.seconds > 0)
                context.metric(QStringLiteral("tokens/s"),
                               static_cast<double>(r.tokens) / r.seconds);
        };
        runDemoExperiment(project.toStdString(), context.progress(), observer);
    });
}

}  // namespace ts::app
