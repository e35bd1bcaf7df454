// Unit tests for the answer metrics: Python str semantics, the paper's
// answer extraction, the set EM/F1, the CoTempQA official metric and the
// whole-answer variant of bAbI and MS MARCO. Expected values were printed by
// CPython 3.11 running the same operations.
#include <QtTest>

#include "core/score/answer_metrics.h"
#include "core/score/cotempqa_candidates.h"
#include "core/util/python_text.h"

using namespace ts;

// Enums compare by their stable names (readable on failure).
#define QCOMPARE_NAMES(actual, expected) \
    QCOMPARE(std::string(toString(actual)), std::string(toString(expected)))

class TestAnswerMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pythonLowerMatchesCPython();
    void whitespaceAndLength();
    void pythonRoundsHalfToEvenOnTheBinaryValue();
    void normalisationKeepsArticles();
    void extractionRulesInOrder();
    void extractionSpanPointsIntoTheOriginal();
    void setComparison();
    void candidatesFromRelationTemplates();
    void cotempqaMetricPicksAndSkips();
    void cotempqaCandidateOrderIsDeterministic();
    void wholeAnswerMetric();
    void totalsRoundLikeTheOriginal();
};

void TestAnswerMetrics::pythonLowerMatchesCPython() {
    // 'ÉCOLE İz ΟΔΟΣ K'.lower() == 'école i̇z οδος k'
    QCOMPARE(pythonLower("\xC3\x89"
                         "COLE \xC4\xB0z \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xE2\x84\xAA"),
             std::string("\xC3\xA9"
                         "cole i\xCC\x87z \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82 k"));
    // Sigma is final only at the end of a word: 'ΑΣΑ' -> 'ασα', 'ΑΣ.' -> 'ας.', 'Σ' -> 'σ'.
    QCOMPARE(pythonLower("\xCE\x91\xCE\xA3\xCE\x91"), std::string("\xCE\xB1\xCF\x83\xCE\xB1"));
    QCOMPARE(pythonLower("\xCE\x91\xCE\xA3."), std::string("\xCE\xB1\xCF\x82."));
    QCOMPARE(pythonLower("\xCE\xA3"), std::string("\xCF\x83"));
    QCOMPARE(pythonLower("Kučinskis ŁÓDŹ Ș"), std::string("kučinskis łódź ș"));
    QCOMPARE(pythonLower("\xFF"
                         "AB"),
             std::string("\xFF"
                         "ab"));  // invalid byte kept
}

void TestAnswerMetrics::whitespaceAndLength() {
    QCOMPARE(collapsePythonWhitespace("  a\xC2\xA0\tb\xE3\x80\x80"
                                      "c \n"),
             std::string("a b c"));
    QCOMPARE(codePointCount("\xC3\x89"
                            "cole"),
             std::size_t(5));
    QVERIFY(isPythonWhitespace(0x2009));
    QVERIFY(!isPythonWhitespace(0x200B));  // zero-width space is not whitespace in Python
}

void TestAnswerMetrics::pythonRoundsHalfToEvenOnTheBinaryValue() {
    // round(0.25,1)=0.2, round(0.35,1)=0.3, round(0.45,1)=0.5, round(1.25,1)=1.2,
    // round(64.25,1)=64.2, round(100/3,1)=33.3
    QCOMPARE(pythonRound1(0.25), 0.2);
    QCOMPARE(pythonRound1(0.35), 0.3);
    QCOMPARE(pythonRound1(0.45), 0.5);
    QCOMPARE(pythonRound1(1.25), 1.2);
    QCOMPARE(pythonRound1(64.25), 64.2);
    QCOMPARE(pythonRound1(100.0 / 3), 33.3);
}

void TestAnswerMetrics::normalisationKeepsArticles() {
    QCOMPARE(normalizeAnswer("The  Beatles\xC2\xA0(band)."), std::string("the beatles band"));
    QCOMPARE(normalizeAnswer("A.B.C"), std::string("abc"));
    QCOMPARE(normalizeAnswer("\xE2\x80\x9CQuoted\xE2\x80\x9D"),  // non-ASCII quotes are kept
             std::string("\xE2\x80\x9Cquoted\xE2\x80\x9D"));
}

