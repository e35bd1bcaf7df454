#include "ui/dialogs/training_actions.h"

#include <QMessageBox>

#include "ui/dialogs/fine_tune_dialog.h"
#include "ui/dialogs/inference_dialog.h"
#include "ui/jobs/job_manager.h"
#include "ui/jobs/training_jobs.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

bool ready(QWidget* parent) {
    if (trainingRunnersInstalled()) return true;
    QMessageBox::information(parent, QObject::tr("Training"),
                             QObject::tr("This build of the workbench has no trainer installed."));
    return false;
}

bool cudaAvailableHere() {
    // The runner decides; offering CUDA is harmless, a job on a machine
    // without it fails with a clear message.
    return true;
}

QStringList runNames(ProjectSession* session) {
    QStringList names;
    for (const auto& r : session->catalogue().runs) names << QString::fromStdString(r.name);
    return names;
}

void refreshWhenStored(InferenceJob* job, ProjectSession* session) {
    QObject::connect(job, &InferenceJob::stored, session, [session](const QString& runName) {
        if (!runName.isEmpty()) session->refreshCatalogue();
    });
}

}  // namespace

int showFineTuneDialog(QWidget* parent, JobManager* jobs, ProjectSession* session) {
    if (!ready(parent)) return 0;
    FineTuneDialog dialog(session->isOpen() ? session->path() : QString(), cudaAvailableHere(), parent);
    if (dialog.exec() != QDialog::Accepted) return 0;
    auto train = std::make_unique<FineTuneJob>(dialog.request());
    const auto followUp = dialog.followUp();
    const bool lora = dialog.request().config.lora.enabled;
    if (!followUp) return jobs->submit(std::move(train));
    // The inference job waits in the GPU queue behind the training job and
    // takes the trained adapter (or model) when it is handed over.
    auto infer = std::make_unique<InferenceJob>(*followUp);
    InferenceJob* inferPtr = infer.get();
    inferPtr->expectTrainedModel();
    refreshWhenStored(inferPtr, session);
    QObject::connect(train.get(), &FineTuneJob::trained, inferPtr,
                     [inferPtr, lora](const QString& finalDir) { inferPtr->useTrainedModel(finalDir, lora); });
    jobs->submit(std::move(train));
    return jobs->submit(std::move(infer));
}

int showInferenceDialog(QWidget* parent, JobManager* jobs, ProjectSession* session) {
    if (!ready(parent)) return 0;
    InferenceDialog dialog(session->isOpen() ? session->path() : QString(), runNames(session), cudaAvailableHere(),
                           parent);
    if (dialog.exec() != QDialog::Accepted) return 0;
    auto job = std::make_unique<InferenceJob>(dialog.request());
    refreshWhenStored(job.get(), session);
    return jobs->submit(std::move(job));
}

}  // namespace ts::ui
