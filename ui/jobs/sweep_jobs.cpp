#include "ui/jobs/sweep_jobs.h"

#include <QFileInfo>

#include "core/util/error.h"

namespace ts::ui {

namespace {

SweepStatusFn& statusFn() {
    static SweepStatusFn fn;
    return fn;
}

SweepCollectFn& collectFn() {
    static SweepCollectFn fn;
    return fn;
}

}  // namespace

void setSweepProvider(SweepStatusFn status, SweepCollectFn collect) {
    statusFn() = std::move(status);
    collectFn() = std::move(collect);
}

bool sweepProviderInstalled() {
    return statusFn() && collectFn();
}

QVector<SweepCellRow> sweepStatus(const QString& experiment, const QString& workDir) {
    if (!statusFn()) throw Error("this build of the workbench cannot read cluster sweeps");
    return statusFn()(experiment, workDir);
}

QString CollectSweepJob::title() const {
    return QObject::tr("Collect the sweep %1").arg(QFileInfo(experiment_).completeBaseName());
}

void CollectSweepJob::run(const JobContext& context) {
    if (!collectFn()) throw Error("this build of the workbench cannot collect cluster sweeps");
    outcome_ = collectFn()(experiment_, workDir_, project_, context.progress());
    for (const auto& name : outcome_.imported) context.log(QObject::tr("imported %1").arg(name));
    for (const auto& name : outcome_.alreadyPresent)
        context.log(QObject::tr("already in the project: %1").arg(name));
}

QString CollectSweepJob::summary() const {
    return QObject::tr("%1 run(s) imported, %2 already present")
        .arg(outcome_.imported.size())
        .arg(outcome_.alreadyPresent.size());
}

}  // namespace ts::ui
