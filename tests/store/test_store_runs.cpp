// Writing to a project: datasets shared between runs, imports in one
// transaction (errors and cancellation leave nothing), exact verdict round
// trips, re-scoring and deleting runs.
#include <QtTest>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/dataset_writer.h"
#include "core/store/item_query.h"
#include "core/store/run_tables.h"
#include "core/store/run_writer.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

using ts::store::Project;

namespace {

Project freshProject(const std::string& name) {
    return Project::create((ts::test::scratchDir(name) / "p.tsproj").string());
}

long long count(Project& p, const std::string& table) {
    return p.db().queryInt("SELECT COUNT(*) FROM " + table);
}

// Every table an import writes to, for "nothing changed" checks.
std::vector<long long> allCounts(Project& p) {
    std::vector<long long> out;
    for (const char* t : {"datasets", "items", "context_units", "items_fts", "runs", "predictions",
                          "verdicts", "verdict_details", "annotations"})
        out.push_back(count(p, t));
    return out;
}

ts::store::RunInfo runInfo(const std::string& name) {
    ts::store::RunInfo info;
    info.name = name;
    info.model = "Qwen3-1.7B";
    info.checkpoint = "/ckpt/" + name;
    info.condition = "correct-trace";
    info.seed = 122;
    info.hyperParameters = {{"lr", 2e-4}, {"lora_r", 16}};
    info.source = {{"format", "synthetic"}};
    return info;
}

template <typename F>
void expectError(F&& f, const std::string& needle) {
    try {
        f();
        QFAIL("no ts::Error thrown");
    } catch (const ts::Error& e) {
        QVERIFY2(e.message().find(needle) != std::string::npos, e.message().c_str());
    }
}

}  // namespace

class TestStoreRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void datasetRoundTrip();
    void datasetsAreSharedAndChecked();
    void importRoundTripsVerdictsExactly();
    void failedImportsLeaveNothing();
    void cancelledImportLeavesNothing();
    void replaceVerdictsInvalidatesTables();
    void deleteRunRemovesEverythingOfIt();
};

void TestStoreRuns::datasetRoundTrip() {
    auto project = freshProject("store_dataset_roundtrip");
    ts::Dataset d = ts::test::syntheticDataset("set-a", 25);
    d.items[3].question = "Ünïcödé 'quotes' \"double\" and\nnewline \xF0\x9F\x98\x80";
    d.items[4].context.push_back(ts::ContextUnit{"a unit with\ttab", 42});
    d.items[4].meta = {{"nested", {{"list", {1, 2, 3}}}}, {"text", "x"}};
    d.items[5].goldAnswers = {"a", "b", "c"};
    const auto r = ts::store::addDataset(project, d);
    QCOMPARE(r.itemsAdded, 25LL);
    QCOMPARE(r.itemRowIds.size(), std::size_t(25));
    const ts::Dataset back = ts::store::loadDataset(project, "set-a");
    QCOMPARE(back.kind, d.kind);
    QCOMPARE(back.sourceFiles, d.sourceFiles);
    QCOMPARE(back.items.size(), d.items.size());
    for (std::size_t i = 0; i < d.items.size(); ++i)
        QVERIFY2(back.items[i] == d.items[i], d.items[i].id.c_str());
    const auto sets = ts::store::listDatasets(project);
    QCOMPARE(sets.size(), std::size_t(1));
    QCOMPARE(sets[0].items, 25LL);
    QCOMPARE(sets[0].kind, std::string("generic"));
}

void TestStoreRuns::datasetsAreSharedAndChecked() {
    auto project = freshProject("store_dataset_shared");
    ts::store::addDataset(project, ts::test::syntheticDataset("set", 10));
    // The same items plus five new ones: only the new ones are added.
    auto r = ts::store::addDataset(project, ts::test::syntheticDataset("set", 15));
    QCOMPARE(r.itemsAdded, 5LL);
    QCOMPARE(r.itemsAlreadyStored, 10LL);
    QCOMPARE(count(project, "items"), 15LL);
    QCOMPARE(count(project, "items_fts"), 15LL);

    // A stored item whose question changed is refused, and nothing is added.
    ts::Dataset changed = ts::test::syntheticDataset("set", 20);
    changed.items[7].question = "a different question";
    const auto before = allCounts(project);
    expectError([&] { ts::store::addDataset(project, changed); },
                "item 'q/7' of dataset 'set' differs");
    QCOMPARE(allCounts(project), before);

    changed = ts::test::syntheticDataset("set", 15);
    changed.items[2].context[0].text = "edited";
    expectError([&] { ts::store::addDataset(project, changed); }, "(context)");

    changed = ts::test::syntheticDataset("set", 3);
    changed.kind = ts::DatasetKind::Babi;
    expectError([&] { ts::store::addDataset(project, changed); }, "of kind 'generic', not 'babi'");

    changed = ts::test::syntheticDataset("set", 3);
    changed.items[1].id = changed.items[0].id;  // validateDataset() refuses duplicates
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::addDataset(project, changed));
    QCOMPARE(allCounts(project), before);
}

