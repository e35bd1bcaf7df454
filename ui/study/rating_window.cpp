#include "ui/study/rating_window.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <optional>

#include "ui/session/project_session.h"
#include "ui/study/likert_row.h"

namespace ts::ui {

namespace {

enum Page { kRatingPage = 0, kMessagePage = 1 };

// One look for every participant, whatever the workbench's theme.
const char* const kStyle = R"(
#ratingWindow { background: #f5f6f8; }
#ratingWindow QLabel { color: #1d2430; }
#ratingHeading { color: #5b6675; font-size: 11pt; font-weight: 600; }
#ratingProgress { color: #3d4857; font-size: 13pt; font-weight: 600; }
#ratingQuestion { font-size: 19pt; font-weight: 600; }
QTextBrowser#ratingContext, QTextBrowser#ratingTrace {
  background: #ffffff; color: #1d2430; border: 1px solid #d3d9e0; border-radius: 6px;
  padding: 8px 12px; }
QTextBrowser#ratingContext { font-size: 13pt; }
QTextBrowser#ratingTrace { font-size: 15pt; }
#ratingPanel { background: #ffffff; border-top: 1px solid #d3d9e0; }
#likertRow { border: 1px solid transparent; border-radius: 8px; }
#likertRow[active="true"] { background: #e8f1fc; border: 1px solid #8db3e2; }
#likertQuestion { font-size: 13pt; }
#likertMarker { color: #1f5fa8; font-size: 14pt; }
QPushButton#likertValue {
  background: #ffffff; color: #1d2430; border: 1px solid #b7c0cc; border-radius: 6px;
  font-size: 12pt; padding: 4px 6px; }
QPushButton#likertValue:hover { border: 1px solid #1f5fa8; }
QPushButton#likertValue:checked {
  background: #1f5fa8; color: #ffffff; border: 1px solid #1f5fa8; font-weight: 600; }
#ratingComment { font-size: 12pt; padding: 4px 8px; border: 1px solid #b7c0cc;
  border-radius: 6px; background: #ffffff; color: #1d2430; }
#ratingHint { color: #4f5a69; font-size: 11pt; }
#ratingError { color: #b03a2e; font-size: 11pt; font-weight: 600; }
#messageTitle { font-size: 28pt; font-weight: 600; }
#messageText { font-size: 15pt; }
QPushButton#messageButton {
  font-size: 13pt; padding: 10px 24px; border-radius: 6px; border: 1px solid #b7c0cc;
  background: #ffffff; color: #1d2430; }
QPushButton#messageButton[primary="true"] {
  background: #1f5fa8; color: #ffffff; border: 1px solid #1f5fa8; }
)";

QLabel* heading(const QString& text, QWidget* parent) {
    auto* l = new QLabel(text, parent);
    l->setObjectName(QStringLiteral("ratingHeading"));
    return l;
}

QTextBrowser* textPane(const QString& name, QWidget* parent) {
    auto* t = new QTextBrowser(parent);
    t->setObjectName(name);
    t->setFocusPolicy(Qt::NoFocus);
    t->setOpenLinks(false);
    t->setFrameShape(QFrame::NoFrame);
    return t;
}

