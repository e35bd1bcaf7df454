// Unit tests for the error taxonomy (core/score/error_taxonomy.h,
// citation_similarity.h) on constructed bAbI-style items: every class,
// retrieval and answer type, the similarity threshold and its edge cases,
// and when a group is not looked at.
#include <QtTest>

#include <algorithm>

#include "core/decompose/rule.h"
#include "core/score/citation_similarity.h"
#include "core/score/error_taxonomy.h"
#include "core/score/strict_rule.h"

using namespace ts;

// A JSON value against an expected one, the value shown on failure.
#define QJSON(actual, expected) \
    QVERIFY2((actual) == nlohmann::json(expected), (actual).dump().c_str())

namespace {

const std::string kClass =
    "The category of the question represents what is being asked in that question. The category "
    "of the question asked is: ";
const std::string kText = "I need to use the following text to answer the question: ";

const Item& story() {
    static const Item item = [] {
        Item i;
        i.id = "qa1/test/s1";
        i.question = "Where is John?";
        for (const char* line : {"Mary went to the kitchen.", "John moved to the garden.",
                                 "Mary picked up the apple.", "Sandra travelled to the office."})
            i.context.push_back({line});
        i.goldAnswers = {"garden"};
        i.goldLabel = "single-supporting-fact";
        i.goldRetrieval = {1};
        return i;
    }();
    return item;
}

std::string trace(const std::string& label, const std::string& cited, const std::string& answer) {
    return "assistant\n<think>\n" + kClass + label + ".\n" + kText + cited +
           "\n</think>\n\n <answer>" + answer + "</answer>";
}

ItemVerdict strict(const Item& item, const std::string& prediction,
                   DatasetKind kind = DatasetKind::Babi) {
    StrictRule rule;
    return scoreItem(rule, kind, traceVocabularyFor(kind), item, prediction);
}

std::vector<ItemError> classify(const Item& item, const ItemVerdict& v,
                                const std::string& prediction, DatasetKind kind = DatasetKind::Babi,
                                bool citationsKnown = true) {
    static const std::vector<std::string> babiLabels = ruleFor(DatasetKind::Babi).labels();
    return classifyErrors({item, v, prediction, kind, babiLabels, citationsKnown});
}

std::vector<std::string> names(const std::vector<ItemError>& errors) {
    std::vector<std::string> out;
    for (const ItemError& e : errors) out.push_back(std::string(toString(e.type)));
    return out;
}

const ItemError& find(const std::vector<ItemError>& errors, ErrorType type) {
    const auto it = std::find_if(errors.begin(), errors.end(),
                                 [&](const ItemError& e) { return e.type == type; });
    if (it == errors.end()) qFatal("type %s missing", std::string(toString(type)).c_str());
    return *it;
}

QString joined(const std::vector<ItemError>& errors) {
    QStringList list;
    for (const ItemError& e : errors) list << QString::fromStdString(std::string(toString(e.type)));
    return list.join(",");
}

QString typesOf(const std::string& prediction) {
    return joined(classify(story(), strict(story(), prediction), prediction));
}

// One unmatched citation against a one-unit context, by hand.
std::vector<ItemError> unmatchedAgainst(const std::vector<std::string>& units,
                                        const std::string& quoted) {
    Item item;
    for (const std::string& u : units) item.context.push_back({u});
    ItemVerdict v;
    v.parse = ParseStatus::Ok;
    v.classStep = v.retrievalStep = v.answer = StepVerdict::Ok;
    v.unmatched.push_back({quoted, {0, quoted.size()}});
    std::string prediction = "<think>";
    prediction.append(quoted).append("</think><answer>x</answer>");
    return classify(item, v, prediction);
}

}  // namespace