void TestAnswerMetrics::extractionRulesInOrder() {
    // <answer> wins, up to </answer>; 'assistant' and 'think' are deleted.
    auto e = extractPaperAnswer("assistant\n<think>x</think> <answer>['Liberal Party']</answer>");
    QCOMPARE_NAMES(e.source, AnswerSource::AnswerTag);
    QCOMPARE(e.text, std::string("['liberal party']"));
    // split('<answer>')[1]: only up to a second <answer>.
    e = extractPaperAnswer("<answer>one<answer>two</answer>");
    QCOMPARE(e.text, std::string("one"));
    // An unclosed tag runs to the end.
    e = extractPaperAnswer("<ANSWER>Paris and thinking");
    QCOMPARE(e.text, std::string("paris and ing"));
    // An echoed prompt: the text before it.
    e = extractPaperAnswer("Rome\nAnswer the question based on the context: ...");
    QCOMPARE_NAMES(e.source, AnswerSource::BeforePromptEcho);
    QCOMPARE(e.text, std::string("rome\n"));
    // ' answer ': between its first and second occurrence.
    e = extractPaperAnswer("the answer is Rome and the answer again");
    QCOMPARE_NAMES(e.source, AnswerSource::AfterAnswerWord);
    QCOMPARE(e.text, std::string("is rome and the"));
    e = extractPaperAnswer("Answer: Oslo");
    QCOMPARE_NAMES(e.source, AnswerSource::AfterAnswerColon);
    QCOMPARE(e.text, std::string(" oslo"));
    e = extractPaperAnswer("assistant\n\ngreen");
    QCOMPARE_NAMES(e.source, AnswerSource::WholeText);
    QCOMPARE(e.text, std::string("\n\ngreen"));
}

void TestAnswerMetrics::extractionSpanPointsIntoTheOriginal() {
    const std::string p = "x <answer>Oslo</answer>";
    auto e = extractPaperAnswer(p);
    QCOMPARE(p.substr(e.span.begin, e.span.length()), std::string("Oslo"));
    // U+0130 grows by one byte when lower-cased: the span still fits the original.
    const std::string q = "\xC4\xB0stanbul <answer>Oslo</answer>";
    e = extractPaperAnswer(q);
    QCOMPARE(q.substr(e.span.begin, e.span.length()), std::string("Oslo"));
}

void TestAnswerMetrics::setComparison() {
    AnswerScore s = compareAnswerSets({"Carlsberg Group", "carlsberg foundation"},
                                      {"Carlsberg Foundation", "Carlsberg Group"});
    QVERIFY(s.exactMatch);
    QCOMPARE(s.f1, 1.0);
    s = compareAnswerSets({"a", "b", "c"}, {"a", "d"});
    QVERIFY(!s.exactMatch);
    QCOMPARE(s.precision, 1.0 / 3);
    QCOMPARE(s.recall, 0.5);
    QCOMPARE(s.f1, 2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5));
    // Raw duplicates collapse; normalised duplicates do not (as in the original).
    s = compareAnswerSets({"x.", "x"}, {"x"});
    QCOMPARE(s.predicted, (std::vector<std::string>{"x", "x"}));
    QCOMPARE(s.precision, 0.5);
    s = compareAnswerSets({}, {"x"});
    QCOMPARE(s.f1, 0.0);
}

void TestAnswerMetrics::candidatesFromRelationTemplates() {
    const std::vector<std::string> facts = {
        "Ann Lee was a member of the Liberal Party from 1990 to 1995.",
        "Ann Lee worked for Acme Corp in 2001.",
        "Bob Ray held the position of mayor of Springfield.",
        "This fact has no relation.",
        "Ann Lee played for FC Example from 2010",
    };
    QCOMPARE(cotempqaFactCandidates(facts, false),
             (std::vector<std::string>{"liberal party", "acme corp", "mayor of springfield",
                                       "fc example"}));
    QCOMPARE(cotempqaFactCandidates(facts, true),
             (std::vector<std::string>{"ann lee", "ann lee", "bob ray", "ann lee"}));
    QVERIFY(cotempqaTakesSubject("S1_R1_O2"));
    QVERIFY(!cotempqaTakesSubject("S2_R1_O1"));
}

