// Reading a project: 2x2 tables against counts made in C++ from the stored
// vectors, every item filter, full-text search, paired runs and annotations.
#include <QtTest>

#include <functional>
#include <map>

#include "core/stats/contingency.h"
#include "core/stats/mcnemar.h"
#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/item_query.h"
#include "core/store/label_accuracy.h"
#include "core/store/paired_runs.h"
#include "core/store/run_tables.h"
#include "core/store/run_writer.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

using ts::ScoringRuleKind;
using ts::StepVerdict;
using ts::store::ItemFilter;

namespace {

constexpr int kItems = 500;

ts::stats::TwoByTwo expectedTable(const std::vector<ts::store::PredictionRecord>& preds, int rule,
                                  StepVerdict ts::ItemVerdict::*step, ts::RetrievalMode mode,
                                  long long& excluded) {
    ts::stats::TwoByTwo t;
    excluded = 0;
    for (const auto& p : preds) {
        const ts::ItemVerdict& v = p.verdicts[rule];
        if (v.*step == StepVerdict::Unevaluated) {
            ++excluded;
            continue;
        }
        const bool s = v.*step == StepVerdict::Ok ||
                       (v.*step == StepVerdict::Partial && mode == ts::RetrievalMode::Any);
        const bool a = v.answer == StepVerdict::Ok;
        ++(s ? (a ? t.ok_ok : t.ok_bad) : (a ? t.bad_ok : t.bad_bad));
    }
    return t;
}

// Item ids of predictions whose rule-0/1 verdict satisfies pred, in order.
std::vector<std::string> expectedIds(const std::vector<ts::store::PredictionRecord>& preds,
                                     int rule,
                                     const std::function<bool(const ts::ItemVerdict&, int)>& pred) {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < preds.size(); ++k)
        if (pred(preds[k].verdicts[rule], static_cast<int>(k))) out.push_back(preds[k].itemId);
    return out;
}

std::vector<std::string> ids(const std::vector<ts::store::ItemRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.itemId);
    return out;
}

}  // namespace

class TestStoreQueries : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tablesMatchIndependentCounts();
    void verdictFilters();
    void cellLabelParseAndPaging();
    void answerCountsByLabel();
    void fullTextSearch();
    void pairedRunsAndMcNemar();
    void annotationCrud();
    void annotationFiltersAndAgreement();

private:
    std::optional<ts::store::Project> project_;
    ts::Dataset dataset_;
    std::vector<ts::store::PredictionRecord> predsA_, predsB_;
    long long runA_ = 0, runB_ = 0;
};

void TestStoreQueries::initTestCase() {
    project_.emplace(
        ts::store::Project::create((ts::test::scratchDir("store_queries") / "q.tsproj").string()));
    dataset_ = ts::test::syntheticDataset("set", kItems);
    predsA_ = ts::test::syntheticPredictions(dataset_, 0);
    predsB_ = ts::test::syntheticPredictions(dataset_, 1);
    ts::store::RunInfo a, b;
    a.name = "A";
    b.name = "B";
    runA_ = ts::store::importRun(*project_, dataset_, a, predsA_).runId;
    runB_ = ts::store::importRun(*project_, dataset_, b, predsB_).runId;
}

