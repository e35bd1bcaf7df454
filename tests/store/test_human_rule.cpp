// The human rule in core (effective_verdicts.h): its policy on constructed
// votes, and every consumer of it on a real project file - the tables, the
// item list and its counts, paired runs, accuracy per label, rule versus
// human, pooled tables, the missing-trace choice and the annotation files'
// round trip. Expected counts come from the fixture's own verdict vectors
// and the overrides the test makes, never from the code under test.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/store/annotation_files.h"
#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/effective_verdicts.h"
#include "core/store/item_query.h"
#include "core/store/label_accuracy.h"
#include "core/store/paired_runs.h"
#include "core/store/pooled_tables.h"
#include "core/store/rule_agreement.h"
#include "core/store/run_tables.h"
#include "core/store/run_writer.h"
#include "core/store/table_report.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

using namespace ts;
using namespace ts::store;
namespace fs = std::filesystem;

namespace {

constexpr int kItems = 300;
const VerdictView kHuman{VerdictRule::Human};

const ItemVerdict& strictOf(const PredictionRecord& r) {
    return r.verdicts.front();  // the fixture writes strict first
}

Annotation vote(long long run, const std::string& item, AnnotationTarget step,
                const std::string& who, std::optional<StepVerdict> v) {
    Annotation a;
    a.runId = run;
    a.itemId = item;
    a.target = step;
    a.annotator = who;
    a.verdictOverride = v;
    return a;
}

stats::TwoByTwo counts(const RunTables& t, TraceStep step) {
    return t.table(step).statistics.counts;
}

}  // namespace

class TestHumanRule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void majorityAnnotatorAndTies();
    void stepOverridesRecomputeTheTrace();
    void fiveTraceOverridesMoveFiveItems();
    void listsAndCountsFollowTheOverrides();
    void pairedRunsAndLabelsFollowTheOverrides();
    void ruleVersusHumanCountsTheJudgedItems();
    void pooledTablesAreCellwiseSums();
    void missingTracesCanBeLeftOut();
    void annotationFilesRoundTrip();

private:
    fs::path path_;
    Dataset dataset_;
    std::vector<PredictionRecord> runA_, runB_;
    std::optional<Project> project_;
    long long a_ = 0, b_ = 0;
    // Items of run-a whose strict trace and answer are both ok.
    std::vector<std::string> okOk_;
};

void TestHumanRule::initTestCase() {
    dataset_ = test::syntheticDataset("human-items", kItems);
    runA_ = test::syntheticPredictions(dataset_, 0);
    runB_ = test::syntheticPredictions(dataset_, 1);
    for (const auto& r : runA_)
        if (strictOf(r).trace == StepVerdict::Ok && strictOf(r).answer == StepVerdict::Ok)
            okOk_.push_back(r.itemId);
    QVERIFY(okOk_.size() >= 10);
}

// A fresh project per test: annotations of one test never leak into another.
void TestHumanRule::init() {
    project_.reset();
    path_ = test::scratchDir("human_rule") / "human.tsproj";
    auto p = Project::create(path_.string());
    RunInfo a;
    a.name = "run-a";
    a_ = importRun(p, dataset_, a, runA_).runId;
    RunInfo b;
    b.name = "run-b";
    b_ = importRun(p, dataset_, b, runB_).runId;
    project_.emplace(std::move(p));
}

void TestHumanRule::majorityAnnotatorAndTies() {
    using T = AnnotationTarget;
    using V = StepVerdict;
    const std::vector<OverrideVote> votes = {
        {T::Trace, "ann", V::Wrong}, {T::Trace, "bob", V::Wrong}, {T::Trace, "cat", V::Ok},
        {T::Class, "ann", V::Ok},    {T::Class, "bob", V::Wrong}, {T::Item, "ann", V::Wrong}};
    // Majority: two of three say the trace is wrong; class is a tie and keeps the strict verdict.
    const StepOverrides majority = decideOverrides(votes, "");
    QVERIFY(majority.trace == std::optional(V::Wrong));
    QVERIFY(!majority.classStep);
    QVERIFY(!majority.retrievalStep && !majority.answer);
    // One annotator: only theirs counts.
    const StepOverrides cat = decideOverrides(votes, "cat");
    QVERIFY(cat.trace == std::optional(V::Ok));
    QVERIFY(!cat.classStep);
    QVERIFY(decideOverrides(votes, "bob").classStep == std::optional(V::Wrong));
    // Nobody of that name: nothing counts.
    QVERIFY(!decideOverrides(votes, "dan").any());
}

