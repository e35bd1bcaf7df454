// Study mode end to end, as a researcher and three participants use it: a
// project with a rule-based and a free-form run of the bAbI sample (the recipe
// of tests/cli/free_form_study_test.sh, made here through core's import), a
// study of 10 items created through Study > New study… (core's refusal of an
// item count that is not a multiple of the arms shown in the dialog first),
// then each participant in the full-screen rating view, by keyboard: digits
// rate interpretability then cognitive load, Backspace goes back a scale,
// Enter saves (not before both are set), Tab reaches the comment, Esc pauses
// (p2 stops after five items and resumes at item 6); p3 is not registered and
// joins by typing a new ID. While rating, no visible text of the window names
// a run or a trace type. The CSV from the export path has 30 items x 2 scales,
// each participant's trace types 5 + 5, the ratings keyed, times > 0.
// Screenshots of the rating view at 1600x1000 and 1366x768 go to
// <test-output>/ui_study/shots.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextEdit>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data/dataset_loader.h"
#include "core/store/project.h"
#include "core/store/run_import.h"
#include "core/store/studies.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/session/project_session.h"
#include "ui/study/likert_row.h"
#include "ui/study/new_study_dialog.h"
#include "ui/study/rating_window.h"
#include "ui/study/run_study_dialog.h"
#include "ui/study/study_controller.h"

namespace fs = std::filesystem;
using namespace ts;
using namespace ts::ui;

namespace {

QString qs(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// The two runs of free_form_study_test.sh: the correct rule-based trace, and
// R1-style thinking that names the class in words and quotes the gold fact
// (every third item loosely).
void buildProject(const fs::path& dir, const fs::path& project) {
    const fs::path babi = ts::test::sampleData() / "babi" / "qa1_single-supporting-fact_test.txt";
    const Dataset data = loadDataset({babi});
    std::ofstream rule(dir / "rule.jsonl"), free(dir / "free.jsonl");
    int k = 0;
    for (const Item& item : data.items) {
        const std::string fact = item.goldUnitTexts().at(0), answer = item.goldAnswers.at(0);
        const std::string ruleTrace =
            "The category of the question represents what is being asked in that question. The "
            "category of the question asked is: " +
            item.goldLabel + ".\nI need to use the following text to answer the question: ['" +
            fact + "']";
        rule << nlohmann::json{{"item_id", item.id},
                               {"prediction",
                                "<think>" + ruleTrace + "</think> <answer>" + answer + "</answer>"}}
                    .dump()
             << "\n";
        std::string quote = fact;
        if (k++ % 3 == 0) {  // most words, another order
            std::vector<std::string> words;
            std::string w;
            for (char c : fact.substr(0, fact.size() - 1))
                if (c == ' ') {
                    words.push_back(w);
                    w.clear();
                } else {
                    w += c;
                }
            words.push_back(w);
            quote.clear();
            for (auto it = words.rbegin(); it != words.rend(); ++it)
                quote += (quote.empty() ? "" : " ") + *it;
            quote += ".";
        }
        const std::string thinking =
            "Okay, so the question wants a place. This looks like a single supporting fact "
            "question to me, since one sentence should settle it. Scanning the story: " +
            quote + " Nothing later moves them again, I think.";
        free << nlohmann::json{{"item_id", item.id},
                               {"prediction",
                                "<think>" + thinking + "</think> <answer>" + answer + "</answer>"}}
                    .dump()
             << "\n";
    }
    rule.close();
    free.close();
    auto p = store::Project::openOrCreate(project.string());
    for (const auto& [name, type] :
         {std::pair{std::string("rule"), TraceType::RuleBased}, {"free", TraceType::FreeForm}}) {
        store::RunInfo run;
        run.name = name;
        run.traceType = type;
        const auto pairs = store::readImportPairs(store::ImportFormat::Jsonl, DatasetKind::Babi,
                                                  {{dir / (name + ".jsonl"), babi}});
        store::importScoredRun(p, store::ImportFormat::Jsonl, DatasetKind::Babi, run, pairs);
    }
}

// Every text the participant can see in the window.
QStringList visibleTexts(QWidget* window) {
    QStringList out{window->windowTitle()};
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(window)) continue;
        out << w->toolTip();
        if (auto* l = qobject_cast<QLabel*>(w)) out << l->text();
        if (auto* b = qobject_cast<QAbstractButton*>(w)) out << b->text();
        if (auto* e = qobject_cast<QLineEdit*>(w)) out << e->text() << e->placeholderText();
        if (auto* t = qobject_cast<QTextEdit*>(w)) out << t->toPlainText();
    }
    out.removeAll(QString());
    return out;
}

