// Unit tests for the strict and legacy rules and for run tallies: every
// verdict path, the legacy quirks (stale gold-row reuse, first-substring
// lookup, all facts as gold, '.'-segment class tests, case-sensitive facts),
// and how partial retrieval is counted under --retrieval all / any.
#include <QtTest>

#include "core/score/legacy_rule.h"
#include "core/score/run_scorer.h"
#include "core/score/score_report.h"
#include "core/score/strict_rule.h"
#include "core/util/error.h"

using namespace ts;

// Enums compare by their stable names (readable on failure).
#define QCOMPARE_NAMES(actual, expected) \
    QCOMPARE(std::string(toString(actual)), std::string(toString(expected)))

namespace {

const std::string kClass =
    "The temporal relation between the event in question and the event in context is: ";
const std::string kFacts = "I need to use the following facts to answer the question: ";

Item cotempqa(const std::string& id, const std::string& label, std::vector<std::string> facts,
              std::vector<std::string> gold, std::vector<int> goldRetrieval) {
    Item item;
    item.id = id;
    item.question = "Which party?";
    for (auto& f : facts) item.context.push_back({f});
    item.goldAnswers = std::move(gold);
    item.goldLabel = label;
    item.goldRetrieval = std::move(goldRetrieval);
    item.meta = {{"class", label}, {"triple_element", "S1_R1_O2"}};
    return item;
}

const Item& sampleItem() {
    static const Item item =
        cotempqa("equal/0", "equal",
                 {"Ann is a member of the Reds in 1990.", "Ann is a member of the Blues in 1990.",
                  "Ann is a member of the Greens in 1980."},
                 {"Reds", "Blues"}, {0, 1});
    return item;
}

std::string trace(const std::string& label, const std::string& cited, const std::string& answer) {
    return "assistant\n\n<think>" + kClass + label + ".\n" + kFacts + cited + "</think> <answer>" +
           answer + "</answer>";
}

ItemVerdict strict(const Item& item, const std::string& prediction) {
    StrictRule rule;
    return scoreItem(rule, DatasetKind::CoTempQA, traceVocabularyFor(DatasetKind::CoTempQA), item,
                     prediction);
}

std::shared_ptr<const LegacyGoldTable> goldTable(DatasetKind kind,
                                                 std::vector<LegacyGoldRow> rows) {
    auto t = std::make_shared<LegacyGoldTable>();
    t->kind = kind;
    t->path = "gold.csv";
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].line = i + 2;
    t->rows = std::move(rows);
    return t;
}

}  // namespace

class TestScoringRules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void strictAllCorrect();
    void strictPartialAndPrecision();
    void strictClassIsExactNotSubstring();
    void strictNoTraceCountsWrong();
    void strictItemWithoutGoldUnits();
    void legacyUnevaluated();
    void legacyFirstSubstringRowAndStaleReuse();
    void legacyAllFactsAreGoldCaseSensitive();
    void legacyBabiUsesSecondSegmentLowerCased();
    void legacyMarcoLabelOrderAndAnswersList();
    void legacyRefusesGenericDatasets();
    void legacyTableFromItems();
    void tallyCountsPartialPerMode();
    void strictMarcoNoAnswerPresent();
    void legacyMarcoNoAnswerPresentFollowsTheScript();
};

void TestScoringRules::strictAllCorrect() {
    const ItemVerdict v = strict(
        sampleItem(), trace("equal",
                            "['Ann is a member of the Reds in 1990.', 'Ann is a member of the "
                            "Blues in 1990.']",
                            "['Reds', 'Blues']"));
    QCOMPARE_NAMES(v.parse, ParseStatus::Ok);
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Ok);
    QCOMPARE_NAMES(v.trace, StepVerdict::Ok);
    QCOMPARE_NAMES(v.answer, StepVerdict::Ok);
    QCOMPARE(v.goldCount, 2);
    QCOMPARE(v.goldCited, 2);
    QCOMPARE(*v.retrievalPrecision, 1.0);
    QCOMPARE(v.evidence.matchedUnit, 0);
    QCOMPARE(v.evidence.goldLabel, std::string("equal"));
}