void TestHumanRule::stepOverridesRecomputeTheTrace() {
    using V = StepVerdict;
    const StepVerdicts strict{V::Ok, V::Ok, V::Ok, V::Ok};
    StepOverrides o;
    o.classStep = V::Wrong;  // a wrong class makes the trace wrong
    QVERIFY(applyOverrides(strict, o) == (StepVerdicts{V::Wrong, V::Ok, V::Wrong, V::Ok}));
    o.trace = V::Ok;  // an explicit trace override wins
    QVERIFY(applyOverrides(strict, o) == (StepVerdicts{V::Wrong, V::Ok, V::Ok, V::Ok}));
    StepOverrides r;
    r.retrievalStep = V::Partial;  // class ok: the trace is what the retrieval is
    QVERIFY(applyOverrides(strict, r) == (StepVerdicts{V::Ok, V::Partial, V::Partial, V::Ok}));
    StepOverrides answer;
    answer.answer = V::Wrong;  // the answer alone leaves the trace as it was
    QVERIFY(applyOverrides({V::Wrong, V::Ok, V::Wrong, V::Ok}, answer) ==
            (StepVerdicts{V::Wrong, V::Ok, V::Wrong, V::Wrong}));

    // In the project: item 0's class overridden to the opposite of its strict verdict.
    const PredictionRecord& r0 = runA_[0];
    const StepVerdict flipped = strictOf(r0).classStep == V::Ok ? V::Wrong : V::Ok;
    saveAnnotation(*project_, vote(a_, r0.itemId, AnnotationTarget::Class, "ann", flipped));
    ItemFilter f;
    f.view = kHuman;
    f.itemKeys = {r0.itemId};
    const auto rows = findItems(*project_, a_, f);
    QCOMPARE(rows.size(), std::size_t{1});
    QVERIFY(rows[0].classStep == flipped);
    QVERIFY(rows[0].trace == traceFromSteps(flipped, strictOf(r0).retrievalStep));
    QCOMPARE(rows[0].humanSteps, kHumanClass | kHumanTrace);
}

void TestHumanRule::fiveTraceOverridesMoveFiveItems() {
    const RunTables strict = runTables(*project_, a_, ScoringRuleKind::Strict);
    for (int i = 0; i < 5; ++i)
        saveAnnotation(*project_,
                       vote(a_, okOk_[i], AnnotationTarget::Trace, "ann", StepVerdict::Wrong));
    const RunTables human = runTables(*project_, a_, kHuman);
    const auto s = counts(strict, TraceStep::Trace), h = counts(human, TraceStep::Trace);
    QCOMPARE(h.ok_ok, s.ok_ok - 5);
    QCOMPARE(h.bad_ok, s.bad_ok + 5);
    QCOMPARE(h.ok_bad, s.ok_bad);
    QCOMPARE(h.bad_bad, s.bad_bad);
    // Class and retrieval were not judged: unchanged. The strict tables too.
    QCOMPARE(counts(human, TraceStep::Class), counts(strict, TraceStep::Class));
    QCOMPARE(counts(human, TraceStep::Retrieval), counts(strict, TraceStep::Retrieval));
    QCOMPARE(counts(runTables(*project_, a_, ScoringRuleKind::Strict), TraceStep::Trace), s);
    QCOMPARE(human.answerOk, strict.answerOk);
    // A second annotator disagreeing on two of them makes those ties: back to strict.
    for (int i = 0; i < 2; ++i)
        saveAnnotation(*project_,
                       vote(a_, okOk_[i], AnnotationTarget::Trace, "bob", StepVerdict::Ok));
    QCOMPARE(counts(runTables(*project_, a_, kHuman), TraceStep::Trace).ok_ok, s.ok_ok - 3);
    // Only ann's overrides: all five count again; only bob's: none moves.
    QCOMPARE(
        counts(runTables(*project_, a_, VerdictView{VerdictRule::Human, "ann"}), TraceStep::Trace)
            .ok_ok,
        s.ok_ok - 5);
    QCOMPARE(
        counts(runTables(*project_, a_, VerdictView{VerdictRule::Human, "bob"}), TraceStep::Trace),
        s);
    // The headline quantity follows: P(trace ok | answer ok) = ok_ok / (ok_ok + bad_ok).
    const auto& st = runTables(*project_, a_, kHuman).trace.statistics;
    QCOMPARE(st.stepOkGivenAnswerOk.successes, s.ok_ok - 3);
    QCOMPARE(st.stepOkGivenAnswerOk.total, s.ok_ok + s.bad_ok);
}