struct Keyed {
    int interpretability = 0, load = 0;
    bool freeFormShown = false;  // the trace on screen was the free-form one
    QString comment;
};

struct CsvRow {
    std::string participant, item, traceType, scale;
    int rating = 0;
    double seconds = 0;
    std::string comment;
};

std::vector<CsvRow> readCsv(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    std::vector<CsvRow> rows;
    for (int i = 1; i < lines.size(); ++i) {  // no field here holds a comma or a quote
        const QStringList c = lines[i].trimmed().split(',');
        if (c.size() != 7) return {};
        rows.push_back({c[0].toStdString(), c[1].toStdString(), c[2].toStdString(),
                        c[3].toStdString(), c[4].toInt(), c[5].toDouble(), c[6].toStdString()});
    }
    return rows;
}

}  // namespace

class TestUiStudy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void newStudyDialogCreatesTheStudy();
    void participantsRateByKeyboard();
    void exportedCsvIsBalancedAndComplete();
    void cleanupTestCase() { window_.reset(); }

private:
    RatingWindow* openRating(const QString& participant);
    // Rates the current trial with two digits (and Enter); checks the blinding first.
    void rateTrial(RatingWindow* rw, int interpretability, int load);
    void key(RatingWindow* rw, Qt::Key k);
    void shoot(RatingWindow* rw, const QString& name, QSize size);

    fs::path root_, shots_, project_;
    std::unique_ptr<MainWindow> window_;
    StudyController* studies_ = nullptr;
    std::map<QString, std::map<QString, Keyed>> keyed_;  // participant -> item -> what was keyed
    bool shotFree_ = false, shotRule_ = false;
};

void TestUiStudy::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    root_ = ts::test::scratchDir("ui_study");
    shots_ = root_ / "shots";
    fs::create_directories(shots_);
    project_ = root_ / "study.tsproj";
    buildProject(root_, project_);
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->openProject(qs(project_));
    QTRY_COMPARE(window_->session()->catalogue().runs.size(), std::size_t(2));
    studies_ = window_->findChild<StudyController*>(QStringLiteral("studyController"));
    QVERIFY(studies_);
}

void TestUiStudy::newStudyDialogCreatesTheStudy() {
    auto* action = window_->findChild<QAction*>(QStringLiteral("newStudyAction"));
    QVERIFY(action);
    action->trigger();
    QPointer<NewStudyDialog> dialog =
        window_->findChild<NewStudyDialog*>(QStringLiteral("newStudyDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->runList()->count(), 2);
    dialog->nameEdit()->setText(QStringLiteral("s1"));
    dialog->setRunChecked(QStringLiteral("rule"), true);
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("at least two runs")));
    dialog->setRunChecked(QStringLiteral("free"), true);
    // Core refuses 9 items for 2 arms; the dialog shows its message and stays.
    dialog->itemsBox()->setValue(9);
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_VERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("positive multiple")),
                 qPrintable(dialog->errorLabel()->text()));
    QVERIFY(dialog->isVisible());
    // p3 is not registered: they join by typing their ID in Run study.
    dialog->itemsBox()->setValue(10);
    dialog->participantsEdit()->setText(QStringLiteral("p1, p2"));
    dialog->seedBox()->setValue(11);
    QVERIFY(dialog->grab().save(qs(shots_ / "new_study_dialog.png")));
    QSignalSpy created(studies_, &StudyController::studyCreated);
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_COMPARE(created.count(), 1);
    QCOMPARE(created.at(0).at(0).toString(), QStringLiteral("s1"));
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    auto p = store::Project::open(project_.string());
    const auto study = store::loadStudy(p, "s1");
    QCOMPARE(study.items.size(), std::size_t(10));
    QCOMPARE(study.arms.size(), std::size_t(2));
    QCOMPARE(study.participants, (std::vector<std::string>{"p1", "p2"}));
}

