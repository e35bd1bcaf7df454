#include "ui/dialogs/inference_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/dialogs/training_form.h"

namespace ts::ui {

InferenceDialog::InferenceDialog(const QString& projectPath, const QStringList& existingRuns, bool cudaAvailable,
                                 QWidget* parent)
    : QDialog(parent), projectPath_(projectPath), existingRuns_(existingRuns), data_(std::make_unique<DataFields>()) {
    setWindowTitle(tr("Run inference"));
    const train::InferenceOptions defaults;
    auto* outer = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    outer->addLayout(form);
    model_ = new PathField(PathField::Kind::Folder, tr("Model folder"), {}, this);
    model_->setObjectName(QStringLiteral("model"));
    form->addRow(tr("Model"), model_);
    adapter_ = new PathField(PathField::Kind::Folder, tr("LoRA adapter folder"), {}, this);
    adapter_->setObjectName(QStringLiteral("adapter"));
    adapter_->edit()->setPlaceholderText(tr("optional: a PEFT adapter (adapter_config.json)"));
    form->addRow(tr("Adapter"), adapter_);
    data_->addTo(form, this, QStringLiteral("test"));

    batch_ = new QSpinBox(this);
    batch_->setObjectName(QStringLiteral("batch"));
    batch_->setRange(1, 4096);
    batch_->setValue(defaults.batchSize);
    form->addRow(tr("Batch size"), batch_);
    maxNew_ = new QSpinBox(this);
    maxNew_->setObjectName(QStringLiteral("maxNewTokens"));
    maxNew_->setRange(1, 1 << 16);
    maxNew_->setValue(defaults.maxNewTokens);
    form->addRow(tr("Max new tokens"), maxNew_);
    noGenerationPrompt_ = new QCheckBox(tr("Reproduce the paper: no generation prompt (answers start with "
                                           "\"assistant\")"), this);
    noGenerationPrompt_->setObjectName(QStringLiteral("noGenerationPrompt"));
    form->addRow(QString(), noGenerationPrompt_);
    paperPrompts_ = new QCheckBox(tr("The paper's inference prompts (bAbI/MARCO: newline before \"Question:\")"), this);
    form->addRow(QString(), paperPrompts_);
    family_ = new QComboBox(this);
    family_->addItems({QStringLiteral("Llama"), QStringLiteral("Qwen")});
    family_->setEditable(true);
    form->addRow(tr("Model name in the system message"), family_);
    systemMessage_ = new QCheckBox(tr("Include the system message"), this);
    systemMessage_->setChecked(true);
    form->addRow(QString(), systemMessage_);
    device_ = deviceCombo(this, cudaAvailable);
    form->addRow(tr("Device"), device_);
    dtype_ = new QComboBox(this);
    dtype_->addItems({QStringLiteral("float32"), QStringLiteral("bfloat16")});
    form->addRow(tr("Precision"), dtype_);
    predictions_ = new PathField(PathField::Kind::SaveFile, tr("Predictions file"), tr("JSON Lines (*.jsonl)"), this);
    predictions_->setObjectName(QStringLiteral("predictions"));
    predictions_->edit()->setPlaceholderText(tr("appended to as batches finish; rerun to resume"));
    form->addRow(tr("Predictions"), predictions_);
    runName_ = new QLineEdit(this);
    runName_->setObjectName(QStringLiteral("runName"));
    runName_->setEnabled(!projectPath_.isEmpty());
    runName_->setPlaceholderText(projectPath_.isEmpty() ? tr("open a project to store the run") : QString());
    form->addRow(tr("Run name"), runName_);
    condition_ = new QLineEdit(this);
    condition_->setPlaceholderText(tr("e.g. correct (recorded with the run)"));
    form->addRow(tr("Condition"), condition_);
    seed_ = new QSpinBox(this);
    seed_->setRange(-1, 1 << 30);
    seed_->setValue(-1);
    seed_->setSpecialValueText(tr("none"));
    form->addRow(tr("Seed"), seed_);

    footer_.addTo(outer, this);
    for (PathField* f : {model_, data_->files, predictions_}) connect(f, &PathField::changed, this, &InferenceDialog::updateState);
    connect(runName_, &QLineEdit::textChanged, this, &InferenceDialog::updateState);
    updateState();
}

InferenceDialog::~InferenceDialog() = default;

void InferenceDialog::setModelDir(const QString& dir) { model_->setText(dir); }
void InferenceDialog::setAdapterDir(const QString& dir) { adapter_->setText(dir); }
void InferenceDialog::setDataFiles(const QStringList& files) { data_->files->setText(files.join(QLatin1Char(';'))); }
void InferenceDialog::setPredictionsFile(const QString& file) { predictions_->setText(file); }
void InferenceDialog::setRunName(const QString& name) { runName_->setText(name); }

void InferenceDialog::updateState() {
    QString problem;
    if (model_->text().isEmpty() || !QFileInfo(model_->text()).isDir()) problem = tr("Choose a model folder.");
    else if (data_->files->paths().isEmpty()) problem = tr("Choose the dataset files.");
    else if (predictions_->text().isEmpty()) problem = tr("Choose a predictions file.");
    else if (!projectPath_.isEmpty() && runName_->text().trimmed().isEmpty()) problem = tr("Name the run.");
    else if (existingRuns_.contains(runName_->text().trimmed())) problem = tr("The project already has a run of that name.");
    footer_.setProblem(problem, tr("Predictions are scored as they arrive; the run appears in the project "
                                            "when the job is done."));
}

train::InferenceRequest InferenceDialog::request() const {
    train::InferenceRequest r;
    r.modelDir = model_->text().toStdString();
    r.adapterDir = adapter_->text().toStdString();
    r.data = data_->selection();
    r.options.batchSize = batch_->value();
    r.options.maxNewTokens = maxNew_->value();
    r.options.noGenerationPrompt = noGenerationPrompt_->isChecked();
    r.options.promptStyle = paperPrompts_->isChecked() ? PromptStyle::PaperInference : PromptStyle::Training;
    r.options.modelFamily = family_->currentText().toStdString();
    r.options.includeSystemMessage = systemMessage_->isChecked();
    r.device = device_->currentData().toString().toStdString();
    r.dtype = dtype_->currentText().toStdString();
    r.predictionsFile = predictions_->text().toStdString();
    if (!projectPath_.isEmpty()) {
        r.projectPath = projectPath_.toStdString();
        r.runName = runName_->text().trimmed().toStdString();
        r.condition = condition_->text().trimmed().toStdString();
        if (seed_->value() >= 0) r.seed = seed_->value();
    }
    return r;
}

}  // namespace ts::ui
