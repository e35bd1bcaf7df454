#pragma once
// The workbench's trainer: core/train's runFineTune and runInferenceRequest -
// the same functions `tracescope-cli train` and `infer` run - installed as
// the runners of the "Fine-tune..." and "Run inference..." jobs
// (ui/jobs/training_jobs.h). The jobs hand each runner their JobContext's
// progress sink (fraction, message, and ts::Cancelled once Cancel was asked:
// training saves a checkpoint, inference keeps whole lines) and turn its
// per-step and per-batch callbacks into the loss, learning rate, tokens/s and
// answer accuracy metrics of the job panel. ts_ui itself stays torch-free:
// only executables that link ts_train include this header (the application
// and its training test), which is why it is header-only.
#include "core/train/job_requests.h"
#include "ui/jobs/training_jobs.h"

namespace ts::app {

inline void installTrainingRunners() {
    ui::setTrainingRunners(
        [](const train::FineTuneRequest& request, const ProgressSink& progress,
           const train::StepCallback& onStep) {
            return train::runFineTune(request, progress, onStep);
        },
        [](const train::InferenceRequest& request, const ProgressSink& progress,
           const train::BatchCallback& onBatch) {
            return train::runInferenceRequest(request, progress, onBatch);
        });
}

}  // namespace ts::app