void TestStoreQueries::tablesMatchIndependentCounts() {
    for (int rule : {0, 1}) {
        for (auto mode : {ts::RetrievalMode::All, ts::RetrievalMode::Any}) {
            const auto kind = rule == 0 ? ScoringRuleKind::Strict : ScoringRuleKind::Legacy;
            for (int pass = 0; pass < 2; ++pass) {
                const auto t = ts::store::runTables(*project_, runA_, kind, mode);
                QCOMPARE(t.fromCache, pass == 1);
                QCOMPARE(t.items, (long long)kItems);
                long long answerOk = 0;
                for (const auto& p : predsA_)
                    answerOk += p.verdicts[rule].answer == StepVerdict::Ok;
                QCOMPARE(t.answerOk, answerOk);
                const std::pair<const ts::store::StepTable*, StepVerdict ts::ItemVerdict::*>
                    steps[] = {{&t.classStep, &ts::ItemVerdict::classStep},
                               {&t.retrieval, &ts::ItemVerdict::retrievalStep},
                               {&t.trace, &ts::ItemVerdict::trace}};
                for (const auto& [table, member] : steps) {
                    long long excluded = 0;
                    const auto expected = expectedTable(predsA_, rule, member, mode, excluded);
                    QCOMPARE(table->statistics.counts, expected);
                    QCOMPARE(table->excluded, excluded);
                    const auto stats = ts::stats::analyze(expected);
                    QCOMPARE(table->statistics.chiSquare, stats.chiSquare);
                    QCOMPARE(table->statistics.fisherP, stats.fisherP);
                }
                if (rule == 1) QVERIFY(t.trace.excluded > 0);  // the fixture has unevaluated items
            }
        }
    }
    // The Any mode really differs from All for retrieval (the fixture has Partial).
    const auto all =
        ts::store::runTables(*project_, runA_, ScoringRuleKind::Strict, ts::RetrievalMode::All);
    const auto any =
        ts::store::runTables(*project_, runA_, ScoringRuleKind::Strict, ts::RetrievalMode::Any);
    QVERIFY(!(all.retrieval.statistics.counts == any.retrieval.statistics.counts));
    QCOMPARE(all.classStep.statistics.counts, any.classStep.statistics.counts);
    QVERIFY_THROWS_EXCEPTION(ts::Error,
                             ts::store::runTables(*project_, "nope", ScoringRuleKind::Strict));
}

void TestStoreQueries::verdictFilters() {
    ItemFilter f;
    f.trace = StepVerdict::Ok;
    f.answer = StepVerdict::Wrong;
    auto expected = expectedIds(predsA_, 0, [](const ts::ItemVerdict& v, int) {
        return v.trace == StepVerdict::Ok && v.answer == StepVerdict::Wrong;
    });
    QVERIFY(!expected.empty());
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);
    QCOMPARE(ts::store::countItems(*project_, runA_, f), (long long)expected.size());

    f = {};
    f.view = ScoringRuleKind::Legacy;
    f.classStep = StepVerdict::Unevaluated;
    expected = expectedIds(predsA_, 1, [](const ts::ItemVerdict& v, int) {
        return v.classStep == StepVerdict::Unevaluated;
    });
    QVERIFY(!expected.empty());
    const auto rows = ts::store::findItems(*project_, runA_, f);
    QCOMPARE(ids(rows), expected);
    QVERIFY(rows[0].hasVerdict);
    QVERIFY(rows[0].trace == StepVerdict::Unevaluated);

    f = {};
    f.retrievalStep = StepVerdict::Partial;
    f.classStep = StepVerdict::Ok;
    f.answer = StepVerdict::Partial;
    expected = expectedIds(predsB_, 0, [](const ts::ItemVerdict& v, int) {
        return v.retrievalStep == StepVerdict::Partial && v.classStep == StepVerdict::Ok &&
               v.answer == StepVerdict::Partial;
    });
    QCOMPARE(ids(ts::store::findItems(*project_, runB_, f)), expected);
}

void TestStoreQueries::cellLabelParseAndPaging() {
    // Cell "retrieval ok, answer wrong" under Any mode: Partial counts as ok.
    ItemFilter f;
    f.mode = ts::RetrievalMode::Any;
    f.cell = ts::store::TableCell{ts::store::TraceStep::Retrieval, true, false};
    auto expected = expectedIds(predsA_, 0, [](const ts::ItemVerdict& v, int) {
        return (v.retrievalStep == StepVerdict::Ok || v.retrievalStep == StepVerdict::Partial) &&
               v.answer != StepVerdict::Ok;
    });
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);
    const auto t =
        ts::store::runTables(*project_, runA_, ScoringRuleKind::Strict, ts::RetrievalMode::Any);
    QCOMPARE((long long)expected.size(), t.retrieval.statistics.counts.ok_bad);

    // Legacy trace cell "bad, ok" leaves the unevaluated items out.
    f = {};
    f.view = ScoringRuleKind::Legacy;
    f.cell = ts::store::TableCell{ts::store::TraceStep::Trace, false, true};
    const auto legacy = ts::store::runTables(*project_, runA_, ScoringRuleKind::Legacy);
    QCOMPARE(ts::store::countItems(*project_, runA_, f), legacy.trace.statistics.counts.bad_ok);

    f = {};
    f.goldLabel = "beta";
    f.predictedLabel = "gamma";
    expected = expectedIds(predsA_, 0, [&](const ts::ItemVerdict& v, int k) {
        return dataset_.items[k].goldLabel == "beta" && v.predictedLabel == "gamma";
    });
    QVERIFY(!expected.empty());
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);

    f = {};
    f.parse = ts::ParseStatus::NoTrace;
    expected = expectedIds(predsA_, 0, [](const ts::ItemVerdict& v, int) {
        return v.parse == ts::ParseStatus::NoTrace;
    });
    QVERIFY(!expected.empty());
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);

    // Paging in stored order.
    f = {};
    f.limit = 7;
    f.offset = 30;
    const auto page = ts::store::findItems(*project_, runA_, f);
    QCOMPARE(page.size(), std::size_t(7));
    QCOMPARE(page.front().itemId, std::string("q/30"));
    QCOMPARE(page.back().itemId, std::string("q/36"));
    QCOMPARE(page.front().question, dataset_.items[30].question);
    QCOMPARE(ts::store::countItems(*project_, runA_, ItemFilter{}), (long long)kItems);
}

