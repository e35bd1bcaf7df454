// tracescope: the Qt workbench (ui/workbench_main.h has the options). This
// file only installs what needs core/train: the runners of the fine-tuning
// and inference jobs, the demo experiment's runs, and cluster sweeps.
#include <QApplication>

#include "app/gui/demo_runs.h"
#include "app/gui/sweep_provider.h"
#include "app/gui/training_runners.h"
#include "core/util/heap_tuning.h"
#include "ui/workbench_main.h"

int main(int argc, char** argv) {
    ts::keepFreedTensorMemory();
    QApplication app(argc, argv);
    ts::app::installTrainingRunners();
    ts::app::installDemoRunProvider();
    ts::app::installSweepProvider();
    return ts::ui::runWorkbench();
}
