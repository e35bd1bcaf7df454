#pragma once
// Cluster sweeps for the workbench: core/train's sweepStatus and
// collectBundles (the same as `tracescope-cli experiment status` and
// `collect`), installed as the provider of ui/jobs/sweep_jobs.h. Header-only,
// like training_runners.h: ts_ui stays torch-free, and the application and its
// tests install the same provider.
#include "core/train/experiment_runner.h"
#include "core/train/slurm_sweep.h"
#include "ui/jobs/sweep_jobs.h"

namespace ts::app {

inline void installSweepProvider() {
    ui::setSweepProvider(
        [](const QString& experiment, const QString& workDir) {
            const auto spec = train::loadExperimentSpec(experiment.toStdString());
            QVector<ui::SweepCellRow> rows;
            for (const auto& c : train::sweepStatus(spec, workDir.toStdString()))
                rows.push_back({static_cast<int>(c.index), QString::fromStdString(c.runName),
                                QString::fromStdString(c.state()), c.bundle});
            return rows;
        },
        [](const QString& experiment, const QString& workDir, const QString& project,
           const ProgressSink& progress) {
            const auto spec = train::loadExperimentSpec(experiment.toStdString());
            const auto r = train::collectBundles(
                spec, project.toStdString(), train::bundleRoot(workDir.toStdString()), progress);
            ui::SweepCollectOutcome out;
            for (const auto& n : r.imported) out.imported << QString::fromStdString(n);
            for (const auto& n : r.alreadyPresent) out.alreadyPresent << QString::fromStdString(n);
            return out;
        });
}

}  // namespace ts::app
