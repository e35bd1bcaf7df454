// The window driven by keys and clicks: j/k navigation, a click on the
// "trace ok / answer wrong" heat cell listing exactly those items, the rule
// switch changing the tables, free-text search, and annotating with the 2 key
// then undoing and redoing it (checked in the project file).
#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <set>

#include "core/store/annotations.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/models/contingency_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/filter_bar.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/annotation_writer.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

namespace {

constexpr int kItems = 300;

std::set<std::string> listedIds(const ItemTableModel& model) {
    std::set<std::string> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        if (const auto* row = model.rowAt(r)) ids.insert(row->itemId);
    return ids;
}

}  // namespace

class TestUiNavigation : public QObject {
    Q_OBJECT
private:
    test::UiFixture fixture_;
    std::unique_ptr<MainWindow> window_;

    ItemTableModel& model() { return *window_->itemPage()->model(); }
    QString shownItem() const {
        return window_->itemView()->data() ? QString::fromStdString(window_->itemView()->data()->item.id) : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        test::initUiTestSettings(QStringLiteral("tester"));
        fixture_ = test::makeUiFixture("ui_navigation", kItems);
        window_ = std::make_unique<MainWindow>();
        window_->resize(1400, 900);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(fixture_.path);
        QTRY_VERIFY(window_->session()->currentRun() != nullptr);
        QCOMPARE(window_->session()->currentRun()->name, std::string("run-a"));
        QTRY_COMPARE(model().rowCount(), kItems);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[0].id));
    }

    void selectionMadeWhileTheCatalogueArrivesIsKept() {
        // What the workbench's --run does: a slot of catalogueChanged selects a
        // run; the session must not replace it with the first run.
        ProjectSession session;
        QObject::connect(&session, &ProjectSession::catalogueChanged, &session, [&session] {
            for (const auto& r : session.catalogue().runs)
                if (r.name == "run-b" && !session.currentRun()) session.selectRun(r.id);
        });
        session.openProject(fixture_.path);
        QTRY_VERIFY(session.currentRun() != nullptr);
        QCOMPARE(session.currentRun()->name, std::string("run-b"));
        session.refreshCatalogue();  // a later catalogue keeps it too
        QTest::qWait(300);
        QCOMPARE(session.currentRun()->name, std::string("run-b"));
    }

    void jAndKStepThroughItems() {
        QTableView* view = window_->itemPage()->view();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_J);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[1].id));
        QTest::keyClick(view, Qt::Key_J);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[2].id));
        QTest::keyClick(view, Qt::Key_K);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[1].id));
        QTest::keyClick(view, Qt::Key_Down);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[2].id));
        QTest::keyClick(view, Qt::Key_Up);
        QTRY_COMPARE(shownItem(), QString::fromStdString(fixture_.dataset.items[1].id));
    }

    void clickingATableCellListsExactlyThoseItems() {
        StatisticsPage* stats = window_->statisticsPage();
        QTRY_VERIFY(stats->data().has_value());
        // trace ok / answer wrong under the strict rule, from the fixture's own verdicts.
        std::set<std::string> expected;
        for (const auto& r : fixture_.runA) {
            const auto& v = test::verdictOf(r, ScoringRuleKind::Strict);
            if (v.trace == StepVerdict::Ok && v.answer != StepVerdict::Ok) expected.insert(r.itemId);
        }
        QVERIFY(!expected.empty());
        QTableView* heat = stats->tableView(store::TraceStep::Trace);
        const QModelIndex cell = heat->model()->index(0, 1);
        QCOMPARE(cell.data(ContingencyModel::kCellRole).toInt(), 1);
        QCOMPARE(stats->tableModel(store::TraceStep::Trace)->cell(0, 1), (long long)expected.size());
        QTest::mouseClick(heat->viewport(), Qt::LeftButton, {}, heat->visualRect(cell).center());
        QTRY_COMPARE(model().rowCount(), int(expected.size()));
        QCOMPARE(listedIds(model()), expected);
        QVERIFY(window_->itemPage()->filters()->canGoBack());
        window_->itemPage()->filters()->back();
        QTRY_COMPARE(model().rowCount(), kItems);
    }

    void ruleSwitchChangesTheTables() {
        StatisticsPage* stats = window_->statisticsPage();
        QTRY_VERIFY(stats->data().has_value());
        const stats::TwoByTwo strict = stats->data()->tables.trace.statistics.counts;
        window_->session()->setRule(store::VerdictRule::Legacy);
        QTRY_VERIFY(stats->data() && stats->data()->tables.view.rule == store::VerdictRule::Legacy);
        stats::TwoByTwo legacy;
        for (const auto& r : fixture_.runA) {
            const auto& v = test::verdictOf(r, ScoringRuleKind::Legacy);
            if (v.trace == StepVerdict::Unevaluated || v.answer == StepVerdict::Unevaluated) continue;
            const bool t = v.trace == StepVerdict::Ok, a = v.answer == StepVerdict::Ok;
            (t ? (a ? legacy.ok_ok : legacy.ok_bad) : (a ? legacy.bad_ok : legacy.bad_bad)) += 1;
        }
        QCOMPARE(stats->data()->tables.trace.statistics.counts, legacy);
        QVERIFY(!(legacy == strict));
        QCOMPARE(stats->tableModel(store::TraceStep::Trace)->counts(), legacy);
        window_->session()->setRule(store::VerdictRule::Strict);
        QTRY_VERIFY(stats->data() && stats->data()->tables.view.rule == store::VerdictRule::Strict);
    }

    void slashFocusesSearchAndSearchFilters() {
        window_->itemPage()->view()->setFocus();
        QTest::keyClick(window_->itemPage()->view(), Qt::Key_Slash);
        QLineEdit* search = window_->itemPage()->filterBar()->searchField();
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("telescope"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(model().rowCount(), kItems / 10);  // only the predictions of k % 10 == 3 say it
        for (int r = 0; r < model().rowCount(); ++r) {
            const std::string id = model().rowAt(r)->itemId;
            QCOMPARE(std::stoi(id.substr(id.find('/') + 1)) % 10, 3);
        }
        window_->itemPage()->filters()->reset();
        QTRY_COMPARE(model().rowCount(), kItems);
    }

    void annotateWithTheKeyboardThenUndoAndRedo() {
        QTableView* view = window_->itemPage()->view();
        view->setFocus();
        view->setCurrentIndex(model().index(5, 0));
        const std::string item = fixture_.dataset.items[5].id;
        QTRY_COMPARE(shownItem(), QString::fromStdString(item));
        store::Project check = store::Project::open(fixture_.path.toStdString());
        const long long runId = window_->session()->currentRun()->id;
        auto overrideOf = [&]() -> std::optional<StepVerdict> {
            for (const auto& a : store::annotationsForItem(check, runId, item))
                if (a.target == store::AnnotationTarget::Trace && a.annotator == "tester") return a.verdictOverride;
            return std::nullopt;
        };
        QSignalSpy committed(window_->annotationWriter(), &AnnotationWriter::committed);
        QTest::keyClick(view, Qt::Key_2);
        QTRY_COMPARE(committed.count(), 1);
        QCOMPARE(overrideOf(), std::optional(StepVerdict::Wrong));
        QTRY_COMPARE(model().index(5, ItemTableModel::Annotation).data().toString(), QStringLiteral("annotated"));
        QTest::keyClick(view, Qt::Key_1);  // second edit on the same target
        QTRY_COMPARE(committed.count(), 2);
        QCOMPARE(overrideOf(), std::optional(StepVerdict::Ok));
        QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);  // back to wrong
        QTRY_COMPARE(committed.count(), 3);
        QCOMPARE(overrideOf(), std::optional(StepVerdict::Wrong));
        QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);  // back to nothing
        QTRY_COMPARE(committed.count(), 4);
        QCOMPARE(overrideOf(), std::nullopt);
        QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo
        QTRY_COMPARE(committed.count(), 5);
        QCOMPARE(overrideOf(), std::optional(StepVerdict::Wrong));
        // The Human rule draws the override over the strict verdict.
        window_->session()->setRule(store::VerdictRule::Human);
        QTRY_VERIFY(model().index(5, ItemTableModel::Trace).data(ItemRole::HumanOverride).toBool());
        QCOMPARE(model().index(5, ItemTableModel::Trace).data(ItemRole::Verdict).toInt(), int(StepVerdict::Wrong));
        window_->session()->setRule(store::VerdictRule::Strict);
    }

    void cleanupTestCase() {
        window_->close();
        window_.reset();
    }
};

QTEST_MAIN(TestUiNavigation)
#include "test_ui_navigation.moc"
