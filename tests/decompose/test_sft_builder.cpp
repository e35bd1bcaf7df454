// Unit tests for the SFT set builder and writers: exact targets per
// condition, determinism by seed, the ablations agreeing with the incorrect
// set, the writers' formats and their error paths.
#include <QtTest>

#include "core/decompose/rule.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"

using namespace ts;

namespace {

const std::string kCotempClass =
    "The temporal relation between the event in question and the event in context is: ";
const std::string kFactsIntro = "I need to use the following facts to answer the question: ";

// Items with several non-gold facts so wrong draws vary with the seed.
Dataset cotempDataset(int n) {
    Dataset ds;
    ds.kind = DatasetKind::CoTempQA;
    ds.name = "unit-cotemp";
    const auto& rule = ruleFor(ds.kind);
    for (int i = 0; i < n; ++i) {
        Item it;
        it.id = "during/" + std::to_string(i);
        it.question = "While P" + std::to_string(i) +
                      " was working for Acme, which employer did P" + std::to_string(i) +
                      " work for at the same time?";
        it.context = {{"P" + std::to_string(i) + " works for Acme from 2001 to 2010.", -1},
                      {"P" + std::to_string(i) + " works for Borealis from 2003 to 2005.", -1},
                      {"P" + std::to_string(i) + " works for Cobalt from 1990 to 1995.", -1},
                      {"P" + std::to_string(i) + " works for Delta from 2012 to 2014.", -1},
                      {"P" + std::to_string(i) + " works for Ember from 1980 to 1982.", -1}};
        it.goldAnswers = {"Borealis"};
        it.meta["class"] = "during";
        it.meta["index"] = i;
        it.meta["triple_element"] = "S1_R1_O2";
        it.goldLabel = rule.goldLabel(it);
        it.goldRetrieval = rule.goldRetrieval(it);
        ds.items.push_back(it);
    }
    return ds;
}

}  // namespace

class TestSftBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conditionNames();
    void exactTargets();
    void messagesAndOptions();
    void ablationsAgreeWithIncorrect();
    void deterministicBySeed();
    void refusesWhatCannotBeBuilt();
    void jsonlRoundTrip();
    void jsonlErrorsNameTheLine();
    void paperCsvLayouts();
    void writeSftFileByExtension();
    void progressAndCancel();
};

void TestSftBuilder::conditionNames() {
    QCOMPARE(allSftConditions().size(), std::size_t(6));
    for (auto c : allSftConditions())
        QCOMPARE(int(*parseSftCondition(sftConditionName(c))), int(c));
    QCOMPARE(std::string(sftConditionName(SftCondition::WrongRetrievalOnly)),
             std::string("wrong-retrieval-only"));
    QVERIFY(!parseSftCondition("perturbed").has_value());
}

void TestSftBuilder::exactTargets() {
    const Dataset ds = cotempDataset(1);
    const Item& it = ds.items[0];
    const auto& rule = ruleFor(ds.kind);
    SftOptions o;
    const std::string answer = "['Borealis']";
    QCOMPARE(sftAssistantTarget(it, rule, SftCondition::Vanilla, o), answer);
    QCOMPARE(sftAssistantTarget(it, rule, SftCondition::ClassOnly, o),
             "<think>" + kCotempClass + "during.\n</think> <answer>" + answer + "</answer>");
    QCOMPARE(sftAssistantTarget(it, rule, SftCondition::Correct, o),
             "<think>" + kCotempClass + "during.\n" + kFactsIntro +
                 "['P0 works for Borealis from 2003 to 2005.']</think> <answer>" + answer +
                 "</answer>");
    const SftTraceParts wrong = sftTraceParts(it, rule, SftCondition::Incorrect, o);
    QVERIFY(!wrong.labelIsGold && !wrong.unitsAreGold);
    QVERIFY(wrong.label != "during");
    QCOMPARE(wrong.units.size(), std::size_t(1));
    QVERIFY(wrong.units[0] != 1);
    QCOMPARE(sftAssistantTarget(it, rule, SftCondition::Incorrect, o),
             "<think>" + kCotempClass + wrong.label + ".\n" + kFactsIntro +
                 it.context[std::size_t(wrong.units[0])].text + "</think> <answer>" + answer +
                 "</answer>");
}

