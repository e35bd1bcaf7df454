// Unit tests for the tolerant trace parser and the citation matcher, one
// case per shape of real model output (the data test runs it over every
// stored prediction as well).
#include <QtTest>

#include "core/score/citation_matcher.h"
#include "core/score/trace_parser.h"

using namespace ts;

// Enums compare by their stable names (readable on failure).
#define QCOMPARE_NAMES(actual, expected) \
    QCOMPARE(std::string(toString(actual)), std::string(toString(expected)))

namespace {

// The paper's wording, written out here so a drift in core/decompose shows.
const std::string kCoTempQaClass =
    "The temporal relation between the event in question and the event in context is: ";
const std::string kCoTempQaRetrieval = "I need to use the following facts to answer the question: ";
const std::string kBabiClass =
    "The category of the question represents what is being asked in that question. The category "
    "of the question asked is: ";
const std::string kBabiRetrieval = "I need to use the following text to answer the question: ";

TraceVocabulary cotempqaWords() {
    return {{"equal", "overlap", "during", "mix"}, kCoTempQaClass, kCoTempQaRetrieval};
}
TraceVocabulary babiWords() {
    return {{"single-supporting-fact", "two-supporting-facts", "counting", "basic-induction"},
            kBabiClass,
            kBabiRetrieval};
}

Item cotempqaItem() {
    Item item;
    item.id = "equal/0";
    item.context = {
        {"Ebba Lund works for Carlsberg Group in January 12, 1994."},
        {"Ebba Lund works for Carlsberg Foundation from July 14, 1986 to October 12, 1993."},
        {"Ebba Lund attended Lund University in 1980."},
        {"Ann's team plays for \"Reds\" in 2001."}};
    item.goldAnswers = {"Carlsberg Foundation", "Carlsberg Group"};
    item.goldLabel = "equal";
    item.goldRetrieval = {0, 1};
    return item;
}

Item babiItem() {
    Item item;
    item.id = "basic-induction/0";
    item.context = {{"Greg is a lion."},
                    {"Greg is green."},
                    {"Bernhard is a lion."},
                    {"Lily is a frog."},
                    {"Greg is green."}};
    item.goldAnswers = {"green"};
    item.goldLabel = "basic-induction";
    item.goldRetrieval = {0, 2, 4};  // the second "Greg is green." is the gold one
    return item;
}

std::string span(const std::string& text, TextSpan s) {
    return text.substr(s.begin, s.length());
}

std::vector<int> citedIndices(const ParsedTrace& p) {
    std::vector<int> out;
    for (const auto& c : p.cited) out.push_back(c.contextIndex);
    return out;
}

}  // namespace

class TestTraceParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llamaShape();
    void qwenShapeWithNewlines();
    void unclosedThinkWithoutAnswer();
    void unclosedThinkBeforeAnswerTag();
    void closeWithoutOpen();
    void emptyThinkBlockIsMalformed();
    void noMarkersIsNoTrace();
    void strayClosingAnswerTags();
    void answerColonAfterTrace();
    void answerColonInsideThink();
    void bareStringCitation();
    void plainLineCitations();
    void brokenQuotingStillMatches();
    void reprEscapedUnit();
    void duplicateTextsGoToGoldFirst();
    void unmatchedTextIsReported();
    void labelFallbackAndUnknownLabels();
    void leadingResidueVariants();
    void classSentenceAsPeopleWriteIt_data();
    void classSentenceAsPeopleWriteIt();
};