void TestUiStudy::key(RatingWindow* rw, Qt::Key k) {
    // Where a participant's key goes: the focus widget of the active window.
    QWidget* target = QApplication::focusWidget();
    QVERIFY2(target && target->window() == rw, "the rating window does not have the focus");
    QTest::keyClick(target, k);
}

RatingWindow* TestUiStudy::openRating(const QString& participant) {
    auto* action = window_->findChild<QAction*>(QStringLiteral("runStudyAction"));
    if (!action) return nullptr;
    QSignalSpy opened(studies_, &StudyController::ratingWindowOpened);
    action->trigger();
    auto* dialog = window_->findChild<RunStudyDialog*>(QStringLiteral("runStudyDialog"));
    if (!dialog) return nullptr;
    QSignalSpy listed(dialog, &RunStudyDialog::studiesListed);
    if (!listed.wait(10000) && listed.isEmpty()) return nullptr;
    dialog->studyBox()->setCurrentText(QStringLiteral("s1"));
    dialog->participantBox()->setEditText(participant);
    if (!dialog->startButton()->isEnabled()) return nullptr;
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    if (opened.isEmpty() && !opened.wait(5000)) return nullptr;
    auto* rw = studies_->ratingWindow();
    if (!rw || !QTest::qWaitForWindowActive(rw)) return nullptr;
    return rw;
}

void TestUiStudy::shoot(RatingWindow* rw, const QString& name, QSize size) {
    const bool full = size == QSize(1600, 1000);
    if (!full) {
        rw->showNormal();
        rw->resize(size);
    }
    QTRY_COMPARE(rw->size(), size);
    QTest::qWait(50);
    QVERIFY(rw->grab().save(qs(shots_) + QLatin1Char('/') + name));
    if (!full) {
        rw->showFullScreen();
        QTRY_COMPARE(rw->size(), QSize(1600, 1000));
        QVERIFY(QTest::qWaitForWindowActive(rw));
        rw->setFocus();
    }
}

void TestUiStudy::rateTrial(RatingWindow* rw, int interpretability, int load) {
    QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
    const int index = rw->currentIndex();
    QCOMPARE(rw->progressLabel()->text(),
             QStringLiteral("Item %1 of %2").arg(index + 1).arg(rw->trialCount()));
    // Blinded: nothing on screen names a run or a trace type.
    const QStringList texts = visibleTexts(rw);
    for (const QString& t : texts)
        for (const char* word : {"rule", "free", "free-form", "rule-based"})
            QVERIFY2(!t.contains(QLatin1String(word), Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("'%1' shows '%2'").arg(t, word)));
    const QString joined = texts.join('\n');
    QVERIFY(joined.contains(
        QStringLiteral("How easy is this reasoning to follow? (interpretability)")));
    QVERIFY(
        joined.contains(QStringLiteral("How much effort did it take to read? (cognitive load)")));
    QVERIFY(joined.contains(QStringLiteral("Where is")));  // the bAbI question
    Keyed k{interpretability, load, joined.contains(QStringLiteral("Okay, so the question")), {}};
    QVERIFY(k.freeFormShown || joined.contains(QStringLiteral("The category of the question")));
    QTest::qWait(25);  // reading

    QCOMPARE(rw->activeScale(), 0);
    key(rw, Qt::Key(Qt::Key_0 + interpretability));
    QCOMPARE(rw->scale(0)->value(), interpretability);
    QCOMPARE(rw->activeScale(), 1);
    if ((k.freeFormShown && !shotFree_) || (!k.freeFormShown && !shotRule_)) {
        const QString kind = k.freeFormShown ? QStringLiteral("a") : QStringLiteral("b");
        shoot(rw, QStringLiteral("rating_%1_1600x1000.png").arg(kind), {1600, 1000});
        shoot(rw, QStringLiteral("rating_%1_1366x768.png").arg(kind), {1366, 768});
        (k.freeFormShown ? shotFree_ : shotRule_) = true;
    }
    // Enter before the second scale is set saves nothing.
    key(rw, Qt::Key_Return);
    QCOMPARE(rw->state(), RatingWindow::State::Rating);
    QCOMPARE(rw->currentIndex(), index);
    QVERIFY(!rw->messageText().isEmpty());
    key(rw, Qt::Key(Qt::Key_0 + load));
    QCOMPARE(rw->scale(1)->value(), load);
    QCOMPARE(rw->scale(1)->button(load)->isChecked(), true);
    keyed_[rw->participant()][rw->currentItemKey()] = k;
    const int rated = rw->ratedCount();
    key(rw, Qt::Key_Return);
    QTRY_COMPARE(rw->ratedCount(), rated + 1);
}