void TestSftBuilder::messagesAndOptions() {
    const Dataset ds = cotempDataset(1);
    const auto& rule = ruleFor(ds.kind);
    SftOptions o;
    o.modelFamily = "Qwen";
    const SftExample ex = buildSftExample(ds.items[0], rule, SftCondition::Correct, o);
    QCOMPARE(ex.itemId, std::string("during/0"));
    QCOMPARE(ex.messages.size(), std::size_t(3));
    QCOMPARE(ex.messages[0].role, std::string("system"));
    QVERIFY(ex.messages[0].content.starts_with("You are Qwen, "));
    QCOMPARE(ex.messages[1].role, std::string("user"));
    QCOMPARE(ex.messages[1].content, rule.userPrompt(ds.items[0], PromptStyle::Training));
    QCOMPARE(ex.messages[2].role, std::string("assistant"));
    QCOMPARE(ex.assistantContent(), ex.messages[2].content);
    o.includeSystemMessage = false;
    QCOMPARE(buildSftExample(ds.items[0], rule, SftCondition::Correct, o).messages.size(),
             std::size_t(2));
}

void TestSftBuilder::ablationsAgreeWithIncorrect() {
    const Dataset ds = cotempDataset(40);
    const auto& rule = ruleFor(ds.kind);
    SftOptions o;
    o.seed = 77;
    for (const Item& it : ds.items) {
        const auto inc = sftTraceParts(it, rule, SftCondition::Incorrect, o);
        const auto wc = sftTraceParts(it, rule, SftCondition::WrongClassOnly, o);
        const auto wr = sftTraceParts(it, rule, SftCondition::WrongRetrievalOnly, o);
        const auto ok = sftTraceParts(it, rule, SftCondition::Correct, o);
        QCOMPARE(wc.label, inc.label);  // the same wrong class
        QCOMPARE(wc.retrievalSentence, ok.retrievalSentence);
        QVERIFY(wc.unitsAreGold && !wc.labelIsGold);
        QCOMPARE(wr.classSentence, ok.classSentence);
        QCOMPARE(wr.retrievalSentence, inc.retrievalSentence);  // the same wrong fact
        QVERIFY(wr.labelIsGold && !wr.unitsAreGold);
    }
}

void TestSftBuilder::deterministicBySeed() {
    const Dataset ds = cotempDataset(60);
    SftOptions a;
    a.seed = 121;
    SftOptions b = a;
    b.seed = 122;
    const auto first = buildSftSet(ds, SftCondition::Incorrect, a);
    QCOMPARE(buildSftSet(ds, SftCondition::Incorrect, a), first);
    const auto other = buildSftSet(ds, SftCondition::Incorrect, b);
    int differing = 0;
    for (std::size_t i = 0; i < first.size(); ++i) differing += first[i] != other[i];
    QVERIFY2(differing > 30,
             qPrintable(QString("only %1 of 60 targets changed with the seed").arg(differing)));
    // An item's draw does not depend on its neighbours.
    Dataset reversed = ds;
    std::reverse(reversed.items.begin(), reversed.items.end());
    const auto rev = buildSftSet(reversed, SftCondition::Incorrect, a);
    QCOMPARE(rev.front(), first.back());
    // Golden target: a change here silently changes every published incorrect set.
    QCOMPARE(first[0].assistantContent(),
             "<think>" + kCotempClass + "equal.\n" + kFactsIntro +
                 "P0 works for Ember from 1980 to 1982.</think> <answer>['Borealis']</answer>");
}

