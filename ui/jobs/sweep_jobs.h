#pragma once
// A cluster sweep as the workbench sees it (docs/cluster.md): each cell's
// state (the scheduler's, or "done" once its run bundle verifies) and
// collecting the finished bundles into the open project. The work is
// core/train's sweepStatus / collectBundles, installed by the application
// (app/gui/sweep_provider.h) so that ts_ui does not link the trainer.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

#include "ui/jobs/job.h"

namespace ts::ui {

struct SweepCellRow {
    int index = 0;
    QString runName;
    QString state;  // "done", PENDING, RUNNING, CANCELLED, ..., "not queued"
    bool done = false;
};

struct SweepCollectOutcome {
    QStringList imported, alreadyPresent;
};

// status: (experiment file, work folder) -> one row per cell; may run a
// scheduler command, so callers run it off the GUI thread. Throws ts::Error.
using SweepStatusFn =
    std::function<QVector<SweepCellRow>(const QString& experiment, const QString& workDir)>;
// collect: (experiment file, work folder, project) -> what was imported.
using SweepCollectFn =
    std::function<SweepCollectOutcome(const QString& experiment, const QString& workDir,
                                      const QString& project, const ProgressSink& progress)>;
void setSweepProvider(SweepStatusFn status, SweepCollectFn collect);
bool sweepProviderInstalled();
QVector<SweepCellRow> sweepStatus(const QString& experiment, const QString& workDir);

// Collecting as a job (CPU): every bundle is verified before anything is
// imported, one transaction per bundle, nothing twice.
class CollectSweepJob : public Job {
    Q_OBJECT
public:
    CollectSweepJob(QString experiment, QString workDir, QString project)
        : experiment_(std::move(experiment)),
          workDir_(std::move(workDir)),
          project_(std::move(project)) {}
    QString title() const override;
    void run(const JobContext& context) override;
    void finish() override { Q_EMIT collected(outcome_); }
    QString summary() const override;

Q_SIGNALS:
    void collected(const ts::ui::SweepCollectOutcome& outcome);

private:
    QString experiment_, workDir_, project_;
    SweepCollectOutcome outcome_;
};

}  // namespace ts::ui

Q_DECLARE_METATYPE(ts::ui::SweepCollectOutcome)