void TestStoreQueries::answerCountsByLabel() {
    for (int rule : {0, 1}) {
        const auto kind = rule == 0 ? ScoringRuleKind::Strict : ScoringRuleKind::Legacy;
        std::map<std::string, std::pair<long long, long long>> expected;  // items, answer ok
        for (std::size_t k = 0; k < predsB_.size(); ++k) {
            auto& [items, ok] = expected[dataset_.items[k].goldLabel];
            ++items;
            if (predsB_[k].verdicts[rule].answer == StepVerdict::Ok) ++ok;
        }
        const auto counts = ts::store::answerCountsByLabel(*project_, runB_, kind);
        QCOMPARE(counts.size(), expected.size());
        auto it = expected.begin();
        for (const auto& c : counts) {
            QCOMPARE(c.label, it->first);  // sorted by label
            QCOMPARE(c.items, it->second.first);
            QCOMPARE(c.answerOk, it->second.second);
            ++it;
        }
    }
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::answerCountsByLabel(*project_, 99999, ScoringRuleKind::Strict));
}

void TestStoreQueries::fullTextSearch() {
    ItemFilter f;
    f.text = "CASTLE";  // questions of items k % 7 == 1 and contexts of neighbours
    const auto castle = ts::store::findItems(*project_, runA_, f);
    std::vector<std::string> expected;
    for (const auto& item : dataset_.items) {
        bool hit = item.question.find("castle") != std::string::npos;
        for (const auto& u : item.context) hit = hit || u.text.find("castle") != std::string::npos;
        if (hit) expected.push_back(item.id);
    }
    QCOMPARE(ids(castle), expected);

    f.text = "telescope";  // only in predictions with k % 10 == 3
    expected = expectedIds(predsA_, 0, [](const ts::ItemVerdict&, int k) { return k % 10 == 3; });
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);

    // Words combine with AND, and with verdict filters.
    f.text = "telescope castle";
    f.answer = StepVerdict::Ok;
    expected = expectedIds(predsA_, 0, [&](const ts::ItemVerdict& v, int k) {
        const auto& item = dataset_.items[k];
        bool castleHit = item.question.find("castle") != std::string::npos;
        for (const auto& u : item.context)
            castleHit = castleHit || u.text.find("castle") != std::string::npos;
        return k % 10 == 3 && castleHit && v.answer == StepVerdict::Ok;
    });
    QVERIFY(!expected.empty());
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), expected);

    // User text with FTS syntax characters is taken literally, never an error.
    f = {};
    f.text = "\"unbalanced AND (";
    QCOMPARE(ts::store::countItems(*project_, runA_, f), 0LL);
    f.text = "number 42?";
    QCOMPARE(ids(ts::store::findItems(*project_, runA_, f)), std::vector<std::string>{"q/42"});
    // Raw FTS syntax: a prefix query; a syntax error is a clear ts::Error.
    f.textIsFtsQuery = true;
    f.text = "harb*";
    QVERIFY(ts::store::countItems(*project_, runA_, f) > 0);
    f.text = "\"unbalanced";
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::countItems(*project_, runA_, f));
}