void TestTraceParser::llamaShape() {
    const std::string p =
        "assistant\n\n<think>" + kCoTempQaClass + "equal.\n" + kCoTempQaRetrieval +
        "['Ebba Lund works for Carlsberg Group in January 12, 1994.', 'Ebba Lund works for "
        "Carlsberg Foundation from July 14, 1986 to October 12, 1993.']</think> "
        "<answer>['Carlsberg "
        "Foundation', 'Carlsberg Group']</answer>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QCOMPARE(t.residueEnd, std::size_t(11));
    QVERIFY(t.thinkOpened && t.thinkClosed);
    QVERIFY(t.classSentenceFound);
    QCOMPARE(t.label, std::string("equal"));
    QCOMPARE(span(p, t.labelSpan), std::string("equal"));
    QVERIFY(t.labelKnown);
    QVERIFY(t.retrievalSentenceFound);
    QCOMPARE(citedIndices(t), (std::vector<int>{0, 1}));
    QVERIFY(t.cited[0].gold && t.cited[1].gold);
    QVERIFY(t.unmatched.empty());
    QCOMPARE(t.answer, std::string("['Carlsberg Foundation', 'Carlsberg Group']"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::AnswerTag);
    QCOMPARE(span(p, t.answerSpan), t.answer);
}

void TestTraceParser::qwenShapeWithNewlines() {
    const std::string p =
        "assistant\n<think>\n" + kBabiClass + "basic-induction.\n" + kBabiRetrieval +
        "['Greg is a lion.', 'Greg is green.', 'Bernhard is a lion.']\n</think>\n\n "
        "<answer>green</answer>";
    const ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QCOMPARE(t.label, std::string("basic-induction"));
    QCOMPARE(citedIndices(t), (std::vector<int>{0, 4, 2}));
    QCOMPARE(t.answer, std::string("green"));
    QCOMPARE(span(p, t.trace).substr(0, 12), std::string("The category"));
}

void TestTraceParser::unclosedThinkWithoutAnswer() {
    const std::string p = "assistant\n\n<think>The office is west of the bedroom.>";
    const ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::NoAnswer);
    QVERIFY(t.thinkOpened && !t.thinkClosed);
    QCOMPARE(span(p, t.trace), std::string("The office is west of the bedroom.>"));
    QVERIFY(!t.labelSpan.found());
    QVERIFY(t.answer.empty());
}

void TestTraceParser::unclosedThinkBeforeAnswerTag() {
    const std::string p =
        "assistant\n\n<think>The office is east of the bedroom.> <answer>bedroom</answer>";
    const ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QCOMPARE(span(p, t.trace), std::string("The office is east of the bedroom.>"));
    QCOMPARE(t.answer, std::string("bedroom"));
}

void TestTraceParser::closeWithoutOpen() {
    const std::string p =
        "\n\n['Ebba Lund attended Lund University in 1980.']\n</think>\n\n <answer>['Lund "
        "University']</answer>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QVERIFY(!t.thinkOpened && t.thinkClosed);
    QVERIFY(!t.classSentenceFound && !t.retrievalSentenceFound);
    QCOMPARE(citedIndices(t), (std::vector<int>{2}));
    QVERIFY(!t.cited[0].gold);
    QCOMPARE(t.answer, std::string("['Lund University']"));
}

