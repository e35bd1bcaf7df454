// The human rule in the workbench shows what the command line prints: with
// annotators' overrides in the project, the statistics page's tables and its
// rule-versus-human table equal `tracescope-cli tables --rule human`, every
// export (CSV, Markdown, LaTeX, JSON) is byte for byte the CLI's output, the
// compare page counts what core's paired comparison counts, and a click on
// a disagreement cell lists exactly the items where the rule and the people
// disagree.
#include <QApplication>
#include <QFile>
#include <QTableView>
#include <QTreeView>
#include <QTest>

#include <set>

#include <nlohmann/json.hpp>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/paired_runs.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/workspaces.h"
#include "ui/models/contingency_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/models/project_tree_model.h"
#include "ui/pages/compare_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

namespace {

constexpr int kItems = 200;

std::string readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

}  // namespace

class TestUiHumanRule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tablesEqualTheCli();
    void exportsEqualTheCli();
    void disagreementCellListsTheItems();
    void comparePageReadsTheHumanRule();
    void myOverridesOnly();
    void runsSelectedInTheTreePool();

private:
    ts::test::ProcessResult cliTables(const QString& format, const QStringList& extra = {}) {
        return ts::test::runProcess(QStringLiteral(TRACESCOPE_CLI),
                                    QStringList{"tables", "--project", fixture_.path, "--run",
                                                "run-a", "--rule", "human", "--format", format} +
                                        extra);
    }

    test::UiFixture fixture_;
    std::unique_ptr<MainWindow> window_;
    long long runA_ = 0, runB_ = 0;
    std::set<std::string> overridden_;  // trace ok / answer ok items that ann and bob call wrong
};

void TestUiHumanRule::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    fixture_ = test::makeUiFixture("ui_human_rule", kItems);
    auto p = store::Project::open(fixture_.path.toStdString());
    for (const auto& r : store::listRuns(p)) (r.name == "run-a" ? runA_ : runB_) = r.id;
    // Two annotators call the trace of five ok/ok items wrong; they disagree on a sixth (a tie).
    int n = 0;
    for (const auto& r : fixture_.runA) {
        const ItemVerdict& v = test::verdictOf(r, ScoringRuleKind::Strict);
        if (v.trace != StepVerdict::Ok || v.answer != StepVerdict::Ok) continue;
        for (const char* who : {"ann", "bob"}) {
            store::Annotation a;
            a.runId = runA_;
            a.itemId = r.itemId;
            a.target = store::AnnotationTarget::Trace;
            a.annotator = who;
            a.verdictOverride =
                n < 5 || std::string(who) == "ann" ? StepVerdict::Wrong : StepVerdict::Ok;
            store::saveAnnotation(p, a);
        }
        if (n < 5) overridden_.insert(r.itemId);
        if (++n == 6) break;
    }
    QCOMPARE(overridden_.size(), std::size_t{5});
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->openProject(fixture_.path);
    QTRY_VERIFY(window_->session()->currentRun() != nullptr);
    QCOMPARE(window_->session()->currentRun()->id, runA_);
    window_->session()->setHumanOnlyMine(false);
    window_->session()->setRule(store::VerdictRule::Human);
    QTRY_VERIFY(window_->statisticsPage()->data() &&
                window_->statisticsPage()->data()->tables.view.rule == store::VerdictRule::Human);
}

void TestUiHumanRule::tablesEqualTheCli() {
    const auto r = cliTables("json");
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto cli = nlohmann::json::parse(r.out);
    const auto& d = *window_->statisticsPage()->data();
    const store::StepTable* steps[] = {&d.tables.classStep, &d.tables.retrieval, &d.tables.trace};
    for (int i = 0; i < 3; ++i) {
        const auto& c = steps[i]->statistics.counts;
        const auto& t = cli.at("tables")[static_cast<std::size_t>(i)];
        QCOMPARE(c.ok_ok, t.at("ok_ok").get<long long>());
        QCOMPARE(c.ok_bad, t.at("ok_bad").get<long long>());
        QCOMPARE(c.bad_ok, t.at("bad_ok").get<long long>());
        QCOMPARE(c.bad_bad, t.at("bad_bad").get<long long>());
    }
    // The heat table the user clicks shows those counts.
    ContingencyModel* trace = window_->statisticsPage()->tableModel(store::TraceStep::Trace);
    QCOMPARE(trace->cell(0, 0), d.tables.trace.statistics.counts.ok_ok);
    // Rule x human: ann and bob agree on five items (rule ok, human wrong); the sixth is a tie.
    const auto& agreement = cli.at("human_vs_rule")[2];
    QCOMPARE(agreement.at("judged").get<long long>(), 5LL);
    ContingencyModel* rvh = window_->statisticsPage()->agreementModel();
    QCOMPARE(rvh->cell(0, 1), agreement.at("rule_ok_human_bad").get<long long>());
    QCOMPARE(rvh->cell(0, 0), agreement.at("agree").get<long long>());
    QVERIFY(window_->statisticsPage()->agreementView()->isVisibleTo(window_->statisticsPage()));
}

