#pragma once
// The rating view of a study (core/store/studies.h): full screen, and blinded
// - for the current trial of the participant's sequence it shows only the
// question, the context units and the trace, never the run, its name or its
// trace type. Below them two 1-5 Likert scales (interpretability, cognitive
// load), an optional one-line comment and the progress ("Item 4 of 10").
//
// Keys: 1-5 set interpretability, then cognitive load (the highlighted scale
// moves on; Backspace goes back one scale); Enter saves the trial once both
// scales are set and shows the next; Tab reaches the comment; Esc asks to
// pause. A paused or closed session resumes at the first unrated trial: the
// progress is what the project holds (loadRatings). The time on an item runs
// from showing the trial to Enter.
//
// Reads (loadStudy, loadRatings, trialContent) go to the session's reader
// connection, writes (joinStudy, saveRating) to its writer; the window only
// shows what comes back.
#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/store/studies.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTextBrowser;

namespace ts::ui {

class LikertRow;
class ProjectSession;

class RatingWindow : public QWidget {
    Q_OBJECT
public:
    enum class State { Loading, Rating, Saving, Pausing, Done, Failed };
    Q_ENUM(State)

    // Joins `participant` to the study when the ID is new. A top-level window
    // (Qt::Window) even with a parent; deletes itself when closed.
    RatingWindow(ProjectSession* session, const QString& study, const QString& participant,
                 QWidget* parent = nullptr);

    State state() const { return state_; }
    QString participant() const { return participant_; }
    int trialCount() const { return static_cast<int>(trials_.size()); }
    int currentIndex() const { return index_; }  // 0-based; -1 before the first trial
    int ratedCount() const { return static_cast<int>(rated_.size()); }
    // The scale the digits set next: 0 interpretability, 1 cognitive load.
    int activeScale() const { return active_; }
    LikertRow* scale(int which) const { return which == 0 ? interpretability_ : load_; }
    QLineEdit* commentEdit() const { return comment_; }
    QLabel* progressLabel() const { return progress_; }
    QString messageText() const;  // the error, pause or thank-you text shown
    // For tests and logs only (never shown): the item the current trial rates.
    QString currentItemKey() const;

Q_SIGNALS:
    // A trial is on screen and can be rated.
    void trialShown(int index);
    void ratingSaved(int index);
    void finished();  // every trial rated
    void paused();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Start;
    void begin(std::shared_ptr<const store::Study> study, int slot,
               const std::vector<store::StudyRating>& ratings);
    void showTrial(int index);
    void showContent(int index, const store::TrialContent& content);
    void setActiveScale(int which);
    void setDigit(int value);
    void save();
    void askPause();
    void resumeRating();
    void showMessage(State state, const QString& title, const QString& text);
    void fail(const QString& message);
    int nextUnrated(int from) const;
    void updateHint();

    ProjectSession* session_;
    QString studyName_;
    QString participant_;
    State state_ = State::Loading;
    std::shared_ptr<const store::Study> study_;
    std::vector<store::ParticipantTrial> trials_;
    std::set<std::string> rated_;  // item keys this participant has rated
    int index_ = -1;
    int active_ = 0;
    QElapsedTimer shownFor_;
    qint64 accumulatedNs_ = 0;  // time on the item before a break

    QStackedWidget* pages_;
    QLabel* progress_;
    QLabel* question_;
    QTextBrowser* context_;
    QTextBrowser* trace_;
    LikertRow* interpretability_;
    LikertRow* load_;
    QLineEdit* comment_;
    QLabel* hint_;
    QLabel* error_;
    QLabel* messageTitle_;
    QLabel* messageText_;
    QPushButton* messagePrimary_;
    QPushButton* messageSecondary_;
};

}  // namespace ts::ui