void TestHumanRule::listsAndCountsFollowTheOverrides() {
    for (int i = 0; i < 5; ++i)
        saveAnnotation(*project_,
                       vote(a_, okOk_[i], AnnotationTarget::Trace, "ann", StepVerdict::Wrong));
    // The cell "trace wrong, answer ok" lists the five items under the human rule, not under
    // strict.
    ItemFilter cell;
    cell.view = kHuman;
    cell.cell = TableCell{TraceStep::Trace, false, true};
    std::set<std::string> listed;
    for (const auto& r : findItems(*project_, a_, cell)) listed.insert(r.itemId);
    for (int i = 0; i < 5; ++i) QVERIFY2(listed.count(okOk_[i]), okOk_[i].c_str());
    QCOMPARE(countItems(*project_, a_, cell),
             counts(runTables(*project_, a_, kHuman), TraceStep::Trace).bad_ok);
    cell.view = ScoringRuleKind::Strict;
    for (const auto& r : findItems(*project_, a_, cell))
        QVERIFY(std::find(okOk_.begin(), okOk_.begin() + 5, r.itemId) == okOk_.begin() + 5);
    // A verdict filter reads the same columns.
    ItemFilter wrong;
    wrong.view = kHuman;
    wrong.trace = StepVerdict::Wrong;
    wrong.itemKeys = {okOk_.begin(), okOk_.begin() + 5};
    QCOMPARE(countItems(*project_, a_, wrong), 5LL);
}

void TestHumanRule::pairedRunsAndLabelsFollowTheOverrides() {
    const auto strictPairs = comparePairedRuns(*project_, "run-a", "run-b", ScoringRuleKind::Strict,
                                               PairedOutcome::Answer);
    // Override the answer of five items run-a got right and run-b wrong: they stop being "only A".
    std::vector<std::string> onlyA;
    for (const auto& f : strictPairs.flipped)
        if (f.okInA) onlyA.push_back(f.itemId);
    QVERIFY(onlyA.size() >= 5);
    for (int i = 0; i < 5; ++i)
        saveAnnotation(*project_,
                       vote(a_, onlyA[i], AnnotationTarget::Answer, "ann", StepVerdict::Wrong));
    const auto human =
        comparePairedRuns(*project_, "run-a", "run-b", kHuman, PairedOutcome::Answer);
    QCOMPARE(human.onlyA, strictPairs.onlyA - 5);
    QCOMPARE(human.bothBad, strictPairs.bothBad + 5);
    QCOMPARE(human.onlyB, strictPairs.onlyB);
    // Accuracy per label loses the same five correct answers.
    long long strictOk = 0, humanOk = 0;
    for (const auto& c : answerCountsByLabel(*project_, a_, ScoringRuleKind::Strict))
        strictOk += c.answerOk;
    for (const auto& c : answerCountsByLabel(*project_, a_, kHuman)) humanOk += c.answerOk;
    QCOMPARE(humanOk, strictOk - 5);
}

void TestHumanRule::ruleVersusHumanCountsTheJudgedItems() {
    // ann judges ten ok/ok items: trace wrong on the first three, ok on the next seven.
    for (int i = 0; i < 10; ++i)
        saveAnnotation(*project_, vote(a_, okOk_[i], AnnotationTarget::Trace, "ann",
                                       i < 3 ? StepVerdict::Wrong : StepVerdict::Ok));
    const auto steps = ruleVersusHuman(*project_, a_, "");
    QCOMPARE(steps.size(), std::size_t{4});
    const RuleHumanAgreement& trace = steps[2];
    QVERIFY(trace.step == AnnotationTarget::Trace);
    QCOMPARE(trace.judged, 10LL);
    QCOMPARE(trace.agree(), 7LL);
    QCOMPARE(trace.ruleOkHumanBad, 3LL);
    QCOMPARE(trace.ruleBadHumanOk, 0LL);
    // By hand: p_o = 0.7; every rule verdict is ok, so p_e = 1 x 0.7 = 0.7 and kappa = 0.
    QCOMPARE(trace.kappa.observedAgreement, 0.7);
    QCOMPARE(trace.kappa.kappa, 0.0);
    QCOMPARE(trace.disagreeing.size(), std::size_t{3});
    QCOMPARE(trace.disagreeing[0].itemId, okOk_[0]);
    QCOMPARE(steps[0].judged, 0LL);  // nobody judged the class step
}