class TestErrorTaxonomy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void correctTraceHasNoType() {
        QCOMPARE(
            typesOf(trace("single-supporting-fact", "['John moved to the garden.']", "garden")),
            QString(""));
    }

    void otherLabelNonGoldCitedAndOtherEntity() {
        const std::string p = trace("counting", "['Mary went to the kitchen.']", "kitchen");
        const auto errors = classify(story(), strict(story(), p), p);
        QCOMPARE(joined(errors),
                 QString("class-other-label,gold-omitted,non-gold-cited,answer-other-entity"));
        QJSON(find(errors, ErrorType::ClassOtherLabel).detail["label"], "counting");
        QJSON(find(errors, ErrorType::ClassOtherLabel).detail["gold"], "single-supporting-fact");
        const auto& omitted = find(errors, ErrorType::GoldOmitted).detail;
        QJSON(omitted["omitted"], 1);
        QJSON(omitted["gold"], 1);
        QJSON(omitted["units"], nlohmann::json::array({1}));
        QJSON(find(errors, ErrorType::NonGoldCited).detail["units"], nlohmann::json::array({0}));
        const auto& found = find(errors, ErrorType::AnswerOtherEntity).detail["found"][0];
        QJSON(found["answer"], "kitchen");
        QJSON(found["unit"], 0);
        QJSON(found["gold_unit"], false);
        QJSON(found["cited"], true);
    }

    void labelNotInDatasetHallucinationAndAnswerNotInContext() {
        const std::string p = trace("location", "['The moon is made of cheese.']", "paris");
        const auto errors = classify(story(), strict(story(), p), p);
        QCOMPARE(
            joined(errors),
            QString(
                "class-not-in-dataset,gold-omitted,hallucinated-citation,answer-not-in-context"));
        QJSON(find(errors, ErrorType::ClassNotInDataset).detail["label"], "location");
        const auto& c = find(errors, ErrorType::HallucinatedCitation).detail;
        QJSON(c["threshold"], kHallucinationThreshold);
        QJSON(c["citations"][0]["text"], "The moon is made of cheese.");
        // Only "the" shared: 1 of 10 tokens with units 0, 1 and 3; the lowest index wins.
        QJSON(c["citations"][0]["best_unit"], 0);
        QCOMPARE(c["citations"][0]["similarity"].get<double>(), 0.1);
        QJSON(find(errors, ErrorType::AnswerNotInContext).detail["answers"][0], "paris");
    }

    void alteredCitationOfTheGoldUnit() {
        // Lower-cased without its full stop (the paper's perturbed bAbI traces
        // lower-case their lines): the same token set, not the same text.
        const std::string p =
            trace("single-supporting-fact", "['john moved to the garden']", "garden");
        const auto errors = classify(story(), strict(story(), p), p);
        QCOMPARE(joined(errors), QString("gold-omitted,altered-citation"));
        const auto& c = find(errors, ErrorType::AlteredCitation).detail["citations"][0];
        QJSON(c["best_unit"], 1);
        QJSON(c["best_unit_gold"], true);
        QCOMPARE(c["similarity"].get<double>(), 1.0);
    }

    void noLabelAndNothingCited() {
        const std::string p =
            "assistant\n<think>\n" + kText + "[]\n</think>\n\n <answer>garden</answer>";
        QCOMPARE(typesOf(p), QString("class-no-label,gold-omitted,nothing-cited"));
    }

    void unparsableListAndNoAnswerTag() {
        // Cut off inside the list (the 500-token limit): an unclosed think.
        const std::string p = "assistant\n<think>\n" + kClass + "single-supporting-fact.\n" +
                              kText + "['John moved to the garden.', 'Mary went";
        const auto errors = classify(story(), strict(story(), p), p);
        const std::vector<std::string> got = names(errors);
        for (const char* expected :
             {"hallucinated-citation", "citation-unparsable", "answer-no-tag"})
            QVERIFY2(std::find(got.begin(), got.end(), expected) != got.end(), expected);
        QVERIFY(std::find(got.begin(), got.end(), "gold-omitted") == got.end());
        // "Mary went" against "Mary went to the kitchen.": 2 of 5 tokens.
        const auto& c = find(errors, ErrorType::HallucinatedCitation).detail["citations"][0];
        QJSON(c["text"], "Mary went");
        QJSON(c["best_unit"], 0);
        QCOMPARE(c["similarity"].get<double>(), 0.4);
    }

    void noTraceIsTheOnlyRetrievalType() {
        const std::string p = "assistant\n\ngarden";
        QCOMPARE(typesOf(p), QString("class-no-label,no-trace,answer-no-tag"));
    }

    void emptyAnswer() {
        const std::string p = trace("single-supporting-fact", "['John moved to the garden.']", "");
        QCOMPARE(typesOf(p), QString("answer-empty"));
    }

    void partialAnswer() {
        Item item;
        item.id = "g/1";
        item.context = {{"Paris and Rome are capitals."}};
        item.goldAnswers = {"Paris", "Rome"};
        item.goldLabel = "capitals";
        item.goldRetrieval = {0};
        const std::string p = trace("capitals", "['Paris and Rome are capitals.']", "Paris");
        const ItemVerdict v = strict(item, p, DatasetKind::Generic);
        QVERIFY(v.answer == StepVerdict::Partial);
        const auto errors = classifyErrors({item, v, p, DatasetKind::Generic, {"capitals"}, true});
        QCOMPARE(joined(errors), QString("answer-partial"));
        QVERIFY(errors[0].detail["f1"].get<double>() > 0.6);
    }

    void misreadWhenTheRuleFailsTheGoldLabel() {
        ItemVerdict v;
        v.rule = ScoringRuleKind::Legacy;
        v.parse = ParseStatus::Ok;
        v.classStep = StepVerdict::Wrong;
        v.retrievalStep = v.answer = StepVerdict::Ok;
        v.predictedLabel = "Single-Supporting-Fact";
        v.evidence.goldLabel = "single-supporting-fact";
        v.evidence.classSegment = "The category of the question represents";
        const auto errors = classify(story(), v, "<think>x</think><answer>garden</answer>");
        QCOMPARE(joined(errors), QString("class-misread"));
    }

    void unjudgedStepsAreNotLookedAt() {
        const std::string p = trace("counting", "['Mary went to the kitchen.']", "kitchen");
        ItemVerdict v = strict(story(), p);
        v.classStep = v.retrievalStep = StepVerdict::Unevaluated;  // e.g. legacy, needs-human
        QCOMPARE(joined(classify(story(), v, p)), QString("answer-other-entity"));
        v.answer = StepVerdict::Unevaluated;
        QCOMPARE(joined(classify(story(), v, p)), QString(""));
        // Citations unknown (a stored verdict without details): no retrieval type.
        v = strict(story(), p);
        QCOMPARE(joined(classify(story(), v, p, DatasetKind::Babi, false)),
                 QString("class-other-label,answer-other-entity"));
    }

    void similarityDefinition() {
        QCOMPARE(similarityTokens("Mary's  bag, 2x!"),
                 (std::set<std::string>{"mary", "s", "bag", "2x"}));
        QCOMPARE(similarityTokens("Zürich-Nord"), (std::set<std::string>{"zürich", "nord"}));
        QCOMPARE(tokenSetSimilarity("ALPHA beta", "alpha, BETA."), 1.0);
        QCOMPARE(tokenSetSimilarity("a b", "a b c d"), 0.5);
        QCOMPARE(tokenSetSimilarity("a a b", "b a"), 1.0);  // sets, not multisets
        QCOMPARE(tokenSetSimilarity("...", "!!"), 0.0);     // both empty: defined as 0
        QCOMPARE(tokenSetSimilarity("", "a"), 0.0);
        Item empty;
        QCOMPARE(bestUnitMatch("a", empty).contextIndex, -1);
        Item tie;
        tie.context = {{"a b x"}, {"a b y"}};
        QCOMPARE(bestUnitMatch("a b", tie).contextIndex, 0);
        QCOMPARE(bestUnitMatch("a b y", tie).contextIndex, 1);
    }

    void thresholdEdges() {
        // Exactly the threshold (2 of 4 tokens): altered, not hallucinated.
        auto e = unmatchedAgainst({"alpha beta gamma delta"}, "alpha beta");
        QCOMPARE(joined(e), QString("altered-citation"));
        QCOMPARE(e[0].detail["citations"][0]["similarity"].get<double>(), 0.5);
        // Just below (2 of 5): hallucinated.
        e = unmatchedAgainst({"alpha beta gamma delta epsilon"}, "alpha beta");
        QCOMPARE(joined(e), QString("hallucinated-citation"));
        // The best unit decides, not the first.
        e = unmatchedAgainst({"alpha beta gamma delta epsilon", "alpha beta gamma"}, "alpha beta");
        QCOMPARE(joined(e), QString("altered-citation"));
        QJSON(e[0].detail["citations"][0]["best_unit"], 1);
        // No context at all, or nothing shared: hallucinated at similarity 0.
        e = unmatchedAgainst({}, "alpha");
        QCOMPARE(joined(e), QString("hallucinated-citation"));
        QJSON(e[0].detail["citations"][0]["best_unit"], -1);
        e = unmatchedAgainst({"gamma"}, "alpha");
        QCOMPARE(e[0].detail["citations"][0]["similarity"].get<double>(), 0.0);
    }

    void citationRegionShapes() {
        QVERIFY(citationRegionParses(""));
        QVERIFY(citationRegionParses("  ['a', \"b'c\"]  "));
        QVERIFY(citationRegionParses("['a', 'b']\nso the answer is b"));
        QVERIFY(citationRegionParses("['a]b', 'c']"));  // a "]" inside a string
        QVERIFY(citationRegionParses("[]"));
        QVERIFY(citationRegionParses("'a bare string'"));
        QVERIFY(citationRegionParses("plain line one\nplain line two"));
        QVERIFY(!citationRegionParses("['a', 'b"));
        QVERIFY(!citationRegionParses("['a' 'b']"));  // adjacent literals are refused
        QVERIFY(!citationRegionParses("[1, 2]"));     // not a list of str
        QVERIFY(!citationRegionParses("'unterminated"));
    }

    void labelReading() {
        const std::vector<std::string> labels = {"equal", "during"};
        std::string canonical;
        QVERIFY(readLabel("  ", labels) == LabelReading::None);
        QVERIFY(readLabel("EQUAL", labels, &canonical) == LabelReading::Known);
        QCOMPARE(canonical, std::string("equal"));
        QVERIFY(readLabel("equal to", labels) == LabelReading::NotInDataset);
    }

    void typeNamesRoundTrip() {
        QCOMPARE(allErrorTypes().size(), std::size_t(16));
        for (const ErrorType t : allErrorTypes()) QVERIFY(parseErrorType(toString(t)) == t);
        QVERIFY(groupOf(ErrorType::ClassMisread) == ErrorGroup::Class);
        QVERIFY(groupOf(ErrorType::NothingCited) == ErrorGroup::Retrieval);
        QVERIFY(groupOf(ErrorType::AnswerNoTag) == ErrorGroup::Answer);
        QVERIFY(!parseErrorType("bogus"));
    }
};

QTEST_GUILESS_MAIN(TestErrorTaxonomy)
#include "test_error_taxonomy.moc"
