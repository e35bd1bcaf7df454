#pragma once
// "Fine-tune…": the model folder, the dataset split and trace condition, the
// hyper-parameters with the paper's defaults (LoRA r 16, alpha 32, dropout
// 0.05, lr 2e-4, 3 epochs, batch 4 x accumulation 4, max length 1024), the
// device and the output folder; optionally followed by inference on the test
// split, stored as a run in the open project. The dialog only builds the
// requests; the main window submits them as jobs.
#include <QDialog>

#include <memory>
#include <optional>

#include "core/train/job_requests.h"
#include "ui/dialogs/training_form.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ts::ui {

class FineTuneDialog : public QDialog {
    Q_OBJECT
public:
    FineTuneDialog(const QString& projectPath, bool cudaAvailable, QWidget* parent = nullptr);
    ~FineTuneDialog() override;

    train::FineTuneRequest request() const;
    // Inference on the test split after training, when asked for (and a project is open).
    std::optional<train::InferenceRequest> followUp() const;

    // Fields, for tests and presets.
    void setModelDir(const QString& dir);
    void setDataFiles(const QStringList& files);
    void setOutputDir(const QString& dir);

private:
    void updateState();

    QString projectPath_;
    PathField* model_ = nullptr;
    std::unique_ptr<DataFields> data_;
    QComboBox* condition_ = nullptr;
    QComboBox* family_ = nullptr;
    QCheckBox* systemMessage_ = nullptr;
    QCheckBox* lora_ = nullptr;
    QSpinBox* rank_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QDoubleSpinBox* dropout_ = nullptr;
    QLineEdit* learningRate_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* accumulation_ = nullptr;
    QSpinBox* maxLength_ = nullptr;
    QComboBox* lossOn_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* saveSteps_ = nullptr;
    QComboBox* device_ = nullptr;
    PathField* output_ = nullptr;
    QCheckBox* thenInfer_ = nullptr;
    QSpinBox* testLimit_ = nullptr;
    QSpinBox* testMaxNew_ = nullptr;
    StartFooter footer_;
};

}  // namespace ts::ui
