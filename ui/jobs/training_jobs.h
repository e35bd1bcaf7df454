#pragma once
// Fine-tuning and inference as workbench jobs (GPU resource: one at a time,
// queued). The work itself is core/train's runFineTune / runInferenceRequest,
// installed as runners by the application (app/gui/main.cpp) so that the
// widget library does not link the trainer; without runners the dialogs say
// so instead of starting. Progress, ETA and cancel come from the job panel;
// each optimizer step adds "loss" (x = step), "tokens/s" and "learning rate"
// metrics for the live chart, each inference batch "answer accuracy".
#include <QString>

#include <functional>

#include "core/train/job_requests.h"
#include "ui/jobs/job.h"

namespace ts::ui {

using FineTuneRunner = std::function<train::TrainingResult(const train::FineTuneRequest&, const ProgressSink&,
                                                           const train::StepCallback&)>;
using InferenceRunner = std::function<train::InferenceOutcome(const train::InferenceRequest&, const ProgressSink&,
                                                              const train::BatchCallback&)>;
void setTrainingRunners(FineTuneRunner fineTune, InferenceRunner inference);
bool trainingRunnersInstalled();

class FineTuneJob : public Job {
    Q_OBJECT
public:
    explicit FineTuneJob(train::FineTuneRequest request) : request_(std::move(request)) {}
    QString title() const override;
    JobResource resource() const override { return JobResource::Gpu; }
    void run(const JobContext& context) override;
    void finish() override { Q_EMIT trained(QString::fromStdString(result_.finalDir.string())); }
    QString summary() const override;
    const train::TrainingResult& result() const { return result_; }
    const train::FineTuneRequest& request() const { return request_; }

Q_SIGNALS:
    // The adapter or model folder the run produced.
    void trained(const QString& finalDir);

private:
    train::FineTuneRequest request_;
    train::TrainingResult result_;
};

class InferenceJob : public Job {
    Q_OBJECT
public:
    explicit InferenceJob(train::InferenceRequest request) : request_(std::move(request)) {}
    QString title() const override;
    JobResource resource() const override { return JobResource::Gpu; }
    void run(const JobContext& context) override;
    void finish() override { Q_EMIT stored(QString::fromStdString(request_.runName)); }
    QString summary() const override;
    const train::InferenceOutcome& outcome() const { return outcome_; }
    // Chained after a fine-tuning job: refuse to run unless that job handed
    // over the adapter (or model) it trained (it failed or was cancelled).
    void expectTrainedModel() { expectsTrained_ = true; }
    void useTrainedModel(const QString& finalDir, bool isAdapter);

Q_SIGNALS:
    // The run name (empty when no project was given).
    void stored(const QString& runName);

private:
    train::InferenceRequest request_;
    train::InferenceOutcome outcome_;
    bool expectsTrained_ = false;
    bool receivedTrained_ = false;
};

}  // namespace ts::ui
