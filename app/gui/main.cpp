// tracescope: the Qt workbench (ui/workbench_main.h has the options). This
// file only installs what needs core/train: the runners of the fine-tuning
// and inference jobs, and the demo experiment's runs.
#include <QApplication>

#include <cstdint>

#include "app/gui/training_runners.h"
#include "core/util/heap_tuning.h"
#include "ui/jobs/demo_project_job.h"
#include "ui/workbench_main.h"
#if __has_include("core/train/demo_experiment.h")
#include "core/train/demo_experiment.h"
#define TRACESCOPE_HAVE_DEMO_EXPERIMENT 1
#endif

namespace {

// The demo experiment: a tiny model trained on the sample data under each
// condition, then scored and stored in the demo project (core/train).
void installDemoRunProvider() {
#ifdef TRACESCOPE_HAVE_DEMO_EXPERIMENT
    ts::ui::setDemoRunProvider([](const QString& project, const ts::ui::JobContext& context) {
        ts::train::ExperimentObserver observer;
        observer.onStage = [&context](const ts::train::CellKey& key, ts::train::CellStage stage) {
            context.log(QString::fromStdString(key.runName + ": " + ts::train::cellStageName(stage)));
        };
        observer.onTrainingStep = [&context](const ts::train::CellKey&, const ts::train::StepRecord& r,
                                             std::int64_t) {
            context.metric(QStringLiteral("loss"), r.loss, static_cast<double>(r.step));
            if (r.seconds > 0)
                context.metric(QStringLiteral("tokens/s"), static_cast<double>(r.tokens) / r.seconds);
        };
        ts::runDemoExperiment(project.toStdString(), context.progress(), observer);
    });
#endif
}

}  // namespace

int main(int argc, char** argv) {
    ts::keepFreedTensorMemory();
    QApplication app(argc, argv);
    ts::app::installTrainingRunners();
    installDemoRunProvider();
    return ts::ui::runWorkbench();
}
