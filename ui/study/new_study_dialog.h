#pragma once
// Study > New study…: a study's name, the runs it compares (two or more, one
// arm each, all of one dataset), the number of items, the participant IDs to
// register now (comma-separated, optional: more join when they first rate)
// and the seed. Create calls core's createStudy on the session's writer
// connection; core's refusals (a taken name, runs of different datasets, an
// item count that is not a multiple of the arms, ...) are shown in the dialog.
#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace ts::ui {

class ProjectSession;

class NewStudyDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewStudyDialog(ProjectSession* session, QWidget* parent = nullptr);

    QLineEdit* nameEdit() const { return name_; }
    QListWidget* runList() const { return runs_; }  // checkable, one row per run
    QSpinBox* itemsBox() const { return items_; }
    QLineEdit* participantsEdit() const { return participants_; }
    QSpinBox* seedBox() const { return seed_; }
    QPushButton* createButton() const { return create_; }
    QLabel* errorLabel() const { return error_; }

    // Checks the run with that name (tests, scripts).
    void setRunChecked(const QString& name, bool checked);

Q_SIGNALS:
    void created(const QString& study);

private:
    void submit();

    ProjectSession* session_;
    QLineEdit* name_;
    QListWidget* runs_;
    QSpinBox* items_;
    QLineEdit* participants_;
    QSpinBox* seed_;
    QLabel* error_;
    QPushButton* create_;
};

}  // namespace ts::ui
