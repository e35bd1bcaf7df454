// Findings in the project file: appended in order, moved, annotated with a
// note, removed (the others renumbered), refused for an unknown run or item
// or chart, and gone with their run.
#include <QtTest>

#include "core/store/findings.h"
#include "core/store/run_writer.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

using namespace ts;
using namespace ts::store;

namespace {

Finding item(long long run, const std::string& id, const std::string& title) {
    Finding f;
    f.kind = FindingKind::Item;
    f.runId = run;
    f.itemId = id;
    f.title = title;
    return f;
}

std::vector<std::string> titles(Project& p) {
    std::vector<std::string> out;
    for (const auto& f : listFindings(p)) out.push_back(f.title);
    return out;
}

}  // namespace

class TestFindings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void orderNotesAndRemoval() {
        auto p = Project::create((test::scratchDir("findings") / "f.tsproj").string());
        const Dataset d = test::syntheticDataset("f-items", 10);
        RunInfo info;
        info.name = "run-a";
        const long long run = importRun(p, d, info, test::syntheticPredictions(d, 0)).runId;
        addFinding(p, item(run, "q/1", "first"));
        Finding tables;
        tables.kind = FindingKind::Tables;
        tables.runId = run;
        tables.view = VerdictView{VerdictRule::Human, "ann"};
        tables.mode = RetrievalMode::Any;
        tables.title = "tables";
        const long long tablesId = addFinding(p, tables);
        Finding chart = tables;
        chart.kind = FindingKind::Chart;
        chart.chart = "labels";
        chart.title = "chart";
        addFinding(p, chart);
        QCOMPARE(titles(p), (std::vector<std::string>{"first", "tables", "chart"}));
        const auto all = listFindings(p);
        QVERIFY(all[1].view == (VerdictView{VerdictRule::Human, "ann"}));
        QVERIFY(all[1].mode == RetrievalMode::Any);
        QCOMPARE(all[0].itemId, std::string("q/1"));
        QCOMPARE(all[2].chart, std::string("labels"));

        moveFinding(p, tablesId, 0);
        QCOMPARE(titles(p), (std::vector<std::string>{"tables", "first", "chart"}));
        moveFinding(p, tablesId, 99);
        QCOMPARE(titles(p), (std::vector<std::string>{"first", "chart", "tables"}));
        setFindingNote(p, tablesId, "the association holds under my judgment");
        QCOMPARE(listFindings(p)[2].note, std::string("the association holds under my judgment"));
        removeFinding(p, listFindings(p)[0].id);
        QCOMPARE(titles(p), (std::vector<std::string>{"chart", "tables"}));
        QCOMPARE(listFindings(p)[1].position, 1);

        QVERIFY_THROWS_EXCEPTION(Error, addFinding(p, item(run, "q/999", "missing")));
        QVERIFY_THROWS_EXCEPTION(Error, addFinding(p, item(run + 7, "q/1", "no run")));
        chart.chart = "pie";
        QVERIFY_THROWS_EXCEPTION(Error, addFinding(p, chart));
        QVERIFY_THROWS_EXCEPTION(Error, setFindingNote(p, 12345, "x"));
        QCOMPARE(titles(p).size(), std::size_t{2});
        // A deleted run takes its findings along.
        p.db().exec("DELETE FROM runs WHERE id = " + std::to_string(run));
        QVERIFY(listFindings(p).empty());
    }
};

QTEST_GUILESS_MAIN(TestFindings)
#include "test_findings.moc"