void TestSftBuilder::refusesWhatCannotBeBuilt() {
    // An item without an answer is left out and named, never the whole set.
    Dataset ds = cotempDataset(2);
    ds.items[1].goldAnswers.clear();
    std::vector<std::string> leftOut;
    std::string lastMessage;
    const ProgressSink sink([&](const Progress& p) {
        lastMessage = p.message;
        return true;
    });
    const auto built = buildSftSet(ds, SftCondition::Correct, {}, sink, &leftOut);
    QCOMPARE(built.size(), std::size_t(1));
    QCOMPARE(built[0].itemId, ds.items[0].id);
    QCOMPARE(leftOut, std::vector<std::string>{ds.items[1].id});
    QVERIFY2(lastMessage.find("left out 1 item(s) without a gold answer") != std::string::npos,
             lastMessage.c_str());
    // The item alone still cannot become a target.
    QVERIFY_THROWS_EXCEPTION(
        Error, buildSftExample(ds.items[1], ruleFor(ds.kind), SftCondition::Correct, {}));
    Dataset generic;
    generic.kind = DatasetKind::Generic;
    Item it;
    it.id = "g";
    it.question = "q";
    it.context = {{"a", -1}, {"b", -1}};
    it.goldAnswers = {"x"};
    it.goldLabel = "kind-a";
    it.goldRetrieval = {0};
    generic.items = {it};
    QVERIFY_THROWS_EXCEPTION(Error, buildSftSet(generic, SftCondition::Incorrect, {}));
    QVERIFY_THROWS_EXCEPTION(Error, buildSftSet(generic, SftCondition::WrongClassOnly, {}));
    const auto wr = buildSftSet(generic, SftCondition::WrongRetrievalOnly, {});
    QVERIFY(wr[0].assistantContent().find("['b']") != std::string::npos);
    generic.items[0].goldLabel.clear();
    QVERIFY_THROWS_EXCEPTION(Error, buildSftSet(generic, SftCondition::ClassOnly, {}));
    QCOMPARE(buildSftSet(generic, SftCondition::Vanilla, {})[0].assistantContent(),
             std::string("x"));
}

void TestSftBuilder::jsonlRoundTrip() {
    const Dataset ds = cotempDataset(3);
    auto examples = buildSftSet(ds, SftCondition::Correct, {});
    examples[1].messages[2].content =
        "quotes \" and 'apostrophes', newline\n, tab\t, L\xc3\xb6"
        "fdahl";
    const std::string text = sftJsonl(examples);
    QCOMPARE(std::count(text.begin(), text.end(), '\n'), 3L);
    QVERIFY(text.starts_with(
        "{\"item_id\":\"during/0\",\"condition\":\"correct\",\"messages\":[{\"role\":\"system\""));
    QVERIFY(text.find("L\xc3\xb6"
                      "fdahl") != std::string::npos);  // UTF-8 kept, not \u-escaped
    QCOMPARE(parseSftJsonl(text), examples);
}

void TestSftBuilder::jsonlErrorsNameTheLine() {
    const std::string good = sftJsonl(buildSftSet(cotempDataset(1), SftCondition::Vanilla, {}));
    for (const std::string& bad :
         {std::string("{not json}\n"),
          std::string("{\"item_id\":\"a\",\"condition\":\"perturbed\",\"messages\":[]}\n"),
          std::string("{\"item_id\":\"a\",\"condition\":\"vanilla\",\"messages\":[{\"role\":"
                      "\"robot\",\"content\":\"x\"}]}\n"),
          std::string("[1,2]\n")}) {
        try {
            parseSftJsonl(good + "\n" + bad, "set.jsonl");
            QFAIL(qPrintable(QString::fromStdString("accepted: " + bad)));
        } catch (const Error& e) {
            QCOMPARE(e.where().file, std::string("set.jsonl"));
            QCOMPARE(e.where().line, std::size_t(3));
        }
    }
}