void TestScoringRules::strictPartialAndPrecision() {
    const ItemVerdict v = strict(
        sampleItem(), trace("Equal",
                            "['Ann is a member of the Blues in 1990.', 'Ann is a member of the "
                            "Greens in 1980.', 'made up']",
                            "['Blues']"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);  // case-insensitive
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Partial);
    QCOMPARE_NAMES(v.trace, StepVerdict::Partial);
    QCOMPARE_NAMES(v.answer, StepVerdict::Partial);  // F1 > 0 without an exact match
    QCOMPARE(v.goldCited, 1);
    QCOMPARE(*v.retrievalPrecision, 1.0 / 3);  // 1 gold of 2 units + 1 unmatched text
    QCOMPARE(v.unmatched.size(), std::size_t(1));
    QCOMPARE(v.evidence.matchedUnit, 1);
}

void TestScoringRules::strictClassIsExactNotSubstring() {
    ItemVerdict v = strict(sampleItem(), trace("equality", "[]", "x"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
    QCOMPARE(v.predictedLabel, std::string("equality"));
    v = strict(sampleItem(), trace("overlap", "[]", "x"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Wrong);
    QVERIFY(!v.retrievalPrecision.has_value());
    // A class sentence without its colon and with "the question" is read,
    // and the evidence says how; the label is still compared whole.
    v = strict(sampleItem(),
               "<think>The temporal relation between the event in the question and the event in "
               "context is "
               "equal.\n" +
                   kFacts + "['Ann is a member of the Reds in 1990.']</think> <answer>x</answer>");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    QCOMPARE(v.evidence.classSegment, std::string("The temporal relation between the event in the "
                                                  "question and the event in context is equal"));
    QCOMPARE(v.evidence.classReading,
             std::string("\"the\" before \"question\"; no colon after \"is\""));
    v = strict(sampleItem(), trace("equal", "[]", "x"));
    QVERIFY(v.evidence.classReading.empty());
}

void TestScoringRules::strictNoTraceCountsWrong() {
    for (const std::string p :
         {"assistant\n\n['Reds', 'Blues']", "<think>\n\n</think>['Reds', 'Blues']"}) {
        const ItemVerdict v = strict(sampleItem(), p);
        QVERIFY(v.parse == ParseStatus::NoTrace || v.parse == ParseStatus::Malformed);
        QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
        QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Wrong);
        QCOMPARE_NAMES(v.trace, StepVerdict::Wrong);
        QCOMPARE_NAMES(v.answer, StepVerdict::Ok);  // the answer is still scored
    }
}

void TestScoringRules::strictItemWithoutGoldUnits() {
    const Item item =
        cotempqa("mix/1", "mix", {"Bo is a member of the Reds in 1990."}, {"Blues"}, {});
    QCOMPARE_NAMES(strict(item, trace("mix", "[]", "x")).retrievalStep, StepVerdict::Ok);
    QCOMPARE_NAMES(
        strict(item, trace("mix", "['Bo is a member of the Reds in 1990.']", "x")).retrievalStep,
        StepVerdict::Wrong);
}

void TestScoringRules::legacyUnevaluated() {
    auto table = goldTable(DatasetKind::CoTempQA,
                           {{"['Reds', 'Blues']", kClass + "equal.\n", {"f"}, "3096", "equal/0"}});
    LegacyRule rule(table);
    const auto vocab = traceVocabularyFor(DatasetKind::CoTempQA);
    ItemVerdict v =
        scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(), "assistant\n\nReds");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Unevaluated);
    QCOMPARE_NAMES(v.trace, StepVerdict::Unevaluated);
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::NoThinkWord);
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(), "</think><answer>x</answer>");
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::EmptyTrace);
    // No matching row and no earlier row to reuse.
    const Item other = cotempqa("equal/9", "equal", {"x"}, {"Purples"}, {});
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, other, trace("equal", "[]", "x"));
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::NoGoldRow);
}

void TestScoringRules::legacyFirstSubstringRowAndStaleReuse() {
    auto table = goldTable(DatasetKind::CoTempQA, {{"['Redshirts']",
                                                    kClass + "during.\n",
                                                    {"Zed is a member of the Redshirts."},
                                                    "1",
                                                    "during/1"},
                                                   {"['Reds', 'Blues']",
                                                    kClass + "equal.\n",
                                                    {"Ann is a member of the Reds in 1990."},
                                                    "3096",
                                                    "equal/0"}});
    LegacyRule rule(table);
    const auto vocab = traceVocabularyFor(DatasetKind::CoTempQA);
    // gold[0] "Reds" is a substring of row 0's "['Redshirts']": that row wins.
    ItemVerdict v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(),
                              trace("equal", "['Ann is a member of the Reds in 1990.']", "x"));
    QCOMPARE(v.evidence.goldRow, 0);
    QCOMPARE(v.evidence.goldRowLine, std::size_t(2));
    QVERIFY(!v.evidence.goldRowIsOwn);
    QCOMPARE(v.evidence.goldLabel, std::string("during"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Wrong);  // row 0's facts are not in the trace
    // An item matching no row reuses the previous row.
    const Item orphan = cotempqa("equal/5", "equal", {"x"}, {"Nowhere"}, {});
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, orphan,
                  trace("during", "['Zed is a member of the Redshirts.']", "x"));
    QVERIFY(v.evidence.goldRowStale);
    QCOMPARE(v.evidence.goldRow, 0);
    QCOMPARE_NAMES(v.trace, StepVerdict::Ok);
    // reset() forgets the carried row.
    rule.reset();
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, orphan, trace("during", "[]", "x"));
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::NoGoldRow);
}