void TestStoreQueries::pairedRunsAndMcNemar() {
    const auto r = ts::store::comparePairedRuns(*project_, "A", "B", ScoringRuleKind::Strict,
                                                ts::store::PairedOutcome::Answer);
    long long onlyA = 0, onlyB = 0, both = 0, neither = 0;
    std::vector<std::string> flipped;
    for (int k = 0; k < kItems; ++k) {
        const bool a = predsA_[k].verdicts[0].answer == StepVerdict::Ok;
        const bool b = predsB_[k].verdicts[0].answer == StepVerdict::Ok;
        onlyA += a && !b;
        onlyB += !a && b;
        both += a && b;
        neither += !a && !b;
        if (a != b) flipped.push_back(predsA_[k].itemId);
    }
    QCOMPARE(r.pairs, (long long)kItems);
    QCOMPARE(r.onlyA, onlyA);
    QCOMPARE(r.onlyB, onlyB);
    QCOMPARE(r.bothOk, both);
    QCOMPARE(r.bothBad, neither);
    QCOMPARE((long long)r.flipped.size(), onlyA + onlyB);
    std::vector<std::string> got;
    for (const auto& f : r.flipped) got.push_back(f.itemId);
    QCOMPARE(got, flipped);
    QCOMPARE(r.mcnemar.exactP, ts::stats::mcnemar(onlyA, onlyB).exactP);

    // Legacy trace: unevaluated in either run is excluded.
    const auto legacy = ts::store::comparePairedRuns(*project_, "A", "B", ScoringRuleKind::Legacy,
                                                     ts::store::PairedOutcome::Trace);
    long long excluded = 0;
    for (int k = 0; k < kItems; ++k)
        excluded += predsA_[k].verdicts[1].trace == StepVerdict::Unevaluated ||
                    predsB_[k].verdicts[1].trace == StepVerdict::Unevaluated;
    QVERIFY(excluded > 0);
    QCOMPARE(legacy.excluded, excluded);
    QCOMPARE(legacy.bothOk + legacy.onlyA + legacy.onlyB + legacy.bothBad + excluded,
             (long long)kItems);

    ts::store::RunInfo other;
    other.name = "C";
    const ts::Dataset d2 = ts::test::syntheticDataset("other", 5);
    ts::store::importRun(*project_, d2, other, ts::test::syntheticPredictions(d2, 0));
    QVERIFY_THROWS_EXCEPTION(
        ts::Error, ts::store::comparePairedRuns(*project_, "A", "C", ScoringRuleKind::Strict,
                                                ts::store::PairedOutcome::Answer));
}