void TestSftBuilder::paperCsvLayouts() {
    const Dataset ds = cotempDataset(2);
    SftOptions o;
    o.includeSystemMessage = false;
    const auto examples = buildSftSet(ds, SftCondition::Correct, o);
    const std::string csv = sftPaperCsv(ds, examples);
    QVERIFY(csv.starts_with(
        "index,triple_element,facts,question,reasoning,answer,messages\n0,S1_R1_O2,"));
    QVERIFY(csv.find("\"[{'content': \"\"Answer the question based on the context:\\n['P0 works") !=
            std::string::npos);
    QCOMPARE(
        pythonReprMessages({{"user", "it's"}, {"assistant", "a\nb"}}),
        std::string(
            "[{'content': \"it's\", 'role': 'user'}, {'content': 'a\\nb', 'role': 'assistant'}]"));

    Dataset babi;
    babi.kind = DatasetKind::Babi;
    babi.name = "unit-babi";
    Item it;
    it.id = "qa1/s1";
    it.question = "Where is Mary?";
    it.context = {{"Mary moved to the bathroom.", 1}, {"John went to the hallway.", 2}};
    it.goldAnswers = {"bathroom"};
    it.meta["task"] = 1;
    it.meta["supporting_ids"] = {1};
    it.goldLabel = ruleFor(babi.kind).goldLabel(it);
    it.goldRetrieval = ruleFor(babi.kind).goldRetrieval(it);
    babi.items = {it};
    const std::string bcsv = sftPaperCsv(babi, buildSftSet(babi, SftCondition::Vanilla, o));
    QVERIFY(bcsv.starts_with(
        "passages,query,question,query_type,reasoning,answer_passage,answer,messages\n"
        "\"['Mary moved to the bathroom.', 'John went to the hallway.']\",\"Answer the question"));
    QVERIFY(bcsv.find(",single-supporting-fact,") != std::string::npos);
    QVERIFY(bcsv.find(",['Mary moved to the bathroom.'],bathroom,") != std::string::npos);

    // MS MARCO: the columns of marco_process_data_for_prompting.py; answers as a
    // list repr, answer_passage the quoted passage, empty when there is none,
    // the answer itself for "No Answer Present.".
    Dataset marco;
    marco.kind = DatasetKind::MsMarco;
    Item m;
    m.id = "marco/1";
    m.question = "where is x";
    m.context = {{"x is in y", 0}, {"z", 1}};
    m.goldAnswers = {"In y", "y"};
    m.meta["query_type"] = "location";
    m.goldLabel = "LOCATION";
    m.goldRetrieval = {0};
    Item none = m, nap = m;
    none.id = "marco/2";
    none.goldRetrieval = {};
    nap.id = "marco/3";
    nap.goldAnswers = {"No Answer Present."};
    nap.goldRetrieval = {};
    marco.items = {m, none, nap};
    const std::string mcsv = sftPaperCsv(marco, buildSftSet(marco, SftCondition::Correct, o));
    QVERIFY(mcsv.starts_with(
        "answers,passages,query,question,query_type,reasoning,answer_passage,messages\n"
        "\"['In y', 'y']\",\"['x is in y', 'z']\",\"Answer the question"));
    QVERIFY(mcsv.find(",where is x,location,\"The category") != std::string::npos);
    QVERIFY(mcsv.find("asked is: LOCATION.\n\",x is in y,\"[{'content'") != std::string::npos);
    QVERIFY(mcsv.find("asked is: LOCATION.\n\",,\"[{'content'") != std::string::npos);
    QVERIFY(mcsv.find("the question: []</think>") != std::string::npos);
    QVERIFY(mcsv.find("asked is: LOCATION.\n\",No Answer Present.,") != std::string::npos);
    QVERIFY(mcsv.find("the question: No Answer Present.</think>") != std::string::npos);

    auto stray = examples;
    stray[0].itemId = "nope";
    QVERIFY_THROWS_EXCEPTION(Error, sftPaperCsv(ds, stray));
}

void TestSftBuilder::writeSftFileByExtension() {
    const auto dir = ts::test::scratchDir("test_sft_builder");
    const Dataset ds = cotempDataset(2);
    const auto examples = buildSftSet(ds, SftCondition::Correct, {});
    writeSftFile(dir / "set.jsonl", ds, examples);
    writeSftFile(dir / "set.csv", ds, examples);
    QCOMPARE(readFile(dir / "set.jsonl"), sftJsonl(examples));
    QCOMPARE(readFile(dir / "set.csv"), sftPaperCsv(ds, examples));
    QVERIFY_THROWS_EXCEPTION(Error, writeSftFile(dir / "set.parquet", ds, examples));
    QVERIFY(!std::filesystem::exists(dir / "set.parquet"));
}

void TestSftBuilder::progressAndCancel() {
    const Dataset ds = cotempDataset(600);
    std::vector<double> fractions;
    ProgressSink sink([&](const Progress& p) {
        fractions.push_back(p.fraction);
        return true;
    });
    QCOMPARE(buildSftSet(ds, SftCondition::Correct, {}, sink).size(), std::size_t(600));
    QVERIFY(fractions.size() >= 3);
    QCOMPARE(fractions.back(), 1.0);
    CancelToken token;
    token.request();
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             buildSftSet(ds, SftCondition::Correct, {}, ProgressSink({}, token)));
}

QTEST_GUILESS_MAIN(TestSftBuilder)
#include "test_sft_builder.moc"
