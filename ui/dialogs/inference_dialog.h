#pragma once
// "Run inference…": a model folder (and optional LoRA adapter), the dataset
// split, generation settings (batch size, max new tokens, the paper's
// no-generation-prompt quirk and inference prompts), the device, the
// predictions file and the run's name, condition and seed in the open
// project. The dialog only builds the request; the main window submits it.
#include <QDialog>

#include <memory>

#include "core/train/job_requests.h"
#include "ui/dialogs/training_form.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace ts::ui {

class InferenceDialog : public QDialog {
    Q_OBJECT
public:
    InferenceDialog(const QString& projectPath, const QStringList& existingRuns, bool cudaAvailable,
                    QWidget* parent = nullptr);
    ~InferenceDialog() override;

    train::InferenceRequest request() const;

    void setModelDir(const QString& dir);
    void setAdapterDir(const QString& dir);
    void setDataFiles(const QStringList& files);
    void setPredictionsFile(const QString& file);
    void setRunName(const QString& name);

private:
    void updateState();

    QString projectPath_;
    QStringList existingRuns_;
    PathField* model_ = nullptr;
    PathField* adapter_ = nullptr;
    std::unique_ptr<DataFields> data_;
    QSpinBox* batch_ = nullptr;
    QSpinBox* maxNew_ = nullptr;
    QCheckBox* noGenerationPrompt_ = nullptr;
    QCheckBox* paperPrompts_ = nullptr;
    QComboBox* family_ = nullptr;
    QCheckBox* systemMessage_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* dtype_ = nullptr;
    PathField* predictions_ = nullptr;
    QLineEdit* runName_ = nullptr;
    QLineEdit* condition_ = nullptr;
    QSpinBox* seed_ = nullptr;
    StartFooter footer_;
};

}  // namespace ts::ui
