#pragma once
// Form pieces shared by the fine-tuning and inference dialogs: a path field
// with a Browse button (folder, file to open or save, several files), the
// device choice, the data selection (files, format, split, limit), and the
// status line with Start / Cancel under the form.
#include <QString>
#include <QStringList>
#include <QWidget>

#include "core/train/job_requests.h"

class QComboBox;
class QDialog;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;

namespace ts::ui {

class PathField : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Folder, OpenFile, OpenFiles, SaveFile };
    PathField(Kind kind, QString caption, QString filter = {}, QWidget* parent = nullptr);
    // Several files are separated by ";".
    QString text() const;
    void setText(const QString& text);
    QStringList paths() const;
    QLineEdit* edit() const { return edit_; }

Q_SIGNALS:
    void changed();

private:
    void browse();
    Kind kind_;
    QString caption_, filter_;
    QLineEdit* edit_ = nullptr;
};

// cpu, and cuda when the build and the machine have it (the caller says).
QComboBox* deviceCombo(QWidget* parent, bool cudaAvailable);

struct DataFields {
    PathField* files = nullptr;
    QComboBox* format = nullptr;
    QLineEdit* split = nullptr;
    QSpinBox* limit = nullptr;
    void addTo(QFormLayout* form, QWidget* parent, const QString& defaultSplit);
    train::DataSelection selection() const;
};

// A job dialog's footer: a wrapping status line, then Start (accepts) and
// Cancel (rejects). setProblem() shows what blocks Start, or the hint when
// nothing does, and enables Start accordingly.
struct StartFooter {
    QLabel* status = nullptr;
    QDialogButtonBox* buttons = nullptr;
    void addTo(QVBoxLayout* outer, QDialog* dialog);
    void setProblem(const QString& problem, const QString& hintWhenReady);
};

}  // namespace ts::ui