void TestTraceParser::emptyThinkBlockIsMalformed() {
    const ParsedTrace t =
        parseTrace("assistant\n<think>\n\n</think>\n\ngreen", babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Malformed);
    QCOMPARE(t.answer, std::string("green"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::TextAfterTrace);
}

void TestTraceParser::noMarkersIsNoTrace() {
    ParsedTrace t = parseTrace("assistant\n\ngreen", babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::NoTrace);
    QCOMPARE(t.answer, std::string("green"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::WholeText);
    t = parseTrace("", babiWords(), babiItem());
    QCOMPARE_NAMES(t.status, ParseStatus::NoTrace);
    QVERIFY(t.answer.empty());
}

void TestTraceParser::strayClosingAnswerTags() {
    const std::string p = "assistant\n\n<think>" + kCoTempQaClass + "during.\n" +
                          kCoTempQaRetrieval + "[]</think></answer>['Carlsberg Group']</answer>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QCOMPARE(t.answer, std::string("['Carlsberg Group']"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::StrayCloseTag);
    QVERIFY(t.cited.empty());
}

void TestTraceParser::answerColonAfterTrace() {
    const std::string p = "assistant\n<think>\n" + kCoTempQaClass +
                          "during.\n</think>\n\nThe answer is: "
                          "['Carlsberg Group']";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE(t.answer, std::string("['Carlsberg Group']"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::AnswerColon);
}

void TestTraceParser::answerColonInsideThink() {
    const std::string p = "<think>" + kCoTempQaClass + "equal.\nAnswer: Carlsberg Group</think>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    QCOMPARE(t.answer, std::string("Carlsberg Group"));
    QCOMPARE_NAMES(t.answerMarker, AnswerMarker::ColonInTrace);
}

void TestTraceParser::bareStringCitation() {
    const std::string p = "<think>" + kCoTempQaClass + "mix.\n" + kCoTempQaRetrieval +
                          "Ebba Lund attended Lund University in 1980.</think> <answer>x</answer>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE(t.label, std::string("mix"));
    QCOMPARE(citedIndices(t), (std::vector<int>{2}));
    QVERIFY(t.unmatched.empty());
}

void TestTraceParser::plainLineCitations() {
    const std::string p =
        "<think>" + kBabiClass + "counting.\n" +
        "I need to use the following text to answer the question:\nGreg is a lion.\n"
        "Bernhard is a lion.\n</think><answer>green</answer>";
    const ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE(t.label, std::string("counting"));
    QVERIFY(t.retrievalSentenceFound);
    QCOMPARE(citedIndices(t), (std::vector<int>{0, 2}));
}

void TestTraceParser::brokenQuotingStillMatches() {
    // The model wrote a list whose quote is not escaped: not a valid literal.
    const std::string p = "<think>" + kCoTempQaClass +
                          "equal.\nI need to use the following fact to "
                          "answer the question: ['Ann's team plays for \"Reds\" in 2001.']</think>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QVERIFY(t.retrievalSentenceFound);  // found through the stem ("fact", not "facts")
    QCOMPARE(citedIndices(t), (std::vector<int>{3}));
    QCOMPARE_NAMES(t.status, ParseStatus::NoAnswer);
}

void TestTraceParser::reprEscapedUnit() {
    // repr() of a text with both quote kinds escapes the single quote.
    const std::string p = "<think>" + kCoTempQaRetrieval +
                          "['Ann\\'s team plays for \"Reds\" in 2001.']</think><answer>a</answer>";
    const ParsedTrace t = parseTrace(p, cotempqaWords(), cotempqaItem());
    QCOMPARE(citedIndices(t), (std::vector<int>{3}));
    QVERIFY(t.unmatched.empty());
}

void TestTraceParser::duplicateTextsGoToGoldFirst() {
    // Context 1 and 4 are both "Greg is green."; only 4 is gold.
    const std::string p =
        "<think>" + kBabiRetrieval + "['Greg is green.']</think><answer>g</answer>";
    ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE(citedIndices(t), (std::vector<int>{4}));
    QVERIFY(t.cited[0].gold);
    // Quoted twice: both units are cited, the gold one first.
    const std::string q = "<think>" + kBabiRetrieval +
                          "['Greg is green.', 'Greg is green.']</think><answer>g</answer>";
    t = parseTrace(q, babiWords(), babiItem());
    QCOMPARE(citedIndices(t), (std::vector<int>{4, 1}));
}

void TestTraceParser::unmatchedTextIsReported() {
    // Lower-cased lines (the paper's perturbed bAbI traces) are not verbatim quotes.
    const std::string p = "<think>" + kBabiClass + "counting.\n" + kBabiRetrieval +
                          "['lily is a frog.', 'Greg is a lion.', 'mary went home.']</think>";
    const ParsedTrace t = parseTrace(p, babiWords(), babiItem());
    QCOMPARE(citedIndices(t), (std::vector<int>{0}));
    QCOMPARE(t.unmatched.size(), std::size_t(2));
    QCOMPARE(t.unmatched[0].text, std::string("lily is a frog."));
    QCOMPARE(t.unmatched[1].text, std::string("mary went home."));
    QCOMPARE(span(p, t.unmatched[1].span), std::string("mary went home."));
}

void TestTraceParser::labelFallbackAndUnknownLabels() {
    // No class prefix, but ": <known label>" is accepted.
    ParsedTrace t =
        parseTrace("<think>The relation is: overlap.</think>", cotempqaWords(), cotempqaItem());
    QVERIFY(!t.classSentenceFound);
    QCOMPARE(t.label, std::string("overlap"));
    // A known label used as an ordinary word is not a class statement.
    t = parseTrace("<think>It happened during the war.</think>", cotempqaWords(), cotempqaItem());
    QVERIFY(t.label.empty());
    // An unknown label after the prefix is kept, flagged unknown.
    t = parseTrace("<think>" + kCoTempQaClass + "Simultaneous.</think>", cotempqaWords(),
                   cotempqaItem());
    QCOMPARE(t.label, std::string("Simultaneous"));
    QVERIFY(!t.labelKnown);
}

void TestTraceParser::leadingResidueVariants() {
    ParsedTrace t = parseTrace("\nassistant\n<think>x</think>y", cotempqaWords(), cotempqaItem());
    QCOMPARE(t.residueEnd, std::size_t(11));
    QCOMPARE_NAMES(t.status, ParseStatus::Ok);
    t = parseTrace("<think>x</think>y", cotempqaWords(), cotempqaItem());
    QCOMPARE(t.residueEnd, std::size_t(0));
}

// The class sentence in the forms a human reader accepts; the label stays exact.
void TestTraceParser::classSentenceAsPeopleWriteIt_data() {
    QTest::addColumn<bool>("babi");
    QTest::addColumn<QString>("trace");
    QTest::addColumn<QString>("label");       // what the parser reads ("" = none)
    QTest::addColumn<QString>("departures");  // how it departs from the template
    const QString bc = QString::fromStdString(kBabiClass);
    QTest::newRow("template") << true << bc + "basic-induction.\n"
                              << "basic-induction"
                              << "";
    // One of the paper's bAbI predictions (Llama-3.2-1B, reasoning-facts) drops the colon.
    QTest::newRow("no colon (paper's bAbI output)")
        << true
        << "The category of the question represents what is being asked in that question. The "
           "category of "
           "the question asked is basic-induction.\nI need to use"
        << "basic-induction"
        << "no colon after \"is\"";
    QTest::newRow("double quotes") << true << bc + "\"counting\".\n"
                                   << "counting"
                                   << "the label in quotes";
    QTest::newRow("single quotes") << true << bc + "'counting'."
                                   << "counting"
                                   << "the label in quotes";
    QTest::newRow("curly quotes") << true << bc + "\u201Ccounting\u201D."
                                  << "counting"
                                  << "the label in quotes";
    QTest::newRow("trailing !") << true << bc + "counting!\n"
                                << "counting"
                                << "trailing \"!\"";
    QTest::newRow("no full stop at the end") << true << bc + "counting"
                                             << "counting"
                                             << "";
    QTest::newRow("case") << true << bc.toUpper() + "Counting."
                          << "Counting"
                          << "";
    const QString cc = QString::fromStdString(kCoTempQaClass);
    QTest::newRow("cotempqa template") << false << cc + "during.\n"
                                       << "during"
                                       << "";
    QTest::newRow("in the question, in the context")
        << false
        << "The temporal relation between the event in the question and the event in the context "
           "is: during.\n"
        << "during"
        << "\"the\" before \"question\"; \"the\" before \"context\"";
    QTest::newRow("no colon, the question") << false
                                            << "The temporal relation between the event in the "
                                               "question and the event in context is overlap."
                                            << "overlap"
                                            << "\"the\" before \"question\"; no colon after \"is\"";
    QTest::newRow("no leading The")
        << false
        << "Temporal relation between the event in question and the event in context is: mix."
        << "mix"
        << "no \"the\" before \"temporal\"";
    // Exact about the label: more words are a different label, not "equal".
    QTest::newRow("label with more words") << false
                                           << "The temporal relation between the event in question "
                                              "and the event in context is equal to.\n"
                                           << "equal to"
                                           << "no colon after \"is\"";
    QTest::newRow("a different sentence is not the class sentence")
        << false << "The relation between the events is equal."
        << ""
        << "";
}

void TestTraceParser::classSentenceAsPeopleWriteIt() {
    QFETCH(bool, babi);
    QFETCH(QString, trace);
    QFETCH(QString, label);
    QFETCH(QString, departures);
    const std::string text = "<think>" + trace.toStdString() + "</think> <answer>x</answer>";
    const ParsedTrace t =
        parseTrace(text, babi ? babiWords() : cotempqaWords(), babi ? babiItem() : cotempqaItem());
    QCOMPARE(QString::fromStdString(t.label), label);
    QCOMPARE(t.classSentenceFound, !label.isEmpty());
    QStringList got;
    for (const std::string& d : t.classDepartures) got << QString::fromStdString(d);
    QCOMPARE(got.join(QStringLiteral("; ")), departures);
    if (t.classSentenceFound) {
        QCOMPARE(span(text, t.labelSpan), label.toStdString());
        QVERIFY(span(text, t.classSentence).size() > static_cast<std::size_t>(label.size()));
        QVERIFY(t.labelKnown ==
                (label == QStringLiteral("basic-induction") ||
                 label.compare(QStringLiteral("counting"), Qt::CaseInsensitive) == 0 ||
                 label == QStringLiteral("during") || label == QStringLiteral("overlap") ||
                 label == QStringLiteral("mix")));
    }
}

QTEST_GUILESS_MAIN(TestTraceParser)
#include "test_trace_parser.moc"