void TestStoreQueries::annotationCrud() {
    ts::store::Annotation a;
    a.runId = runA_;
    a.itemId = "q/12";
    a.target = ts::store::AnnotationTarget::Retrieval;
    a.annotator = "ana";
    a.verdictOverride = StepVerdict::Ok;
    a.note = "quotes the right fact, with \"quotes\"";
    a.tags = {"zeta", "alpha", "zeta"};
    a.interpretability = 5;
    a.cognitiveLoad = 2;
    const long long id = ts::store::saveAnnotation(*project_, a);
    auto stored = ts::store::findAnnotation(*project_, id);
    QVERIFY(stored);
    QCOMPARE(stored->itemId, std::string("q/12"));
    QVERIFY(stored->target == ts::store::AnnotationTarget::Retrieval);
    QVERIFY(stored->verdictOverride == std::optional<StepVerdict>(StepVerdict::Ok));
    QCOMPARE(stored->note, a.note);
    QCOMPARE(stored->tags, (std::vector<std::string>{"alpha", "zeta"}));
    QCOMPARE(stored->interpretability, std::optional<int>(5));
    QCOMPARE(stored->cognitiveLoad, std::optional<int>(2));
    QVERIFY(!stored->createdAt.empty());

    // Same (run, item, target, annotator): an update of the same row.
    a.note = "changed my mind";
    a.verdictOverride = StepVerdict::Wrong;
    a.tags = {"beta"};
    a.cognitiveLoad.reset();
    QCOMPARE(ts::store::saveAnnotation(*project_, a), id);
    stored = ts::store::findAnnotation(*project_, id);
    QCOMPARE(stored->note, std::string("changed my mind"));
    QCOMPARE(stored->tags, std::vector<std::string>{"beta"});
    QVERIFY(!stored->cognitiveLoad);
    // Another annotator or target: a new row.
    a.annotator = "ben";
    const long long second = ts::store::saveAnnotation(*project_, a);
    QVERIFY(second != id);
    QCOMPARE(ts::store::annotationsForItem(*project_, runA_, "q/12").size(), std::size_t(2));
    QCOMPARE(ts::store::annotationsForItem(*project_, runB_, "q/12").size(), std::size_t(0));

    // Invalid edits are refused and change nothing.
    const long long rows = project_->db().queryInt("SELECT COUNT(*) FROM annotations");
    auto bad = a;
    bad.interpretability = 6;
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::saveAnnotation(*project_, bad));
    bad = a;
    bad.annotator.clear();
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::saveAnnotation(*project_, bad));
    bad = a;
    bad.tags = {""};
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::saveAnnotation(*project_, bad));
    bad = a;
    bad.itemId = "q/100000";
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::saveAnnotation(*project_, bad));
    QCOMPARE(project_->db().queryInt("SELECT COUNT(*) FROM annotations"), rows);
    QCOMPARE(ts::store::findAnnotation(*project_, second)->tags, std::vector<std::string>{"beta"});

    ts::store::deleteAnnotation(*project_, second);
    QVERIFY(!ts::store::findAnnotation(*project_, second));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::deleteAnnotation(*project_, second));
    QCOMPARE(project_->db().queryInt("SELECT COUNT(*) FROM annotation_tags WHERE annotation_id = " +
                                     std::to_string(second)),
             0LL);
    ts::store::deleteAnnotation(*project_, id);
}

void TestStoreQueries::annotationFiltersAndAgreement() {
    // Two raters judge the trace of items 0..9 of run B: 8 agreements
    // (5 ok/ok, 3 wrong/wrong) and 2 disagreements: p_o = 0.8; both raters say
    // ok 6 times, p_e = 0.6*0.6 + 0.4*0.4 = 0.52, kappa = 0.28 / 0.48 = 7/12.
    const bool r1[] = {true, true, true, true, true, false, false, false, true, false};
    const bool r2[] = {true, true, true, true, true, false, false, false, false, true};
    for (int k = 0; k < 10; ++k) {
        for (int r = 0; r < 2; ++r) {
            ts::store::Annotation a;
            a.runId = runB_;
            a.itemId = "q/" + std::to_string(k);
            a.target = ts::store::AnnotationTarget::Trace;
            a.annotator = r == 0 ? "r1" : "r2";
            a.verdictOverride = (r == 0 ? r1[k] : r2[k]) ? StepVerdict::Ok : StepVerdict::Wrong;
            if (k % 4 == 0) a.tags = {"hallucinated-fact"};
            ts::store::saveAnnotation(*project_, a);
        }
    }
    const auto kappa = ts::store::annotatorAgreement(
        *project_, runB_, ts::store::AnnotationTarget::Trace, "r1", "r2");
    QCOMPARE(kappa.items, 10LL);
    QVERIFY(qAbs(kappa.observedAgreement - 0.8) < 1e-12);
    QVERIFY(qAbs(kappa.expectedAgreement - 0.52) < 1e-12);
    QVERIFY(qAbs(kappa.kappa - 7.0 / 12.0) < 1e-12);

    ItemFilter f;
    f.annotated = true;
    QCOMPARE(ts::store::countItems(*project_, runB_, f), 10LL);
    f.annotated = false;
    QCOMPARE(ts::store::countItems(*project_, runB_, f), (long long)kItems - 10);
    f.annotated = true;
    QCOMPARE(ts::store::countItems(*project_, runA_, f), 0LL);
    f = {};
    f.tag = "hallucinated-fact";
    QCOMPARE(ids(ts::store::findItems(*project_, runB_, f)),
             (std::vector<std::string>{"q/0", "q/4", "q/8"}));
    QCOMPARE(ts::store::runSummary(*project_, "B").annotatedItems, 10LL);
    QCOMPARE(ts::store::annotationsOfRun(*project_, runB_).size(), std::size_t(20));
}

QTEST_GUILESS_MAIN(TestStoreQueries)
#include "test_store_queries.moc"
