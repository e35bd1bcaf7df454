#include "ui/dialogs/fine_tune_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/dialogs/training_form.h"

namespace ts::ui {

namespace {

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int value) {
    auto* s = new QSpinBox(parent);
    s->setObjectName(QString::fromLatin1(name));
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}

QDoubleSpinBox* dspin(QWidget* parent, const char* name, double lo, double hi, double value,
                      int decimals) {
    auto* s = new QDoubleSpinBox(parent);
    s->setObjectName(QString::fromLatin1(name));
    s->setDecimals(decimals);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}

}  // namespace

FineTuneDialog::FineTuneDialog(const QString& projectPath, bool cudaAvailable, QWidget* parent)
    : QDialog(parent), projectPath_(projectPath), data_(std::make_unique<DataFields>()) {
    setWindowTitle(tr("Fine-tune a model"));
    const train::TrainingConfig defaults;
    auto* outer = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    outer->addLayout(form);

    model_ = new PathField(PathField::Kind::Folder, tr("Model folder"), {}, this);
    model_->setObjectName(QStringLiteral("model"));
    model_->edit()->setPlaceholderText(
        tr("Hugging Face folder: config.json, safetensors, tokenizer, chat template"));
    form->addRow(tr("Model"), model_);
    data_->addTo(form, this, QStringLiteral("train"));
    condition_ = new QComboBox(this);
    condition_->setObjectName(QStringLiteral("condition"));
    for (auto c : allSftConditions()) {
        const auto name = sftConditionName(c);
        condition_->addItem(QString::fromUtf8(name.data(), static_cast<int>(name.size())),
                            static_cast<int>(c));
    }
    condition_->setCurrentIndex(condition_->findData(static_cast<int>(SftCondition::Correct)));
    form->addRow(tr("Trace condition"), condition_);
    family_ = new QComboBox(this);
    family_->setObjectName(QStringLiteral("family"));
    family_->addItems({QStringLiteral("Llama"), QStringLiteral("Qwen")});
    family_->setEditable(true);
    form->addRow(tr("Model name in the system message"), family_);
    systemMessage_ = new QCheckBox(tr("Include the system message"), this);
    systemMessage_->setChecked(true);
    form->addRow(QString(), systemMessage_);

    lora_ = new QCheckBox(tr("LoRA (unchecked: full fine-tuning)"), this);
    lora_->setObjectName(QStringLiteral("lora"));
    lora_->setChecked(defaults.lora.enabled);
    form->addRow(tr("Method"), lora_);
    rank_ = spin(this, "rank", 1, 1024, static_cast<int>(defaults.lora.r));
    alpha_ = dspin(this, "alpha", 0.01, 4096, defaults.lora.alpha, 2);
    dropout_ = dspin(this, "dropout", 0.0, 0.95, defaults.lora.dropout, 3);
    form->addRow(tr("LoRA rank r"), rank_);
    form->addRow(tr("LoRA alpha"), alpha_);
    form->addRow(tr("LoRA dropout"), dropout_);
    learningRate_ = new QLineEdit(QString::number(defaults.learningRate), this);
    learningRate_->setObjectName(QStringLiteral("learningRate"));
    form->addRow(tr("Learning rate"), learningRate_);
    epochs_ = spin(this, "epochs", 1, 1000, defaults.epochs);
    batch_ = spin(this, "batch", 1, 4096, defaults.microBatchSize);
    accumulation_ = spin(this, "accumulation", 1, 4096, defaults.gradientAccumulation);
    maxLength_ = spin(this, "maxLength", 2, 1 << 20, defaults.maxLength);
    seed_ = spin(this, "seed", 0, 1 << 30, 121);
    saveSteps_ = spin(this, "saveSteps", 0, 1 << 30, defaults.saveEverySteps);
    form->addRow(tr("Epochs"), epochs_);
    form->addRow(tr("Batch size"), batch_);
    form->addRow(tr("Gradient accumulation"), accumulation_);
    form->addRow(tr("Max length (tokens)"), maxLength_);
    lossOn_ = new QComboBox(this);
    lossOn_->setObjectName(QStringLiteral("lossOn"));
    lossOn_->addItem(tr("the assistant turn"), int(train::LossOn::Assistant));
    lossOn_->addItem(tr("every token (as the paper's TRL SFTTrainer)"), int(train::LossOn::All));
    lossOn_->setCurrentIndex(lossOn_->findData(int(defaults.lossOn)));
    lossOn_->setToolTip(
        tr("Which tokens the loss is taken on: the assistant's answer only (a completion-only "
           "objective), or the whole chat, system and user turns included, as the paper "
           "trained (docs/training.md)"));
    form->addRow(tr("Loss on"), lossOn_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Checkpoint every (steps)"), saveSteps_);
    device_ = deviceCombo(this, cudaAvailable);
    form->addRow(tr("Device"), device_);
    output_ = new PathField(PathField::Kind::Folder, tr("Output folder"), {}, this);
    output_->setObjectName(QStringLiteral("output"));
    output_->edit()->setPlaceholderText(
        tr("checkpoints/, final/ and result.json go here; rerun to resume"));
    form->addRow(tr("Output folder"), output_);
    thenInfer_ =
        new QCheckBox(tr("Then answer the test split and store the run in the project"), this);
    thenInfer_->setObjectName(QStringLiteral("thenInfer"));
    thenInfer_->setChecked(!projectPath_.isEmpty());
    thenInfer_->setEnabled(!projectPath_.isEmpty());
    form->addRow(QString(), thenInfer_);
    testLimit_ = spin(this, "testLimit", 0, 10000000, 0);
    testLimit_->setSpecialValueText(tr("all test items"));
    form->addRow(tr("Test items"), testLimit_);
    testMaxNew_ =
        spin(this, "testMaxNewTokens", 1, 1 << 16, train::InferenceOptions{}.maxNewTokens);
    form->addRow(tr("Max new tokens"), testMaxNew_);

    footer_.addTo(outer, this);
    for (PathField* f : {model_, data_->files, output_})
        connect(f, &PathField::changed, this, &FineTuneDialog::updateState);
    connect(lora_, &QCheckBox::toggled, this, &FineTuneDialog::updateState);
    connect(learningRate_, &QLineEdit::textChanged, this, &FineTuneDialog::updateState);
    connect(thenInfer_, &QCheckBox::toggled, this, &FineTuneDialog::updateState);
    updateState();
}

FineTuneDialog::~FineTuneDialog() = default;

void FineTuneDialog::setModelDir(const QString& dir) {
    model_->setText(dir);
}
void FineTuneDialog::setDataFiles(const QStringList& files) {
    data_->files->setText(files.join(QLatin1Char(';')));
}
void FineTuneDialog::setOutputDir(const QString& dir) {
    output_->setText(dir);
}

void FineTuneDialog::updateState() {
    for (QWidget* w : std::initializer_list<QWidget*>{rank_, alpha_, dropout_})
        w->setEnabled(lora_->isChecked());
    testLimit_->setEnabled(thenInfer_->isChecked());
    testMaxNew_->setEnabled(thenInfer_->isChecked());
    QString problem;
    bool rateOk = false;
    const double rate = learningRate_->text().toDouble(&rateOk);
    if (model_->text().isEmpty() || !QFileInfo(model_->text()).isDir())
        problem = tr("Choose a model folder.");
    else if (data_->files->paths().isEmpty())
        problem = tr("Choose the dataset files.");
    else if (output_->text().isEmpty())
        problem = tr("Choose an output folder.");
    else if (!rateOk || rate <= 0)
        problem = tr("The learning rate must be a positive number.");
    footer_.setProblem(problem,
                       tr("Training runs as a job; cancelling saves a checkpoint, and starting the "
                          "same job again resumes it."));
}

train::FineTuneRequest FineTuneDialog::request() const {
    train::FineTuneRequest r;
    r.modelDir = model_->text().toStdString();
    r.data = data_->selection();
    r.condition = static_cast<SftCondition>(condition_->currentData().toInt());
    r.family = family_->currentText().toStdString();
    r.systemMessage = systemMessage_->isChecked();
    auto& c = r.config;
    c.lora.enabled = lora_->isChecked();
    c.lora.r = rank_->value();
    c.lora.alpha = alpha_->value();
    c.lora.dropout = dropout_->value();
    c.learningRate = learningRate_->text().toDouble();
    c.epochs = epochs_->value();
    c.microBatchSize = batch_->value();
    c.gradientAccumulation = accumulation_->value();
    c.maxLength = maxLength_->value();
    c.lossOn = static_cast<train::LossOn>(lossOn_->currentData().toInt());
    c.seed = c.dataSeed = static_cast<std::uint64_t>(seed_->value());
    c.saveEverySteps = saveSteps_->value();
    r.device = device_->currentData().toString().toStdString();
    r.outputDir = output_->text().toStdString();
    return r;
}

std::optional<train::InferenceRequest> FineTuneDialog::followUp() const {
    if (!thenInfer_->isChecked() || projectPath_.isEmpty()) return std::nullopt;
    const auto fine = request();
    train::InferenceRequest r;
    r.modelDir = fine.modelDir;
    r.data = fine.data;
    r.data.split = "test";
    r.data.limit = testLimit_->value();
    r.options.maxNewTokens = testMaxNew_->value();
    r.options.modelFamily = fine.family;
    r.options.includeSystemMessage = fine.systemMessage;
    r.device = fine.device;
    r.predictionsFile = fine.outputDir / "predictions.jsonl";
    r.projectPath = projectPath_.toStdString();
    const auto condition = sftConditionName(fine.condition);
    r.condition = std::string(condition);
    r.seed = static_cast<long long>(fine.config.seed);
    r.runName = fine.modelDir.filename().string() + "/" + r.condition + "/s" +
                std::to_string(fine.config.seed);
    return r;
}

}  // namespace ts::ui