void TestStoreRuns::importRoundTripsVerdictsExactly() {
    auto project = freshProject("store_import_roundtrip");
    const ts::Dataset d = ts::test::syntheticDataset("set", 60);
    const auto predictions = ts::test::syntheticPredictions(d, 0);
    const auto summary = ts::store::importRun(project, d, runInfo("run-a"), predictions);
    QCOMPARE(summary.itemsAdded, 60LL);
    QCOMPARE(summary.predictions, 60LL);
    QCOMPARE(summary.verdicts, 120LL);

    for (int k : {0, 5, 13, 33, 59}) {
        const auto detail = ts::store::loadItemDetail(project, summary.runId, d.items[k].id);
        QVERIFY(detail.item == d.items[k]);
        QCOMPARE(detail.prediction, predictions[k].text);
        QCOMPARE(detail.verdicts.size(), std::size_t(2));
        QVERIFY2(detail.verdicts[0] == predictions[k].verdicts[0], "strict verdict differs");
        QVERIFY2(detail.verdicts[1] == predictions[k].verdicts[1], "legacy verdict differs");
    }
    // An absent retrieval precision stays absent (NULL, not 0).
    ts::Dataset d2 = ts::test::syntheticDataset("set", 2);
    auto p2 = ts::test::syntheticPredictions(d2, 0);
    p2[1].verdicts[0].retrievalPrecision.reset();
    p2[1].verdicts.pop_back();  // only a strict verdict for this item
    ts::store::importRun(project, d2, runInfo("run-b"), p2);
    const auto detail = ts::store::loadItemDetail(project, summary.runId + 1, "q/1");
    QCOMPARE(detail.verdicts.size(), std::size_t(1));
    QVERIFY(!detail.verdicts[0].retrievalPrecision);
    QVERIFY(detail.verdicts[0] == p2[1].verdicts[0]);

    const auto run = ts::store::runSummary(project, "run-a");
    QCOMPARE(run.model, std::string("Qwen3-1.7B"));
    QCOMPARE(run.seed, std::optional<long long>(122));
    QCOMPARE(run.hyperParameters.at("lora_r").get<int>(), 16);
    QCOMPARE(run.predictions, 60LL);
    QCOMPARE(run.strictVerdicts, 60LL);
    QCOMPARE(run.legacyVerdicts, 60LL);
    QCOMPARE(ts::store::listRuns(project).size(), std::size_t(2));
    QCOMPARE(ts::store::listDatasets(project)[0].runs, 2LL);
}

void TestStoreRuns::failedImportsLeaveNothing() {
    auto project = freshProject("store_import_errors");
    const ts::Dataset d = ts::test::syntheticDataset("set", 20);
    ts::store::importRun(project, d, runInfo("first"), ts::test::syntheticPredictions(d, 0));
    const auto before = allCounts(project);
    // A new dataset in the failing imports: its items must vanish with the run.
    const ts::Dataset other = ts::test::syntheticDataset("other", 30);

    expectError([&] { ts::store::importRun(project, d, runInfo("first"), {}); },
                "already has a run named 'first'");
    auto bad = ts::test::syntheticPredictions(other, 0);
    bad[25].itemId = "q/999";
    bad[25].verdicts.clear();
    expectError([&] { ts::store::importRun(project, other, runInfo("x"), bad); },
                "names item 'q/999', which is not in dataset 'other'");
    bad = ts::test::syntheticPredictions(other, 0);
    bad[20] = bad[19];
    expectError([&] { ts::store::importRun(project, other, runInfo("x"), bad); },
                "two predictions for item 'q/19'");
    bad = ts::test::syntheticPredictions(other, 0);
    bad[10].verdicts[1].itemId = "q/11";
    expectError([&] { ts::store::importRun(project, other, runInfo("x"), bad); },
                "verdict for item 'q/11' is attached to the prediction of 'q/10'");
    bad = ts::test::syntheticPredictions(other, 0);
    bad[10].verdicts[1].rule = ts::ScoringRuleKind::Strict;
    expectError([&] { ts::store::importRun(project, other, runInfo("x"), bad); },
                "two strict verdicts for item 'q/10'");
    QCOMPARE(allCounts(project), before);
    QCOMPARE(ts::store::listDatasets(project).size(), std::size_t(1));
}

void TestStoreRuns::cancelledImportLeavesNothing() {
    auto project = freshProject("store_import_cancel");
    const ts::Dataset d = ts::test::syntheticDataset("set", 5000);
    int reports = 0;
    ts::ProgressSink sink([&](const ts::Progress& p) { return ++reports < 2 || p.fraction < 0.3; });
    const auto before = allCounts(project);
    QVERIFY_THROWS_EXCEPTION(
        ts::Cancelled,
        ts::store::importRun(project, d, runInfo("r"), ts::test::syntheticPredictions(d, 0), sink));
    QVERIFY(reports >= 3);
    QCOMPARE(allCounts(project), before);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    // The connection is usable afterwards.
    ts::store::importRun(project, d, runInfo("r"), ts::test::syntheticPredictions(d, 0));
    QCOMPARE(count(project, "predictions"), 5000LL);
}