void TestHumanRule::pooledTablesAreCellwiseSums() {
    saveAnnotation(*project_,
                   vote(a_, okOk_[0], AnnotationTarget::Trace, "ann", StepVerdict::Wrong));
    const auto pooled = pooledTables(*project_, {"run-a", "run-b"}, kHuman);
    const RunTables ta = runTables(*project_, a_, kHuman), tb = runTables(*project_, b_, kHuman);
    for (TraceStep step : {TraceStep::Class, TraceStep::Retrieval, TraceStep::Trace}) {
        const auto x = counts(ta, step), y = counts(tb, step), sum = counts(pooled.pooled, step);
        QCOMPARE(sum, (stats::TwoByTwo{x.ok_ok + y.ok_ok, x.ok_bad + y.ok_bad, x.bad_ok + y.bad_ok,
                                       x.bad_bad + y.bad_bad}));
    }
    QCOMPARE(pooled.pooled.items, ta.items + tb.items);
    const auto cmh =
        stats::mantelHaenszel({counts(ta, TraceStep::Trace), counts(tb, TraceStep::Trace)});
    QCOMPARE(pooled.cmh[2].chiSquare, cmh.chiSquare);
    QCOMPARE(pooled.cmh[2].strata, 2);
    const std::string json =
        stats::formatTableReport(pooledReport(pooled), stats::TableFormat::Json);
    QVERIFY(json.find("\"cmh\"") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(Error, pooledTables(*project_, {"run-a"}, kHuman));
}

void TestHumanRule::missingTracesCanBeLeftOut() {
    long long noTrace = 0, noTraceAnswerOk = 0;
    for (const auto& r : runA_)
        if (hasNoTrace(strictOf(r).parse)) {
            ++noTrace;
            if (strictOf(r).answer == StepVerdict::Ok) ++noTraceAnswerOk;
        }
    QVERIFY(noTrace > 0);
    const RunTables wrong = runTables(*project_, a_, ScoringRuleKind::Strict);
    const RunTables left = runTables(*project_, a_, ScoringRuleKind::Strict, RetrievalMode::All,
                                     MissingTrace::Exclude);
    QCOMPARE(left.missingTraceExcluded, noTrace);
    QCOMPARE(left.missingTraceExcludedAnswerOk, noTraceAnswerOk);
    QCOMPARE(left.trace.statistics.n, wrong.trace.statistics.n - noTrace);
    // Kept in the answer accuracy, as the paper's scripts did.
    QCOMPARE(left.items, wrong.items);
    QCOMPARE(left.answerOk, wrong.answerOk);
    // An item without a trace counts as trace wrong by default.
    QCOMPARE(counts(left, TraceStep::Trace).bad_ok,
             counts(wrong, TraceStep::Trace).bad_ok - noTraceAnswerOk);
    const std::string json = formatRunTables(left, "run-a", stats::TableFormat::Json);
    QVERIFY(json.find("\"missing_trace_excluded\": " + std::to_string(noTrace)) !=
            std::string::npos);
}

void TestHumanRule::annotationFilesRoundTrip() {
    for (int i = 0; i < 6; ++i) {
        Annotation a =
            vote(a_, okOk_[i], AnnotationTarget::Trace, i % 2 ? "ann" : "bob", StepVerdict::Wrong);
        a.note = i == 0 ? "quotes, commas, \"and\" a\nnewline" : "";
        a.tags = {"hallucinated", "tag" + std::to_string(i)};
        a.interpretability = 1 + i % 5;
        saveAnnotation(*project_, a);
    }
    saveAnnotation(*project_, vote(b_, okOk_[0], AnnotationTarget::Class, "ann", StepVerdict::Ok));
    const std::string humanBefore =
        formatRunTables(runTables(*project_, a_, kHuman), "run-a", stats::TableFormat::Json);
    for (auto format : {AnnotationFileFormat::Csv, AnnotationFileFormat::Jsonl}) {
        const fs::path file =
            path_.parent_path() / (format == AnnotationFileFormat::Csv ? "all.csv" : "all.jsonl");
        writeFileAtomic(file, formatAnnotations(*project_, 0, format));
        // A copy of the project without annotations, then the file imported into it.
        const fs::path copy = path_.parent_path() / "copy.tsproj";
        fs::remove(copy);
        project_->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        fs::copy_file(path_, copy);
        auto other = Project::open(copy.string());
        other.db().exec("DELETE FROM annotations");
        const auto summary = importAnnotations(other, file);
        QCOMPARE(summary.rows, 7LL);
        QCOMPARE(summary.inserted, 7LL);
        QCOMPARE(formatRunTables(runTables(other, a_, kHuman), "run-a", stats::TableFormat::Json),
                 humanBefore);
        QCOMPARE(formatAnnotations(other, 0, format), formatAnnotations(*project_, 0, format));
        // Importing again replaces, never duplicates.
        QCOMPARE(importAnnotations(other, file).replaced, 7LL);
        QCOMPARE(other.db().queryInt("SELECT COUNT(*) FROM annotations"), 7LL);
    }
}

QTEST_GUILESS_MAIN(TestHumanRule)
#include "test_human_rule.moc"