void TestUiStudy::participantsRateByKeyboard() {
    const QStringList participants{"p1", "p2", "p3"};
    for (int p = 0; p < participants.size(); ++p) {
        const QString who = participants[p];
        QPointer<RatingWindow> rw = openRating(who);
        QVERIFY2(rw, qPrintable(who));
        QVERIFY(rw->isFullScreen());
        QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
        QCOMPARE(rw->trialCount(), 10);
        QCOMPARE(rw->currentIndex(), 0);
        for (int i = 0; i < 10; ++i) {
            const int a = 1 + (i + p) % 5, b = 1 + (2 * i + 3 * p) % 5;
            if (p == 0 && i == 1) {
                // Backspace goes back one scale: the next digit re-rates interpretability.
                QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
                key(rw, Qt::Key_2);
                QCOMPARE(rw->activeScale(), 1);
                key(rw, Qt::Key_Backspace);
                QCOMPARE(rw->activeScale(), 0);
                QCOMPARE(rw->scale(0)->value(), 2);
                QTest::qWait(25);
                key(rw, Qt::Key(Qt::Key_0 + a));
                key(rw, Qt::Key(Qt::Key_0 + b));
                QCOMPARE(rw->scale(0)->value(), a);
                QCOMPARE(rw->scale(1)->value(), b);
                keyed_[who][rw->currentItemKey()] = {
                    a,
                    b,
                    visibleTexts(rw).join('\n').contains(QStringLiteral("Okay, so the question")),
                    {}};
                key(rw, Qt::Key_Return);
                QTRY_COMPARE(rw->ratedCount(), 2);
                continue;
            }
            if (p == 2 && i == 3) {
                // Tab reaches the comment; Enter there saves the trial too.
                QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
                const bool freeShown =
                    visibleTexts(rw).join('\n').contains(QStringLiteral("Okay, so the question"));
                QTest::qWait(25);
                key(rw, Qt::Key(Qt::Key_0 + a));
                key(rw, Qt::Key(Qt::Key_0 + b));
                key(rw, Qt::Key_Tab);
                QTRY_COMPARE(QApplication::focusWidget(), rw->commentEdit());
                QTest::keyClicks(rw->commentEdit(), QStringLiteral("too long 5"));
                QCOMPARE(rw->scale(1)->value(), b);  // the digit went to the comment
                keyed_[who][rw->currentItemKey()] = {a, b, freeShown, "too long 5"};
                key(rw, Qt::Key_Return);
                QTRY_COMPARE(rw->ratedCount(), 4);
                continue;
            }
            rateTrial(rw, a, b);
            if (QTest::currentTestFailed()) return;
            if (p == 1 && i == 4) {
                // Esc asks to pause; Esc again keeps rating, Enter pauses and closes.
                QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
                key(rw, Qt::Key_Escape);
                QCOMPARE(rw->state(), RatingWindow::State::Pausing);
                QVERIFY(rw->messageText().contains(QStringLiteral("item 6")));
                if (!fs::exists(shots_ / "pause_1366x768.png"))
                    shoot(rw, QStringLiteral("pause_1366x768.png"), {1366, 768});
                key(rw, Qt::Key_Escape);
                QCOMPARE(rw->state(), RatingWindow::State::Rating);
                key(rw, Qt::Key_Escape);
                QSignalSpy paused(rw.data(), &RatingWindow::paused);
                key(rw, Qt::Key_Return);
                QCOMPARE(paused.count(), 1);
                QTRY_VERIFY(!rw);  // closed and deleted
                // Resumes at the first unrated trial, with the progress restored.
                rw = openRating(who);
                QVERIFY(rw);
                QTRY_COMPARE(rw->state(), RatingWindow::State::Rating);
                QCOMPARE(rw->currentIndex(), 5);
                QCOMPARE(rw->ratedCount(), 5);
                QCOMPARE(rw->progressLabel()->text(), QStringLiteral("Item 6 of 10"));
            }
        }
        QTRY_COMPARE(rw->state(), RatingWindow::State::Done);
        QVERIFY(rw->messageText().contains(QStringLiteral("Thank you")));
        if (p == 0) shoot(rw, QStringLiteral("thanks_1600x1000.png"), {1600, 1000});
        key(rw, Qt::Key_Return);
        QTRY_VERIFY(!rw);
    }
    QVERIFY(shotFree_ && shotRule_);
    auto p = store::Project::open(project_.string());
    const auto study = store::loadStudy(p, "s1");
    QCOMPARE(study.participants, (std::vector<std::string>{"p1", "p2", "p3"}));
    QCOMPARE(store::loadRatings(p, study).size(), std::size_t(30));
}