void TestStoreRuns::replaceVerdictsInvalidatesTables() {
    auto project = freshProject("store_replace_verdicts");
    const ts::Dataset d = ts::test::syntheticDataset("set", 300);
    ts::store::importRun(project, d, runInfo("r"), ts::test::syntheticPredictions(d, 0));
    const auto first = ts::store::runTables(project, "r", ts::ScoringRuleKind::Legacy);
    QVERIFY(!first.fromCache);
    QVERIFY(ts::store::runTables(project, "r", ts::ScoringRuleKind::Legacy).fromCache);

    std::vector<ts::ItemVerdict> rescored;
    ts::stats::TwoByTwo expected;
    for (int k = 0; k < 300; ++k) {
        rescored.push_back(
            ts::test::syntheticVerdict(d.items[k], k, ts::ScoringRuleKind::Legacy, 3));
        const auto& v = rescored.back();
        if (v.trace == ts::StepVerdict::Unevaluated) continue;
        const bool s = v.trace == ts::StepVerdict::Ok, a = v.answer == ts::StepVerdict::Ok;
        ++(s ? (a ? expected.ok_ok : expected.ok_bad) : (a ? expected.bad_ok : expected.bad_bad));
    }
    ts::store::replaceVerdicts(project, "r", ts::ScoringRuleKind::Legacy, rescored);
    const auto second = ts::store::runTables(project, "r", ts::ScoringRuleKind::Legacy);
    QVERIFY(!second.fromCache);
    QCOMPARE(second.trace.statistics.counts, expected);
    QVERIFY(!(second.trace.statistics.counts == first.trace.statistics.counts));
    QCOMPARE(ts::store::loadItemDetail(project, 1, "q/7").verdicts[1], rescored[7]);

    // Errors roll the whole replacement back.
    rescored[4].itemId = "q/nope";
    QVERIFY_THROWS_EXCEPTION(
        ts::Error, ts::store::replaceVerdicts(project, "r", ts::ScoringRuleKind::Legacy, rescored));
    QCOMPARE(
        ts::store::runTables(project, "r", ts::ScoringRuleKind::Legacy).trace.statistics.counts,
        expected);
    rescored[4].itemId = "q/5";  // duplicate of item 5
    QVERIFY_THROWS_EXCEPTION(
        ts::Error, ts::store::replaceVerdicts(project, "r", ts::ScoringRuleKind::Legacy, rescored));
    QVERIFY_THROWS_EXCEPTION(
        ts::Error, ts::store::replaceVerdicts(project, "r", ts::ScoringRuleKind::Strict, rescored));
    QCOMPARE(count(project, "verdicts"), 600LL);
}

void TestStoreRuns::deleteRunRemovesEverythingOfIt() {
    auto project = freshProject("store_delete_run");
    const ts::Dataset d = ts::test::syntheticDataset("set", 40);
    ts::store::importRun(project, d, runInfo("keep"), ts::test::syntheticPredictions(d, 0));
    ts::store::importRun(project, d, runInfo("drop"), ts::test::syntheticPredictions(d, 1));
    const long long dropId = ts::store::runSummary(project, "drop").id;
    ts::store::Annotation a;
    a.runId = dropId;
    a.itemId = "q/3";
    a.annotator = "rater";
    a.tags = {"t"};
    ts::store::saveAnnotation(project, a);
    ts::store::runTables(project, "drop", ts::ScoringRuleKind::Strict);
    ts::store::ItemFilter f;
    f.text = "telescope";
    const long long hitsBefore = ts::store::countItems(project, 1, f);

    ts::store::deleteRun(project, "drop");
    QCOMPARE(count(project, "runs"), 1LL);
    QCOMPARE(count(project, "predictions"), 40LL);
    QCOMPARE(count(project, "verdicts"), 80LL);
    QCOMPARE(count(project, "verdict_details"), 80LL);
    QCOMPARE(count(project, "annotations"), 0LL);
    QCOMPARE(count(project, "annotation_tags"), 0LL);
    QCOMPARE(count(project, "table_cache"), 0LL);
    QCOMPARE(count(project, "items"), 40LL);  // items stay with their dataset
    QCOMPARE(ts::store::countItems(project, 1, f), hitsBefore);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0LL);
    // Throws if the external-content index still holds the deleted predictions.
    project.db().exec("INSERT INTO predictions_fts(predictions_fts) VALUES ('integrity-check')");
    expectError([&] { ts::store::deleteRun(project, "drop"); }, "no run named 'drop'");
}

QTEST_GUILESS_MAIN(TestStoreRuns)
#include "test_store_runs.moc"