QString contextHtml(const std::vector<std::string>& units) {
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3'>");
    int n = 0;
    for (const auto& unit : units)
        html += QStringLiteral(
                    "<tr><td width='30' align='right' valign='top' style='color:#8a94a3'>%1</td>"
                    "<td valign='top'>%2</td></tr>")
                    .arg(++n)
                    .arg(QString::fromStdString(unit).toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

QString traceHtml(const std::string& trace) {
    QString text = QString::fromStdString(trace).trimmed().toHtmlEscaped();
    text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return QStringLiteral("<div style='line-height:150%'>%1</div>").arg(text);
}

}  // namespace

struct RatingWindow::Start {
    std::shared_ptr<store::Study> study;
    std::optional<int> slot;
    std::vector<store::StudyRating> ratings;  // the participant's
};

RatingWindow::RatingWindow(ProjectSession* session, const QString& study,
                           const QString& participant, QWidget* parent)
    : QWidget(parent, Qt::Window), session_(session), studyName_(study), participant_(participant) {
    setObjectName(QStringLiteral("ratingWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    setAttribute(Qt::WA_StyledBackground);
    setWindowTitle(tr("TraceScope – rating"));
    setFocusPolicy(Qt::StrongFocus);
    setStyleSheet(QString::fromLatin1(kStyle));

    // The trial: question, context, trace.
    auto* ratingPage = new QWidget(this);
    progress_ = new QLabel(ratingPage);
    progress_->setObjectName(QStringLiteral("ratingProgress"));
    question_ = new QLabel(ratingPage);
    question_->setObjectName(QStringLiteral("ratingQuestion"));
    question_->setWordWrap(true);
    question_->setTextFormat(Qt::PlainText);
    context_ = textPane(QStringLiteral("ratingContext"), ratingPage);
    trace_ = textPane(QStringLiteral("ratingTrace"), ratingPage);

    auto* top = new QHBoxLayout;
    top->addWidget(heading(tr("Question"), ratingPage));
    top->addStretch(1);
    top->addWidget(progress_);
    auto* columns = new QHBoxLayout;
    columns->setSpacing(20);
    auto* left = new QVBoxLayout;
    left->addWidget(heading(tr("Context"), ratingPage));
    left->addWidget(context_, 1);
    auto* right = new QVBoxLayout;
    right->addWidget(heading(tr("The model's reasoning"), ratingPage));
    right->addWidget(trace_, 1);
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* content = new QVBoxLayout;
    content->setContentsMargins(40, 24, 40, 16);
    content->setSpacing(8);
    content->addLayout(top);
    content->addWidget(question_);
    content->addSpacing(8);
    content->addLayout(columns, 1);

    // The ratings.
    auto* panel = new QFrame(ratingPage);
    panel->setObjectName(QStringLiteral("ratingPanel"));
    interpretability_ = new LikertRow(
        tr("How easy is this reasoning to follow? (interpretability)"),
        {tr("very hard"), tr("hard"), tr("neither"), tr("easy"), tr("very easy")}, panel);
    load_ = new LikertRow(
        tr("How much effort did it take to read? (cognitive load)"),
        {tr("very little"), tr("little"), tr("some"), tr("much"), tr("very much")}, panel);
    comment_ = new QLineEdit(panel);
    comment_->setObjectName(QStringLiteral("ratingComment"));
    comment_->setPlaceholderText(tr("Optional – anything you noticed about this reasoning"));
    comment_->setFocusPolicy(Qt::StrongFocus);
    auto* commentLabel = new QLabel(tr("Comment"), panel);
    commentLabel->setObjectName(QStringLiteral("likertQuestion"));
    commentLabel->setFixedWidth(LikertRow::kQuestionWidth);
    error_ = new QLabel(panel);
    error_->setObjectName(QStringLiteral("ratingError"));
    hint_ = new QLabel(panel);
    hint_->setObjectName(QStringLiteral("ratingHint"));
    auto* commentRow = new QHBoxLayout;
    commentRow->setContentsMargins(LikertRow::kIndent, 0, 12, 0);
    commentRow->setSpacing(8);
    commentRow->addWidget(commentLabel);
    commentRow->addWidget(comment_, 1);
    auto* footer = new QHBoxLayout;
    footer->setContentsMargins(LikertRow::kIndent, 0, 12, 0);
    footer->addWidget(hint_, 1);
    footer->addWidget(error_);
    auto* panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(32, 12, 32, 14);
    panelLayout->setSpacing(6);
    panelLayout->addWidget(interpretability_);
    panelLayout->addWidget(load_);
    panelLayout->addLayout(commentRow);
    panelLayout->addLayout(footer);
    connect(interpretability_, &LikertRow::clicked, this, [this](int) {
        setActiveScale(1);
        error_->clear();
    });
    connect(load_, &LikertRow::clicked, this, [this](int) {
        setActiveScale(1);
        error_->clear();
    });

    auto* pageLayout = new QVBoxLayout(ratingPage);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addLayout(content, 1);
    pageLayout->addWidget(panel);

    // Loading, pause, thank-you and error screens.
    auto* messagePage = new QWidget(this);
    messageTitle_ = new QLabel(messagePage);
    messageTitle_->setObjectName(QStringLiteral("messageTitle"));
    messageTitle_->setAlignment(Qt::AlignCenter);
    messageText_ = new QLabel(messagePage);
    messageText_->setObjectName(QStringLiteral("messageText"));
    messageText_->setAlignment(Qt::AlignCenter);
    messageText_->setWordWrap(true);
    messageText_->setFixedWidth(820);  // a wrapped label needs its width fixed to get its height
    messagePrimary_ = new QPushButton(messagePage);
    messageSecondary_ = new QPushButton(messagePage);
    for (auto* b : {messagePrimary_, messageSecondary_}) {
        b->setObjectName(QStringLiteral("messageButton"));
        b->setFocusPolicy(Qt::NoFocus);
    }
    messagePrimary_->setProperty("primary", true);
    connect(messagePrimary_, &QPushButton::clicked, this, [this] {
        if (state_ == State::Pausing) Q_EMIT paused();
        close();
    });
    connect(messageSecondary_, &QPushButton::clicked, this, &RatingWindow::resumeRating);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(messageSecondary_);
    buttons->addWidget(messagePrimary_);
    buttons->addStretch(1);
    auto* messageLayout = new QVBoxLayout(messagePage);
    messageLayout->addStretch(2);
    messageLayout->addWidget(messageTitle_);
    messageLayout->addSpacing(16);
    auto* textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(messageText_);
    textRow->addStretch(1);
    messageLayout->addLayout(textRow);
    messageLayout->addSpacing(32);
    messageLayout->addLayout(buttons);
    messageLayout->addStretch(3);

    pages_ = new QStackedWidget(this);
    pages_->addWidget(ratingPage);
    pages_->addWidget(messagePage);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_);
    showMessage(State::Loading, tr("One moment…"), tr("Loading the study."));

    // The study and this participant's progress (reader); a new ID joins (writer).
    const std::string name = study.toStdString(), who = participant.toStdString();
    session_->reader().run<Start>(
        this,
        [name, who](store::Project& p) {
            Start s;
            s.study = std::make_shared<store::Study>(store::loadStudy(p, name));
            s.slot = s.study->slotOf(who);
            if (s.slot)
                for (auto& r : store::loadRatings(p, *s.study))
                    if (r.participant == who) s.ratings.push_back(std::move(r));
            return s;
        },
        [this, who](Start s) {
            if (s.slot) {
                begin(s.study, *s.slot, s.ratings);
                return;
            }
            using Joined = std::pair<std::shared_ptr<store::Study>, int>;
            session_->writer().run<Joined>(
                this,
                [study = s.study, who](store::Project& p) {
                    auto copy = std::make_shared<store::Study>(*study);
                    const int slot = store::joinStudy(p, *copy, who);
                    return Joined{copy, slot};
                },
                [this](Joined j) { begin(j.first, j.second, {}); },
                [this](const QString& m) { fail(m); });
        },
        [this](const QString& m) { fail(m); });
}

void RatingWindow::begin(std::shared_ptr<const store::Study> study, int slot,
                         const std::vector<store::StudyRating>& ratings) {
    study_ = std::move(study);
    trials_ = store::participantTrials(*study_, slot);
    for (const auto& r : ratings) rated_.insert(r.itemKey);
    const int first = nextUnrated(0);
    if (first < 0) {
        showMessage(State::Done, tr("Thank you!"), tr("All %1 items are rated.").arg(trialCount()));
        Q_EMIT finished();
        return;
    }
    showTrial(first);
}

int RatingWindow::nextUnrated(int from) const {
    for (int i = std::max(from, 0); i < trialCount(); ++i)
        if (!rated_.count(trials_[static_cast<std::size_t>(i)].item.itemKey)) return i;
    return -1;
}

void RatingWindow::showTrial(int index) {
    index_ = index;
    state_ = State::Loading;
    progress_->setText(tr("Item %1 of %2").arg(index + 1).arg(trialCount()));
    error_->clear();
    session_->reader().run<store::TrialContent>(
        this,
        [study = study_, trial = trials_[static_cast<std::size_t>(index)]](store::Project& p) {
            return store::trialContent(p, trial);  // `study` keeps trial.arm alive
        },
        [this, index](store::TrialContent c) { showContent(index, c); },
        [this](const QString& m) { fail(m); });
}

void RatingWindow::showContent(int index, const store::TrialContent& content) {
    if (index != index_) return;
    question_->setText(QString::fromStdString(content.question));
    context_->setHtml(contextHtml(content.context));
    trace_->setHtml(traceHtml(content.trace));
    context_->verticalScrollBar()->setValue(0);
    trace_->verticalScrollBar()->setValue(0);
    interpretability_->setValue(0);
    load_->setValue(0);
    comment_->clear();
    pages_->setCurrentIndex(kRatingPage);
    state_ = State::Rating;
    setActiveScale(0);
    setFocus();
    accumulatedNs_ = 0;
    shownFor_.start();
    Q_EMIT trialShown(index);
}

void RatingWindow::setActiveScale(int which) {
    active_ = which;
    interpretability_->setActive(which == 0);
    load_->setActive(which == 1);
    updateHint();
}

void RatingWindow::updateHint() {
    QString keys;
    if (active_ == 0)
        keys = tr("Press 1–5 to rate how easy the reasoning is to follow.");
    else if (!load_->value())
        keys = tr("Press 1–5 to rate the effort.   Backspace: back to the first question.");
    else
        keys = tr("Enter: save and go to the next item.   Backspace: back to the first question.");
    hint_->setText(keys + tr("   Tab: comment.   Esc: take a break."));
}

void RatingWindow::setDigit(int value) {
    (active_ == 0 ? interpretability_ : load_)->setValue(value);
    error_->clear();
    setActiveScale(1);
}

void RatingWindow::save() {
    if (!interpretability_->value() || !load_->value()) {
        error_->setText(tr("Rate both questions first."));
        return;
    }
    const auto& trial = trials_[static_cast<std::size_t>(index_)];
    store::StudyRating r;
    r.participant = participant_.toStdString();
    r.itemKey = trial.item.itemKey;
    r.arm = trial.arm->arm;
    r.interpretability = interpretability_->value();
    r.cognitiveLoad = load_->value();
    r.comment = comment_->text().simplified().toStdString();
    r.seconds = static_cast<double>(accumulatedNs_ + shownFor_.nsecsElapsed()) / 1e9;
    state_ = State::Saving;
    const int index = index_;
    session_->writer().run<bool>(
        this,
        [study = study_, r](store::Project& p) {
            store::saveRating(p, *study, r);
            return true;
        },
        [this, index, key = r.itemKey](bool) {
            rated_.insert(key);
            Q_EMIT ratingSaved(index);
            int next = nextUnrated(index + 1);
            if (next < 0) next = nextUnrated(0);
            if (next >= 0) {
                showTrial(next);
                return;
            }
            showMessage(
                State::Done, tr("Thank you!"),
                tr("You have rated all %1 items, and your answers are saved.").arg(trialCount()));
            Q_EMIT finished();
        },
        [this](const QString& m) {
            state_ = State::Rating;
            error_->setText(tr("Not saved: %1").arg(m));
        });
}

void RatingWindow::askPause() {
    accumulatedNs_ += shownFor_.nsecsElapsed();
    showMessage(State::Pausing, tr("Take a break?"),
                tr("Your ratings of %1 of %2 items are saved. To go on later, choose "
                   "Study → Run study… and enter the same participant ID (%3): you will "
                   "continue with item %4.")
                    .arg(ratedCount())
                    .arg(trialCount())
                    .arg(participant_)
                    .arg(index_ + 1));
}

void RatingWindow::resumeRating() {
    if (state_ != State::Pausing) return;
    pages_->setCurrentIndex(kRatingPage);
    state_ = State::Rating;
    setFocus();
    shownFor_.start();
}

void RatingWindow::showMessage(State state, const QString& title, const QString& text) {
    state_ = state;
    messageTitle_->setText(title);
    messageText_->setText(text);
    messagePrimary_->setVisible(state != State::Loading);
    messageSecondary_->setVisible(state == State::Pausing);
    messagePrimary_->setText(state == State::Pausing ? tr("Pause and close (Enter)")
                                                     : tr("Close (Enter)"));
    messageSecondary_->setText(tr("Keep rating (Esc)"));
    pages_->setCurrentIndex(kMessagePage);
    setFocus();
}

void RatingWindow::fail(const QString& message) {
    showMessage(State::Failed, tr("The study cannot go on"), message);
}

QString RatingWindow::messageText() const {
    if (pages_->currentIndex() == kRatingPage) return error_->text();
    return messageTitle_->text() + QLatin1Char('\n') + messageText_->text();
}

QString RatingWindow::currentItemKey() const {
    if (index_ < 0 || index_ >= trialCount()) return {};
    return QString::fromStdString(trials_[static_cast<std::size_t>(index_)].item.itemKey);
}

void RatingWindow::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    const bool enter = key == Qt::Key_Return || key == Qt::Key_Enter;
    switch (state_) {
        case State::Rating:
            if (key >= Qt::Key_1 && key <= Qt::Key_5)
                setDigit(key - Qt::Key_0);
            else if (key == Qt::Key_Backspace)
                setActiveScale(0);
            else if (enter)
                save();
            else if (key == Qt::Key_Escape)
                askPause();
            else if (key == Qt::Key_PageDown || key == Qt::Key_Down)
                trace_->verticalScrollBar()->triggerAction(key == Qt::Key_Down
                                                               ? QScrollBar::SliderSingleStepAdd
                                                               : QScrollBar::SliderPageStepAdd);
            else if (key == Qt::Key_PageUp || key == Qt::Key_Up)
                trace_->verticalScrollBar()->triggerAction(key == Qt::Key_Up
                                                               ? QScrollBar::SliderSingleStepSub
                                                               : QScrollBar::SliderPageStepSub);
            else
                return QWidget::keyPressEvent(event);
            break;
        case State::Pausing:
            if (enter) {
                Q_EMIT paused();
                close();
            } else if (key == Qt::Key_Escape) {
                resumeRating();
            }
            break;
        case State::Done:
        case State::Failed:
            if (enter || key == Qt::Key_Escape) close();
            break;
        case State::Loading:
        case State::Saving:
            break;  // the keys wait for the next trial
    }
    event->accept();
}

}  // namespace ts::ui
