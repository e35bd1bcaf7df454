#include "ui/jobs/training_jobs.h"

#include "core/util/error.h"

namespace ts::ui {

namespace {

struct Runners {
    FineTuneRunner fineTune;
    InferenceRunner inference;
};

Runners& runners() {
    static Runners r;
    return r;
}

QString fileName(const std::filesystem::path& p) { return QString::fromStdString(p.filename().string()); }

}  // namespace

void setTrainingRunners(FineTuneRunner fineTune, InferenceRunner inference) {
    runners() = {std::move(fineTune), std::move(inference)};
}

bool trainingRunnersInstalled() { return bool(runners().fineTune) && bool(runners().inference); }

QString FineTuneJob::title() const {
    return tr("Fine-tune %1 (%2, %3)")
        .arg(fileName(request_.modelDir),
             request_.sftFile.empty() ? QString::fromUtf8(sftConditionName(request_.condition).data(), static_cast<int>(sftConditionName(request_.condition).size()))
                                      : fileName(request_.sftFile),
             request_.config.lora.enabled ? tr("LoRA r %1").arg(request_.config.lora.r) : tr("full"));
}

void FineTuneJob::run(const JobContext& context) {
    if (!runners().fineTune) throw Error("this build has no trainer installed");
    result_ = runners().fineTune(request_, context.progress(), [&context](const train::StepRecord& r, std::int64_t) {
        const double x = static_cast<double>(r.step);
        context.metric(QStringLiteral("loss"), r.loss, x);
        context.metric(QStringLiteral("learning rate"), r.learningRate);
        if (r.seconds > 0) context.metric(QStringLiteral("tokens/s"), static_cast<double>(r.tokens) / r.seconds);
    });
    if (result_.alreadyFinished) context.log(tr("already trained: %1").arg(QString::fromStdString(result_.finalDir.string())));
    else if (result_.resumedFromStep > 0) context.log(tr("resumed at step %1").arg(result_.resumedFromStep));
}

QString FineTuneJob::summary() const {
    return tr("%1 steps, final loss %2, %3 rows cut at max length")
        .arg(result_.steps)
        .arg(result_.finalLoss(), 0, 'f', 3)
        .arg(result_.truncatedRows);
}

QString InferenceJob::title() const {
    return request_.runName.empty() ? tr("Inference with %1").arg(fileName(request_.modelDir))
                                    : tr("Inference: %1").arg(QString::fromStdString(request_.runName));
}

void InferenceJob::useTrainedModel(const QString& finalDir, bool isAdapter) {
    if (isAdapter) request_.adapterDir = finalDir.toStdString();
    else request_.modelDir = finalDir.toStdString();
    receivedTrained_ = true;
}

void InferenceJob::run(const JobContext& context) {
    if (!runners().inference) throw Error("this build has no inference runner installed");
    if (expectsTrained_ && !receivedTrained_)
        throw Error("the fine-tuning job before this one did not finish, so there is no trained model to answer with");
    outcome_ = runners().inference(request_, context.progress(),
                                   [&context](const std::vector<std::string>&, const train::LiveScore& s) {
                                       context.metric(QStringLiteral("answer accuracy"), s.answerAccuracy(),
                                                      static_cast<double>(s.done));
                                   });
}

QString InferenceJob::summary() const {
    const auto& s = outcome_.inference.score;
    return tr("%1 items, answer accuracy %2%, %3 tokens/s")
        .arg(s.done)
        .arg(100.0 * s.answerAccuracy(), 0, 'f', 1)
        .arg(outcome_.inference.tokensPerSecond(), 0, 'f', 0);
}

}  // namespace ts::ui