void TestUiHumanRule::exportsEqualTheCli() {
    const QString dir = QString::fromStdString(test::scratchDir("ui_human_exports").string());
    for (const char* format : {"csv", "markdown", "latex", "json"}) {
        const QString suffix = QString(format) == "markdown" ? "md"
                               : QString(format) == "latex"  ? "tex"
                                                             : format;
        const QString path = dir + "/tables." + suffix;
        QString error;
        QVERIFY2(window_->exportTables(path, &error), qPrintable(error));
        const auto r = cliTables(format);
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        QVERIFY2(readAll(path) == r.out, format);
    }
}

void TestUiHumanRule::disagreementCellListsTheItems() {
    QTableView* view = window_->statisticsPage()->agreementView();
    const QModelIndex cell = view->model()->index(0, 1);  // rule ok, human wrong
    QCOMPARE(cell.data(ContingencyModel::kCellRole).toInt(), 1);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    ItemTableModel* model = window_->itemPage()->model();
    QTRY_COMPARE(model->rowCount(), 5);
    std::set<std::string> listed;
    for (int r = 0; r < model->rowCount(); ++r) {
        listed.insert(model->rowAt(r)->itemId);
        // Under the human rule the chip says wrong and is marked as a person's verdict.
        const QModelIndex trace = model->index(r, ItemTableModel::Trace);
        QCOMPARE(trace.data(ItemRole::Verdict).toInt(), int(StepVerdict::Wrong));
        QVERIFY(trace.data(ItemRole::HumanOverride).toBool());
    }
    QCOMPARE(listed, overridden_);
    window_->itemPage()->filters()->back();
    QTRY_COMPARE(model->rowCount(), kItems);
}

void TestUiHumanRule::comparePageReadsTheHumanRule() {
    ComparePage* page = window_->comparePage();
    window_->workspaces()->showAnalysePage(page);
    page->compare(runA_, runB_);
    QTRY_VERIFY(page->result().has_value());
    auto p = store::Project::open(fixture_.path.toStdString());
    const auto expected =
        store::comparePairedRuns(p, "run-a", "run-b", store::VerdictView{store::VerdictRule::Human},
                                 store::PairedOutcome::Answer);
    QCOMPARE(page->result()->onlyA, expected.onlyA);
    QCOMPARE(page->result()->onlyB, expected.onlyB);
    QCOMPARE(page->result()->bothOk, expected.bothOk);
}

void TestUiHumanRule::myOverridesOnly() {
    // tester judged nothing: "my overrides" reads the strict verdicts.
    window_->session()->setHumanOnlyMine(true);
    QTRY_VERIFY(window_->statisticsPage()->data() &&
                window_->statisticsPage()->data()->tables.view.annotator == "tester");
    const auto r = ts::test::runProcess(
        QStringLiteral(TRACESCOPE_CLI),
        {"tables", "--project", fixture_.path, "--run", "run-a", "--format", "json"});
    const auto strict = nlohmann::json::parse(r.out);
    QCOMPARE(window_->statisticsPage()->data()->tables.trace.statistics.counts.ok_ok,
             strict.at("tables")[2].at("ok_ok").get<long long>());
    window_->session()->setHumanOnlyMine(false);
}

void TestUiHumanRule::runsSelectedInTheTreePool() {
    QTreeView* tree = window_->projectTree();
    auto* model = qobject_cast<ProjectTreeModel*>(tree->model());
    QVERIFY(model);
    tree->selectionModel()->select(model->runIndex(runA_), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    tree->selectionModel()->select(model->runIndex(runB_), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_VERIFY(window_->statisticsPage()->data() && window_->statisticsPage()->data()->pooled.has_value());
    const auto r = ts::test::runProcess(QStringLiteral(TRACESCOPE_CLI),
                                        {"tables", "--project", fixture_.path, "--run", "run-a", "--run", "run-b",
                                         "--pooled", "--rule", "human", "--format", "json"});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto cli = nlohmann::json::parse(r.out);
    const auto& d = *window_->statisticsPage()->data();
    QCOMPARE(d.tables.trace.statistics.counts.ok_ok, cli.at("tables")[2].at("ok_ok").get<long long>());
    QCOMPARE(d.tables.trace.statistics.counts.bad_ok, cli.at("tables")[2].at("bad_ok").get<long long>());
    QCOMPARE(d.pooled->cmh[2].chiSquare, cli.at("tables")[2].at("cmh").at("chi_square").get<double>());
    tree->selectionModel()->select(model->runIndex(runB_), QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
    QTRY_VERIFY(window_->statisticsPage()->data() && !window_->statisticsPage()->data()->pooled.has_value());
}

QTEST_MAIN(TestUiHumanRule)
#include "test_ui_human_rule.moc"