void TestScoringRules::legacyAllFactsAreGoldCaseSensitive() {
    auto table =
        goldTable(DatasetKind::CoTempQA, {{"['Reds', 'Blues']", kClass + "equal.\n",
                                           sampleItem().contextTexts(), "3096", "equal/0"}});
    LegacyRule rule(table);
    const auto vocab = traceVocabularyFor(DatasetKind::CoTempQA);
    // A non-gold fact (Greens) counts: every fact of the row is "gold".
    ItemVerdict v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(),
                              trace("equal", "Ann is a member of the Greens in 1980.", "x"));
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Ok);
    QCOMPARE(v.evidence.matchedUnit, 2);
    QVERIFY(v.evidence.goldRowIsOwn);
    // Case matters.
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(),
                  trace("equal", "ann is a member of the greens in 1980.", "x"));
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Wrong);
    // The class test is a substring test on the first '.'-segment, case-sensitive.
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(),
                  "<think>" + kClass + "unequal.</think>");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    v = scoreItem(rule, DatasetKind::CoTempQA, vocab, sampleItem(),
                  "<think>" + kClass + "Equal.</think>");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
    QCOMPARE(v.evidence.classSegment, "<think>" + kClass + "Equal");
}

void TestScoringRules::legacyBabiUsesSecondSegmentLowerCased() {
    const std::string cat =
        "The category of the question represents what is being asked in that "
        "question. The category of the question asked is: ";
    Item item;
    item.id = "basic-induction/0";
    item.context = {{"Greg is a lion."}, {"Greg is green."}};
    item.goldAnswers = {"green"};
    item.goldLabel = "basic-induction";
    item.goldRetrieval = {0, 1};
    auto table = goldTable(DatasetKind::Babi, {{"green",
                                                cat + "basic-induction.\n",
                                                {"Greg is a lion.", "Greg is green."},
                                                "0",
                                                item.id}});
    LegacyRule rule(table);
    const auto vocab = traceVocabularyFor(DatasetKind::Babi);
    ItemVerdict v =
        scoreItem(rule, DatasetKind::Babi, vocab, item,
                  "<think>" + cat + "Basic-Induction.\nI need ... ['Greg is green.']</think>");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Ok);
    QCOMPARE(v.evidence.classSegment,
             std::string(" The category of the question asked is: Basic-Induction"));
    // Without a '.', the whole trace is the segment.
    v = scoreItem(rule, DatasetKind::Babi, vocab, item, "<think>basic-induction</think>");
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
}

