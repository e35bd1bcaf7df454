#pragma once
// The workbench's Study menu (the paper's v2 human study of trace
// interpretability): New study… (NewStudyDialog), Run study… (RunStudyDialog,
// then the full-screen, blinded RatingWindow) and Export ratings… (the long
// CSV of core's exportRatingsCsv, written on the reader connection). The
// window owns one controller; it holds no project state of its own.
#include <QObject>
#include <QPointer>

class QMenu;
class QWidget;

namespace ts::ui {

class NewStudyDialog;
class ProjectSession;
class RatingWindow;
class RunStudyDialog;

class StudyController : public QObject {
    Q_OBJECT
public:
    // window: the parent of the dialogs and the rating window.
    StudyController(ProjectSession* session, QWidget* window);

    // Adds the three actions (objectNames newStudyAction, runStudyAction,
    // exportRatingsAction) to `menu`.
    void populateMenu(QMenu* menu);

    NewStudyDialog* newStudy();  // shows the dialog (window-modal, non-blocking)
    RunStudyDialog* runStudy();  // likewise; Start opens the rating view
    // Opens the full-screen rating view for a participant (joins a new ID).
    RatingWindow* startRating(const QString& study, const QString& participant);
    RatingWindow* ratingWindow() const;  // the open one, if any

    // Asks for the study (when there are several) and the file, then exportRatings.
    void exportRatingsDialog();
    // Writes the study's ratings as CSV off the GUI thread; ratingsExported or
    // exportFailed follows (with showResult, also a message box or status line).
    void exportRatings(const QString& study, const QString& path, bool showResult = false);

Q_SIGNALS:
    void studyCreated(const QString& study);
    void ratingWindowOpened(ts::ui::RatingWindow* window);
    void ratingsExported(const QString& path, int ratings);
    void exportFailed(const QString& message);

private:
    bool requireProject();

    ProjectSession* session_;
    QWidget* window_;
    QPointer<RatingWindow> rating_;
};

}  // namespace ts::ui