void TestUiStudy::exportedCsvIsBalancedAndComplete() {
    const QString path = qs(root_ / "ratings.csv");
    QSignalSpy exported(studies_, &StudyController::ratingsExported);
    QSignalSpy failed(studies_, &StudyController::exportFailed);
    studies_->exportRatings(QStringLiteral("s1"), path);
    QTRY_VERIFY(exported.count() + failed.count() == 1);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(exported.at(0).at(1).toInt(), 30);
    const auto rows = readCsv(path);
    QCOMPARE(rows.size(), std::size_t(60));
    std::map<std::string, std::map<std::string, int>> typesPerParticipant;  // scale rows
    std::map<std::string, std::set<std::string>> items;
    for (const auto& r : rows) {
        QVERIFY2(r.seconds > 0.0, r.item.c_str());
        QVERIFY(r.scale == "interpretability" || r.scale == "cognitive_load");
        QVERIFY(r.traceType == "rule-based" || r.traceType == "free-form");
        ++typesPerParticipant[r.participant][r.traceType];
        items[r.participant].insert(r.item);
        const auto& k =
            keyed_.at(QString::fromStdString(r.participant)).at(QString::fromStdString(r.item));
        QCOMPARE(r.rating, r.scale == "interpretability" ? k.interpretability : k.load);
        // The window showed the arm the CSV names, without naming it.
        QCOMPARE(r.traceType == "free-form", k.freeFormShown);
        QCOMPARE(QString::fromStdString(r.comment), k.comment);
    }
    QCOMPARE(typesPerParticipant.size(), std::size_t(3));
    for (const auto& [who, types] : typesPerParticipant) {
        QCOMPARE(items[who].size(), std::size_t(10));
        QCOMPARE(types.at("rule-based"), 10);  // 5 items x 2 scales
        QCOMPARE(types.at("free-form"), 10);
    }
}

QTEST_MAIN(TestUiStudy)
#include "test_ui_study.moc"