void TestScoringRules::legacyMarcoLabelOrderAndAnswersList() {
    Item item;
    item.id = "marco/1";
    item.context = {{"Paris is the capital of France."}, {"Lyon is a city."}};
    item.goldAnswers = {"Paris", "The city of Paris"};
    item.goldLabel = "LOCATION";
    item.goldRetrieval = {0};
    const LegacyGoldTable t = legacyGoldTableFromItems(DatasetKind::MsMarco, {item}, "marco.json");
    QCOMPARE(t.rows[0].answerCell, std::string("['Paris', 'The city of Paris']"));
    LegacyRule rule(std::make_shared<const LegacyGoldTable>(t));
    const auto vocab = traceVocabularyFor(DatasetKind::MsMarco);
    // The reasoning names LOCATION; the class test reads the lower-cased second segment.
    ItemVerdict v = scoreItem(rule, DatasetKind::MsMarco, vocab, item,
                              "<think>" + t.rows[0].reasoning +
                                  "I need ... Lyon is a city.</think><answer>Paris</answer>");
    QCOMPARE(v.evidence.goldLabel, std::string("location"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Ok);  // any passage of the row counts
    // Two gold answers can never be matched by one whole answer.
    QCOMPARE_NAMES(v.answer, StepVerdict::Partial);
    // "description" is searched before "location": a reasoning naming both gives description.
    auto both = std::make_shared<LegacyGoldTable>(t);
    both->rows[0].reasoning = "location or description.";
    LegacyRule rule2(both);
    v = scoreItem(rule2, DatasetKind::MsMarco, vocab, item, "<think>x. location</think>");
    QCOMPARE(v.evidence.goldLabel, std::string("description"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
}

void TestScoringRules::legacyRefusesGenericDatasets() {
    auto table = goldTable(DatasetKind::Generic, {});
    QVERIFY_THROWS_EXCEPTION(ts::Error, LegacyRule{table});
}

void TestScoringRules::legacyTableFromItems() {
    const LegacyGoldTable t =
        legacyGoldTableFromItems(DatasetKind::CoTempQA, {sampleItem()}, "items.jsonl");
    QCOMPARE(t.rows.size(), std::size_t(1));
    QCOMPARE(t.rows[0].answerCell, std::string("['Reds', 'Blues']"));
    QCOMPARE(t.rows[0].reasoning, kClass + "equal.\n");
    QCOMPARE(t.rows[0].facts, sampleItem().contextTexts());
    QCOMPARE(t.rows[0].itemId, std::string("equal/0"));
}

void TestScoringRules::tallyCountsPartialPerMode() {
    RunScore run;
    run.config.rule = ScoringRuleKind::Strict;
    PairScore ps;
    ItemVerdict partialOk;  // partial retrieval, answer ok
    partialOk.classStep = StepVerdict::Ok;
    partialOk.retrievalStep = partialOk.trace = StepVerdict::Partial;
    partialOk.answer = StepVerdict::Ok;
    partialOk.parse = ParseStatus::Ok;
    ItemVerdict noTrace;  // strict: all wrong, answer wrong
    noTrace.parse = ParseStatus::NoTrace;
    ps.verdicts = {partialOk, noTrace};
    run.pairs.push_back(ps);

    run.config.retrieval = RetrievalMode::All;
    tallyRun(run);
    QCOMPARE(run.items, 2LL);
    QCOMPARE(run.noTrace, 1LL);
    QCOMPARE(run.unevaluated, 0LL);
    QCOMPARE(run.answerCorrect, 1LL);
    QCOMPARE(run.retrievalTable.counts, (stats::TwoByTwo{0, 0, 1, 1}));
    QCOMPARE(run.classTable.counts, (stats::TwoByTwo{1, 0, 0, 1}));

    run.config.retrieval = RetrievalMode::Any;
    tallyRun(run);
    QCOMPARE(run.retrievalTable.counts, (stats::TwoByTwo{1, 0, 0, 1}));
    QCOMPARE(run.traceTable.counts, (stats::TwoByTwo{1, 0, 0, 1}));
    QCOMPARE(run.traceCorrect, 1LL);
}

namespace {

const std::string kCategory =
    "The category of the question represents what is being asked in that question. "
    "The category of the question asked is: ";
const std::string kText = "I need to use the following text to answer the question: ";

Item marcoNoAnswer(const std::string& id) {
    Item item;
    item.id = id;
    item.question = "how long do owls sleep";
    item.context = {{"Owls hunt at night."}, {"Cats sleep a lot."}};
    item.goldAnswers = {"No Answer Present."};
    item.goldLabel = "NUMERIC";
    item.meta = {{"query_type", "NUMERIC"}};
    return item;
}

}  // namespace

// "No Answer Present.": no passage holds the answer. The strict rule judges
// the class and the answer, marks retrieval and trace not applicable, and the
// tally leaves the item out of those two tables only.
void TestScoringRules::strictMarcoNoAnswerPresent() {
    const Item item = marcoNoAnswer("marco/7");
    StrictRule rule;
    const auto vocab = traceVocabularyFor(DatasetKind::MsMarco);
    const std::string paperTrace = "<think>" + kCategory + "NUMERIC.\n" + kText +
                                   "No Answer Present.</think> <answer>No Answer Present.</answer>";
    ItemVerdict v = scoreItem(rule, DatasetKind::MsMarco, vocab, item, paperTrace);
    QCOMPARE_NAMES(v.classStep, StepVerdict::Ok);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Unevaluated);
    QCOMPARE_NAMES(v.trace, StepVerdict::Unevaluated);
    QCOMPARE_NAMES(v.answer, StepVerdict::Ok);
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::RetrievalNotApplicable);
    QCOMPARE(std::string(toString(UnevaluatedReason::RetrievalNotApplicable)),
             std::string("retrieval-not-applicable"));
    QVERIFY(parseUnevaluatedReason("retrieval-not-applicable") ==
            UnevaluatedReason::RetrievalNotApplicable);
    // A wrong class stays wrong; quoting a passage does not make retrieval apply.
    const ItemVerdict w = scoreItem(rule, DatasetKind::MsMarco, vocab, item,
                                    "<think>" + kCategory + "PERSON.\n" + kText +
                                        "Owls hunt at night.</think> "
                                        "<answer>8 hours</answer>");
    QCOMPARE_NAMES(w.classStep, StepVerdict::Wrong);
    QCOMPARE_NAMES(w.retrievalStep, StepVerdict::Unevaluated);
    // Without a trace: class wrong, retrieval still not applicable.
    const ItemVerdict n = scoreItem(rule, DatasetKind::MsMarco, vocab, item, "8 hours");
    QCOMPARE_NAMES(n.classStep, StepVerdict::Wrong);
    QCOMPARE_NAMES(n.retrievalStep, StepVerdict::Unevaluated);
    // marco_config.py's special case: without an <answer> tag the whole text is
    // the answer ("No Answer Present." holds " answer ", which would cut it).
    QCOMPARE_NAMES(scoreItem(rule, DatasetKind::MsMarco, vocab, item, "No Answer Present.").answer,
                   StepVerdict::Ok);
    QCOMPARE_NAMES(scoreItem(rule, DatasetKind::Babi, vocab, item, "No Answer Present.").answer,
                   StepVerdict::Wrong);
    // The same answer text on another dataset is an ordinary item.
    const ItemVerdict other = scoreItem(rule, DatasetKind::Generic, vocab, item, paperTrace);
    QVERIFY(other.retrievalStep != StepVerdict::Unevaluated);

    RunScore run;
    run.config.rule = ScoringRuleKind::Strict;
    PairScore ps;
    ps.verdicts = {v, w};
    run.pairs.push_back(ps);
    tallyRun(run);
    QCOMPARE(run.items, 2LL);
    QCOMPARE(run.unevaluated, 0LL);
    QCOMPARE(run.retrievalNotApplicable, 2LL);
    QCOMPARE(run.classTable.counts, (stats::TwoByTwo{1, 0, 0, 1}));
    QCOMPARE(run.retrievalTable.counts, (stats::TwoByTwo{0, 0, 0, 0}));
    QCOMPARE(run.traceTable.counts, (stats::TwoByTwo{0, 0, 0, 0}));
    QVERIFY(formatRunScore(run).find("2 with retrieval not applicable") != std::string::npos);
    QCOMPARE(runScoreToJson(run)["retrieval_not_applicable"].get<long long>(), 2LL);
}

// The legacy rule does what marco_confusion_matrix_nn.py did with such an
// item: the gold row is the first row whose answers cell contains the item's
// answers cell - for every "No Answer Present." item the first such row -
// and the class and facts come from it.
void TestScoringRules::legacyMarcoNoAnswerPresentFollowsTheScript() {
    Item first = marcoNoAnswer("marco/1");
    first.goldLabel = "PERSON";
    first.context = {{"Ann met Bob."}};
    const Item second = marcoNoAnswer("marco/2");
    const LegacyGoldTable t =
        legacyGoldTableFromItems(DatasetKind::MsMarco, {first, second}, "test.csv");
    QCOMPARE(t.rows[1].answerCell, std::string("['No Answer Present.']"));
    LegacyRule rule(std::make_shared<const LegacyGoldTable>(t));
    const ItemVerdict v =
        scoreItem(rule, DatasetKind::MsMarco, traceVocabularyFor(DatasetKind::MsMarco), second,
                  "<think>" + kCategory + "NUMERIC.\n" + kText +
                      "No Answer Present.</think> <answer>No Answer Present.</answer>");
    QCOMPARE(v.evidence.goldRow, 0);  // the first item's row
    QVERIFY(!v.evidence.goldRowIsOwn);
    QCOMPARE(v.evidence.goldLabel, std::string("person"));
    QCOMPARE_NAMES(v.classStep, StepVerdict::Wrong);
    QCOMPARE_NAMES(v.retrievalStep, StepVerdict::Wrong);  // "Ann met Bob." is not quoted
    QCOMPARE_NAMES(v.answer, StepVerdict::Ok);
    QCOMPARE_NAMES(v.evidence.unevaluatedReason, UnevaluatedReason::None);
}

QTEST_GUILESS_MAIN(TestScoringRules)
#include "test_scoring_rules.moc"
