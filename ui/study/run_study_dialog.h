#pragma once
// Study > Run study…: pick one of the project's studies and type a
// participant ID. A registered ID resumes at its first unrated trial; an
// unknown ID joins the study (joinStudy) when the rating view opens. The
// studies and their participants' progress are read on the session's reader.
#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QPushButton;

namespace ts::ui {

class ProjectSession;

class RunStudyDialog : public QDialog {
    Q_OBJECT
public:
    explicit RunStudyDialog(ProjectSession* session, QWidget* parent = nullptr);

    QComboBox* studyBox() const { return study_; }
    QComboBox* participantBox() const { return participant_; }  // editable
    QPushButton* startButton() const { return start_; }
    QString study() const;
    QString participant() const;

Q_SIGNALS:
    // The studies were listed (and the first one's participants read).
    void studiesListed(int count);
    // Start was pressed with a study and an ID; the dialog closes.
    void startRequested(const QString& study, const QString& participant);

private:
    void loadParticipants();
    void updateStatus();

    ProjectSession* session_;
    QComboBox* study_;
    QComboBox* participant_;
    QLabel* status_;
    QPushButton* start_;
    QMap<QString, int> rated_;  // the chosen study's participants -> items rated
    int items_ = 0;
    bool listed_ = false;
};

}  // namespace ts::ui