void TestAnswerMetrics::cotempqaMetricPicksAndSkips() {
    const std::vector<std::string> facts = {
        "Emma Lund is a member of the Liberals in March 11, 2019.",
        "Emma Lund is a member of the Liberal Party in January 18, 2019.",
        "Emma Lund is a member of the independent politician in March 11, 2019.",
    };
    const std::string q =
        "While Emma Lund was a member of independent politician, which political party did "
        "Emma Lund belong to within the same time interval?";
    // "Liberal Party" is picked before "Liberals" (longer first) and erased.
    AnswerScore s =
        scoreCoTempQaAnswer({"assistant\n\n<think>...</think> <answer>['Liberal Party']</answer>",
                             {"Liberals"},
                             q,
                             facts,
                             "S1_R1_O2"});
    QVERIFY(!s.exactMatch);
    QCOMPARE(s.predicted, (std::vector<std::string>{"liberal party"}));
    s = scoreCoTempQaAnswer({"<answer>['Liberals']</answer>", {"Liberals"}, q, facts, "S1_R1_O2"});
    QVERIFY(s.exactMatch);
    // The first candidate also in the question is erased without being picked.
    s = scoreCoTempQaAnswer(
        {"<answer>independent politician, Liberals</answer>", {"Liberals"}, q, facts, "S1_R1_O2"});
    QVERIFY(s.exactMatch);
    // Nothing picked: the whole remaining text is the prediction.
    s = scoreCoTempQaAnswer({"<answer>nobody</answer>", {"Liberals"}, q, facts, "S1_R1_O2"});
    QCOMPARE(s.predicted, (std::vector<std::string>{"nobody"}));
    QCOMPARE(s.f1, 0.0);
}

void TestAnswerMetrics::cotempqaCandidateOrderIsDeterministic() {
    // "abcd" and "bcde" have the same length and overlap in the text: the
    // byte-order tie-break picks "abcd" first, which erases the shared "bcd".
    const std::vector<std::string> facts;
    for (int i = 0; i < 3; ++i) {
        AnswerScore s =
            scoreCoTempQaAnswer({"<answer>abcde</answer>", {"bcde", "abcd"}, "q", facts, ""});
        QCOMPARE(s.predicted, (std::vector<std::string>{"abcd"}));
        QCOMPARE(s.recall, 0.5);
    }
}

void TestAnswerMetrics::wholeAnswerMetric() {
    QVERIFY(scoreWholeAnswer("assistant\n\n<think>x</think> <answer>Green</answer>", {"green"})
                .exactMatch);
    AnswerScore s = scoreWholeAnswer("<answer>green and red</answer>", {"green"});
    QVERIFY(!s.exactMatch);
    QCOMPARE(s.f1, 0.0);  // one whole answer: F1 = EM
    s = scoreWholeAnswer("<answer>blue</answer>", {"green"});
    QVERIFY(s.predicted.empty());
    // Several golds can never all be matched by one whole answer.
    s = scoreWholeAnswer("<answer>yes</answer>", {"yes", "Yes, it is."});
    QVERIFY(!s.exactMatch);
    QCOMPARE(s.precision, 1.0);
    QCOMPARE(s.recall, 0.5);
}

void TestAnswerMetrics::totalsRoundLikeTheOriginal() {
    AnswerMetricTotals t;
    AnswerScore hit;
    hit.exactMatch = true;
    hit.f1 = hit.precision = hit.recall = 1.0;
    AnswerScore half;
    half.f1 = 2.0 / 3;
    half.precision = 1.0;
    half.recall = 0.5;
    t.add(hit);
    t.add(half);
    t.add(AnswerScore{});
    const AnswerMetricSummary s = t.summary();
    QCOMPARE(s.n, 3LL);
    QCOMPARE(s.acc, 33.3);
    QCOMPARE(s.f1, 55.6);  // (1 + 2/3) * 100 / 3 = 55.55...
    QCOMPARE(s.p, 66.7);
    QCOMPARE(s.r, 50.0);
    QCOMPARE(s.avg, 44.4);  // (1 + 5/3) * 50 / 3 = 44.44...
}

QTEST_GUILESS_MAIN(TestAnswerMetrics)
#include "test_answer_metrics.moc"
