// Unit tests for the source loaders on small synthetic files written by the
// test: CoTempQA (class files and split CSVs), bAbI, the three MS MARCO
// layouts, the paper's SFT CSVs, format detection and merging.
#include <QtTest>

#include "core/data/babi_loader.h"
#include "core/data/csv.h"
#include "core/data/dataset_loader.h"
#include "core/data/msmarco_loader.h"
#include "core/data/nltk_word_tokenizer.h"
#include "core/data/punkt_sentences.h"
#include "core/decompose/rule.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"
#include "tests/data/loader_test_util.h"

namespace fs = std::filesystem;
using ts::test::writeText;

class TestLoaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { dir_ = ts::test::scratchDir("loaders"); }

    void cotempqaClassFile();
    void cotempqaJsonArray();
    void cotempqaSplitCsv();
    void babiFirstQuestionPerStory();
    void babiAllQuestions();
    void babiFileNames();
    void marcoHuggingFaceLayout();
    void marcoRecordLayouts();
    void marcoColumnLayout();
    void marcoMaxWordOverlap();
    void nltkWordTokenizer();
    void traceCheckCoTempQaCsv();
    void traceCheckBabiCsv();
    void detectAndParseFormats();
    void mergeAndDuplicates();
    void progressAndCancel();

private:
    fs::path dir_;
};

namespace {

const char* kEqualLines =
    R"({"index": 0, "triple_element": "S1_R1_O2", "question": "While A was in X, where was A?", "facts": ["A is in X in 2001.", "A is in Y in 2001.", "A is in Z in 1990."], "answer": ["Y"]})"
    "\n"
    R"({"index": 1, "triple_element": "S2_R1_O1", "question": "Who else?", "facts": ["B holds P.", "C holds P.", "D holds Q and C."], "answer": ["C", "E"]})"
    "\n";

// The lines of a bAbI story, the second question line without a space before the TAB.
const char* kBabiText =
    "1 Mary moved to the bathroom.\n"
    "2 John went to the hallway.\n"
    "3 Where is Mary? \tbathroom\t1\n"
    "4 Daniel went back to the hallway.\n"
    "5 Where is Daniel?\thallway\t4\n"
    "1 Sandra journeyed to the garden.\n"
    "2 Where is Sandra? \tgarden\t1\n";

std::string marcoHf(const std::string& answers) {
    return R"([{"query_id": 7, "query": "what is x", "query_type": "description",
  "passages": {"is_selected": [0, 1], "passage_text": ["x is a letter", "x is y"], "url": ["u0", "u1"]},
  "answers": )" +
           answers + R"(, "wellFormedAnswers": []}])";
}

}  // namespace

void TestLoaders::cotempqaClassFile() {
    const fs::path f = writeText(dir_ / "equal.json", kEqualLines);
    const ts::Dataset ds = ts::loadDataset({f}, ts::DatasetFormat::CoTempQA);
    QCOMPARE(ds.kind, ts::DatasetKind::CoTempQA);
    QCOMPARE(ds.items.size(), std::size_t(2));
    const ts::Item& a = ds.items[0];
    QCOMPARE(a.id, std::string("equal/0"));
    QCOMPARE(a.split, std::string(""));
    QCOMPARE(a.question, std::string("While A was in X, where was A?"));
    QCOMPARE(a.context.size(), std::size_t(3));
    QCOMPARE(a.context[1].text, std::string("A is in Y in 2001."));
    QCOMPARE(a.goldAnswers, std::vector<std::string>{"Y"});
    QCOMPARE(a.goldLabel, std::string("equal"));
    QCOMPARE(a.goldRetrieval, std::vector<int>{1});
    QCOMPARE(a.meta["class"].get<std::string>(), std::string("equal"));
    QCOMPARE(a.meta["triple_element"].get<std::string>(), std::string("S1_R1_O2"));
    QCOMPARE(a.meta["index"].get<int>(), 0);
    // Every fact containing any gold answer (case-sensitive substring).
    QCOMPARE(ds.items[1].goldRetrieval, (std::vector<int>{1, 2}));
    QCOMPARE(ds.items[1].id, std::string("equal/1"));
    // The sample data's layout: the split is the folder.
    const fs::path inTrain = writeText(dir_ / "train" / "during.json", kEqualLines);
    const ts::Dataset train = ts::loadDataset({inTrain});
    QCOMPARE(train.items[0].split, std::string("train"));
    QCOMPARE(train.items[0].id, std::string("during/0"));
    QCOMPARE(train.items[0].goldLabel, std::string("during"));
}

void TestLoaders::cotempqaJsonArray() {
    const std::string lines = kEqualLines;
    const auto nl = lines.find('\n');
    const std::string array = "[\n  " + lines.substr(0, nl) + ",\n  " +
                              lines.substr(nl + 1, lines.size() - nl - 2) + "\n]\n";
    const fs::path f = writeText(dir_ / "mix_records.json", array);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::CoTempQA);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.items.size(), std::size_t(2));
    QCOMPARE(ds.items[1].id, std::string("mix/1"));
    QCOMPARE(ds.items[1].goldLabel, std::string("mix"));
}

void TestLoaders::cotempqaSplitCsv() {
    const std::string csv =
        "index,triple_element,question,facts,answer,label\n"
        "12,S2_R2_O2,\"Who, then?\",\"['It\\'s P in 1990.', \"\"O'Neil is "
        "Q.\"\"]\",\"[\"\"O'Neil\"\"]\","
        "during\n"
        "3,S1_R1_O2,q2,['a b'],['b'],mix\n";
    const fs::path f = writeText(dir_ / "val_set.csv", csv);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::CoTempQA);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.items.size(), std::size_t(2));
    const ts::Item& a = ds.items[0];
    QCOMPARE(a.id, std::string("during/12"));
    QCOMPARE(a.split, std::string("val"));
    QCOMPARE(a.question, std::string("Who, then?"));
    QCOMPARE(a.contextTexts(), (std::vector<std::string>{"It's P in 1990.", "O'Neil is Q."}));
    QCOMPARE(a.goldAnswers, std::vector<std::string>{"O'Neil"});
    QCOMPARE(a.goldLabel, std::string("during"));
    QCOMPARE(a.goldRetrieval, std::vector<int>{1});
    QCOMPARE(ds.items[1].id, std::string("mix/3"));
}

void TestLoaders::babiFirstQuestionPerStory() {
    const fs::path f = writeText(dir_ / "qa1_single-supporting-fact_train.txt", kBabiText);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::Babi);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.kind, ts::DatasetKind::Babi);
    QCOMPARE(ds.items.size(), std::size_t(2));
    const ts::Item& a = ds.items[0];
    QCOMPARE(a.id, std::string("qa1/train/1/3"));
    QCOMPARE(a.split, std::string("train"));
    QCOMPARE(a.question, std::string("Where is Mary?"));
    QCOMPARE(a.contextTexts(), (std::vector<std::string>{"Mary moved to the bathroom.",
                                                         "John went to the hallway."}));
    QCOMPARE(a.context[1].sourceId, 2);
    QCOMPARE(a.goldAnswers, std::vector<std::string>{"bathroom"});
    QCOMPARE(a.goldLabel, std::string("single-supporting-fact"));
    QCOMPARE(a.goldRetrieval, std::vector<int>{0});
    QCOMPARE(a.meta["task"].get<int>(), 1);
    QCOMPARE(a.meta["task_name"].get<std::string>(), std::string("single-supporting-fact"));
    QCOMPARE(a.meta["supporting_ids"], nlohmann::json::parse("[1]"));
    QCOMPARE(a.meta["story"].get<int>(), 1);
    QCOMPARE(a.meta["file_line"].get<int>(), 3);
    const ts::Item& b = ds.items[1];
    QCOMPARE(b.id, std::string("qa1/train/2/2"));
    QCOMPARE(b.meta["file_line"].get<int>(), 7);
}

void TestLoaders::babiAllQuestions() {
    const fs::path f = writeText(dir_ / "qa1_single-supporting-fact_test.txt", kBabiText);
    ts::LoadOptions opts;
    opts.babiItems = ts::BabiItems::AllQuestions;
    const ts::Dataset ds = ts::loadDataset({f}, ts::DatasetFormat::Babi, opts);
    QCOMPARE(ds.items.size(), std::size_t(3));
    const ts::Item& second = ds.items[1];
    QCOMPARE(second.id, std::string("qa1/test/1/5"));
    QCOMPARE(second.split, std::string("test"));
    QCOMPARE(second.question, std::string("Where is Daniel?"));  // no space before the TAB
    // Statement lines only: the earlier question (line 3) is not context.
    QCOMPARE(second.context.size(), std::size_t(3));
    QCOMPARE(second.context[2].text, std::string("Daniel went back to the hallway."));
    QCOMPARE(second.context[2].sourceId, 4);
    QCOMPARE(second.goldRetrieval, std::vector<int>{2});
    QCOMPARE(ds.items[2].id, std::string("qa1/test/2/2"));

    // Supporting ids written out of order ("3 2") are gold in context order.
    const fs::path g = writeText(dir_ / "qa18_size-reasoning_test.txt",
                                 "1 A fits in B.\n2 B fits in C.\n3 C fits in D.\n"
                                 "4 Does A fit in D?\tyes\t3 1\n");
    const ts::Dataset s = ts::loadDataset({g});
    QCOMPARE(s.items[0].goldRetrieval, (std::vector<int>{0, 2}));
    QCOMPARE(s.items[0].meta["supporting_ids"], nlohmann::json::parse("[3, 1]"));
    QCOMPARE(s.items[0].goldLabel, std::string("size-reasoning"));
}

void TestLoaders::babiFileNames() {
    const ts::BabiFileName n = ts::parseBabiFileName("/x/qa20_agents-motivations_test.txt");
    QCOMPARE(n.task, 20);
    QCOMPARE(n.taskName, std::string("agents-motivations"));
    QCOMPARE(n.split, std::string("test"));
    const fs::path wrongName = writeText(dir_ / "qa2_single-supporting-fact_train.txt", kBabiText);
    TS_EXPECT_ERROR_AT(ts::loadDataset({wrongName}, ts::DatasetFormat::Babi), wrongName, 0, "",
                       "bAbI task 2 is 'two-supporting-facts'");
    const fs::path noSplit = writeText(dir_ / "qa1_single-supporting-fact_valid.txt", kBabiText);
    TS_EXPECT_ERROR_AT(ts::loadDataset({noSplit}, ts::DatasetFormat::Babi), noSplit, 0, "",
                       "neither train nor test");
    const fs::path other = writeText(dir_ / "stories.txt", kBabiText);
    TS_EXPECT_ERROR_AT(ts::loadDataset({other}, ts::DatasetFormat::Babi), other, 0, "",
                       "not a bAbI task file name");
}

void TestLoaders::marcoHuggingFaceLayout() {
    const fs::path f = writeText(dir_ / "ms_marco_sample.json", marcoHf(R"(["x is y"])"));
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::MsMarco);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.kind, ts::DatasetKind::MsMarco);
    QCOMPARE(ds.items.size(), std::size_t(1));
    const ts::Item& a = ds.items[0];
    QCOMPARE(a.id, std::string("marco/7"));
    QCOMPARE(a.split, std::string(""));
    QCOMPARE(a.question, std::string("what is x"));
    QCOMPARE(a.contextTexts(), (std::vector<std::string>{"x is a letter", "x is y"}));
    QCOMPARE(a.context[1].sourceId, 1);
    QCOMPARE(a.goldLabel, std::string("DESCRIPTION"));
    QCOMPARE(a.goldRetrieval, std::vector<int>{1});
    QCOMPARE(a.meta["query_id"].get<int>(), 7);
    QCOMPARE(a.meta["query_type"].get<std::string>(), std::string("description"));
    QCOMPARE(a.meta["is_selected"], nlohmann::json::parse("[0, 1]"));
    QCOMPARE(a.meta["urls"], nlohmann::json::parse(R"(["u0", "u1"])"));
    QCOMPARE(a.meta["well_formed_answers"], nlohmann::json::array());
    QCOMPARE(a.meta["gold_passage_rule"].get<std::string>(), std::string("max_word_overlap"));
}

void TestLoaders::marcoRecordLayouts() {
    // v2.1 records with passage objects, as a JSON array and as JSON Lines.
    const std::string rec1 =
        R"({"query_id": 1185869, "query": "what was the immediate impact", "query_type": "DESCRIPTION", "answers": ["No Answer Present."], "wellFormedAnswers": "[]", "passages": [{"is_selected": 0, "url": "https-a", "passage_text": "first"}, {"is_selected": 1, "url": "https-b", "passage_text": "second"}]})";
    const std::string rec2 =
        R"({"query_id": 2, "query": "where", "query_type": "LOCATION", "answers": ["Paris"], "wellFormedAnswers": ["It is in Paris."], "passages": [{"is_selected": 0, "url": "u", "passage_text": "Paris, France"}]})";
    const fs::path lines = writeText(dir_ / "train_v2.1.jsonl", rec1 + "\n" + rec2 + "\n");
    const fs::path array = writeText(dir_ / "dev_v2.1.json", "[" + rec1 + ",\n" + rec2 + "]");
    for (const fs::path& f : {lines, array}) {
        QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::MsMarco);
        const ts::Dataset ds = ts::loadDataset({f});
        QCOMPARE(ds.items.size(), std::size_t(2));
        QCOMPARE(ds.items[0].id, std::string("marco/1185869"));
        QCOMPARE(ds.items[0].goldAnswers, std::vector<std::string>{"No Answer Present."});
        QVERIFY(ds.items[0].goldRetrieval.empty());  // "No Answer Present.": no gold passage
        QCOMPARE(ds.items[0].meta["urls"], nlohmann::json::parse(R"(["https-a", "https-b"])"));
        QCOMPARE(ds.items[0].meta["well_formed_answers"], nlohmann::json::array());
        QCOMPARE(ds.items[1].meta["well_formed_answers"],
                 nlohmann::json::parse(R"(["It is in Paris."])"));
        QCOMPARE(ds.items[1].goldLabel, std::string("LOCATION"));
        QCOMPARE(ds.items[1].goldRetrieval, std::vector<int>{0});  // "paris" is shared
        ts::LoadOptions flags;
        flags.marcoRetrieval = ts::MarcoRetrieval::IsSelected;
        const ts::Dataset selected = ts::loadDataset({f}, ts::DatasetFormat::MsMarco, flags);
        QVERIFY(selected.items[0].goldRetrieval.empty());  // the answer is its own gold text
        QVERIFY(selected.items[1].goldRetrieval.empty());  // no passage flagged
        QCOMPARE(ts::ruleFor(ts::DatasetKind::MsMarco).goldRetrievalSentence(selected.items[0]),
                 std::string("I need to use the following text to answer the question: "
                             "No Answer Present."));
    }
    QCOMPARE(ts::loadDataset({lines}).items[0].split, std::string("train"));
    QCOMPARE(ts::loadDataset({array}).items[0].split, std::string("val"));
}

void TestLoaders::marcoColumnLayout() {
    // Rows "0".."10": numeric order, not the JSON object's key order.
    std::string query = "{", passages = "{", answers = "{", types = "{", ids = "{", wf = "{";
    for (int i = 0; i <= 10; ++i) {
        const std::string k = "\"" + std::to_string(i) + "\": ";
        const std::string sep = i ? ", " : "";
        query += sep + k + "\"q" + std::to_string(i) + "\"";
        passages += sep + k + R"([{"is_selected": 1, "url": "u", "passage_text": "p)" +
                    std::to_string(i) + R"("}])";
        answers += sep + k + R"(["a"])";
        types += sep + k + (i == 10 ? R"("PERSON")" : R"("NUMERIC")");
        ids += sep + k + std::to_string(100 + i);
        wf += sep + k + (i == 3 ? R"(["A well formed."])" : R"("[]")");
    }
    const std::string doc = "{\"query\": " + query + "}, \"passages\": " + passages +
                            "}, \"answers\": " + answers + "}, \"query_type\": " + types +
                            "}, \"query_id\": " + ids + "}, \"wellFormedAnswers\": " + wf + "}}";
    const fs::path f = writeText(dir_ / "eval_v2.1_public.json", doc);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::MsMarco);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.items.size(), std::size_t(11));
    QCOMPARE(ds.items[2].id, std::string("marco/102"));
    QCOMPARE(ds.items[2].question, std::string("q2"));
    QCOMPARE(ds.items[10].question, std::string("q10"));
    QCOMPARE(ds.items[10].goldLabel, std::string("PERSON"));
    QCOMPARE(ds.items[10].split, std::string("test"));
    QCOMPARE(ds.items[3].meta["well_formed_answers"],
             nlohmann::json::parse(R"(["A well formed."])"));
    QCOMPARE(ds.items[4].contextTexts(), std::vector<std::string>{"p4"});
    QVERIFY(ds.items[4].goldRetrieval.empty());  // "p4" shares no word with "a"
    ts::LoadOptions flags;
    flags.marcoRetrieval = ts::MarcoRetrieval::IsSelected;
    QCOMPARE(ts::loadDataset({f}, ts::DatasetFormat::MsMarco, flags).items[4].goldRetrieval,
             std::vector<int>{0});
}

void TestLoaders::marcoMaxWordOverlap() {
    // NLTK words of the lower-cased text: "The CAT" is "the cat"; a sentence's
    // final period is its own token, an abbreviation's is not.
    QCOMPARE(
        ts::wordOverlaps({"a dog", "the cat. sat", "The CAT sat", "the u.s. cat"}, "the cat sat"),
        (std::vector<std::size_t>{0, 3, 3, 2}));
    QCOMPARE(ts::wordOverlaps({"It isn't here."}, "it is not"), (std::vector<std::size_t>{2}));
    QCOMPARE(ts::maxWordOverlapPassage({"a dog", "The CAT sat", "the cat sat on"}, "the cat sat"),
             1);                                                         // first maximum
    QCOMPARE(ts::maxWordOverlapPassage({"x y", "y x", "z"}, "x y"), 0);  // tie: earliest
    QCOMPARE(ts::maxWordOverlapPassage({"none", "here"}, "zzz"), -1);    // none shared: none
    QCOMPARE(ts::maxWordOverlapPassage({}, "a"), -1);

    ts::LoadOptions opts;
    opts.marcoRetrieval = ts::MarcoRetrieval::MaxWordOverlap;
    const fs::path f = writeText(dir_ / "sample.json", marcoHf(R"(["a letter x"])"));
    const ts::Dataset ds = ts::loadDataset({f}, ts::DatasetFormat::MsMarco, opts);
    QCOMPARE(ds.items[0].goldRetrieval, std::vector<int>{0});  // is_selected says 1
    QCOMPARE(ds.items[0].meta["gold_passage_rule"].get<std::string>(),
             std::string("max_word_overlap"));
    QCOMPARE(ds.items[0].meta["is_selected"], nlohmann::json::parse("[0, 1]"));
    const fs::path none = writeText(dir_ / "noanswer.json", marcoHf("[]"));
    QVERIFY(
        ts::loadDataset({none}, ts::DatasetFormat::MsMarco, opts).items[0].goldRetrieval.empty());
}

// Expected tokens from nltk.word_tokenize (NLTK 3.8, Punkt English) on the
// same lower-cased strings.
void TestLoaders::nltkWordTokenizer() {
    using V = std::vector<std::string>;
    QCOMPARE(ts::nltkWordTokenize("the cat sat. the dog ran."),
             (V{"the", "cat", "sat", ".", "the", "dog", "ran", "."}));
    QCOMPARE(ts::nltkWordTokenize("it's mr. smith's dog, isn't it? yes!"),
             (V{"it", "'s", "mr.", "smith", "'s", "dog", ",", "is", "n't", "it", "?", "yes", "!"}));
    QCOMPARE(ts::nltkWordTokenize("born in 1990. the war ended in u.s. history."),
             (V{"born", "in", "1990.", "the", "war", "ended", "in", "u.s.", "history", "."}));
    QCOMPARE(ts::nltkWordTokenize("he said \"hello\" and (she left.) then -- nothing..."),
             (V{"he", "said", "``", "hello", "''", "and", "(", "she", "left", ".", ")", "then",
                "--", "nothing", "..."}));
    QCOMPARE(ts::nltkWordTokenize("j. k. rowling wrote 7 books; cost: $3.88 & more."),
             (V{"j.", "k.", "rowling", "wrote", "7", "books", ";", "cost", ":", "$", "3.88", "&",
                "more", "."}));
    QCOMPARE(ts::nltkWordTokenize("cannot gonna wanna 'tis 'twas d'ye"),
             (V{"can", "not", "gon", "na", "wan", "na", "'t", "is", "'t", "was", "d", "'ye"}));
    QCOMPARE(ts::nltkWordTokenize("e.g., a value of 3.5. next sentence"),
             (V{"e.g.", ",", "a", "value", "of", "3.5.", "next", "sentence"}));
    QCOMPARE(
        ts::nltkWordTokenize("quotes \u201clike this\u201d and \u2018that\u2019 \u00abhere\u00bb."),
        (V{"quotes", "\u201c", "like", "this", "\u201d", "and", "\u2018", "that", "\u2019",
           "\u00ab", "here", "\u00bb", "."}));
    QCOMPARE(ts::nltkWordTokenize("no period at the end"), (V{"no", "period", "at", "the", "end"}));
    QVERIFY(ts::nltkWordTokenize("").empty());
    // Treebank rules alone (one sentence): only the last period is split off.
    QCOMPARE(ts::nltkTreebankWords("a b. c."), (V{"a", "b.", "c", "."}));
    const auto sentences = ts::punktSentences("one. (two.) three?  four");
    QCOMPARE(sentences.size(), std::size_t(4));
    QCOMPARE(std::string(sentences[1]), std::string("(two.)"));
    QCOMPARE(std::string(sentences[3]), std::string("four"));
}

void TestLoaders::traceCheckCoTempQaCsv() {
    const std::vector<std::string> facts = {"It's P from 1990 to 1995.",
                                            "Q holds R\xc2\xa0in 1991."};
    const std::string prompt = "Answer the question based on the context:\n" +
                               ts::pythonReprList(facts) +
                               "\nQuestion: While P, who held R? Only return the answer.\n";
    const std::string target =
        "<think>The temporal relation between the event in question and the "
        "event in context is: overlap.\nI need to use the following facts to "
        "answer the question: ['x']</think> <answer>['Q']</answer>";
    const std::string messages = "[{'content': " + ts::pythonRepr(prompt) +
                                 ", 'role': 'user'}, {'content': " + ts::pythonRepr(target) +
                                 ", 'role': 'assistant'}]";
    const std::string reasoning =
        "The temporal relation between the event in question and the event in context is: "
        "overlap.\n";
    ts::CsvTable t;
    t.header = {"index", "triple_element", "facts", "question", "reasoning", "answer", "messages"};
    t.rows = {
        {"4100", "S1_R2_O2", ts::pythonReprList(facts), prompt, reasoning, "['Q']", messages}};
    const fs::path f = dir_ / "overlap_test.csv";
    ts::writeCsv(f, t);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::TraceCheckQaCsv);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.kind, ts::DatasetKind::CoTempQA);
    const ts::Item& a = ds.items.at(0);
    QCOMPARE(a.id, std::string("overlap/5"));  // 4100 - 4095 overlap rows before
    QCOMPARE(a.split, std::string("test"));
    QCOMPARE(a.question, std::string("While P, who held R?"));
    QCOMPARE(a.contextTexts(), facts);
    QCOMPARE(a.goldLabel, std::string("overlap"));
    QCOMPARE(a.goldRetrieval, std::vector<int>{1});
    QCOMPARE(a.meta["assistant_target"].get<std::string>(), target);
    QCOMPARE(a.meta["row"].get<int>(), 0);
    QCOMPARE(a.meta["dataset_index"].get<int>(), 4100);
    QCOMPARE(a.meta["index"].get<int>(), 5);

    // The class comes from the file name when the reasoning cell is not a class sentence,
    // and a reasoning class contradicting the file name is an error.
    t.rows[0][4] = "";
    const fs::path byName = dir_ / "overlap_vanilla_test.csv";
    ts::writeCsv(byName, t);
    QCOMPARE(ts::loadDataset({byName}).items.at(0).goldLabel, std::string("overlap"));
    t.rows[0][4] = reasoning;
    const fs::path wrong = dir_ / "equal_test.csv";
    ts::writeCsv(wrong, t);
    TS_EXPECT_ERROR_AT(ts::loadDataset({wrong}), wrong, 2, "reasoning", "the 'equal' file");
    // A prompt whose tail is not the paper's is refused.
    t.rows[0][3] = prompt.substr(0, prompt.size() - 1);
    ts::writeCsv(f, t);
    TS_EXPECT_ERROR_AT(ts::loadDataset({f}), f, 2, "question", "paper's shape");
}

void TestLoaders::traceCheckBabiCsv() {
    // A story with a repeated line: the answer passage lines map, in story
    // order, to the latest consistent occurrences (lines 2 and 3).
    const std::vector<std::string> passages = {"A fits in B.", "C fits in A.", "B fits in C.",
                                               "C fits in A.", "D is big."};
    const std::string question = "Does B fit in A?";
    const std::string prompt = "Answer the question based on the context:\n" +
                               ts::join(passages, "\n") + "\nQuestion: " + question +
                               " Only return the answer.\n";
    ts::CsvTable t;
    t.header = {"passages",  "query",          "question", "query_type",
                "reasoning", "answer_passage", "answer"};
    t.rows = {{ts::pythonReprList(passages), prompt, question, "size-reasoning", "ignored",
               "['C fits in A.', 'B fits in C.']", "no"}};
    const fs::path f = dir_ / "test_dataset_for_prompting.csv";
    ts::writeCsv(f, t);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::TraceCheckQaCsv);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.kind, ts::DatasetKind::Babi);
    const ts::Item& a = ds.items.at(0);
    QCOMPARE(a.id, std::string("qa18/test/row0"));
    QCOMPARE(a.question, question);
    QCOMPARE(a.context.size(), std::size_t(5));
    QCOMPARE(a.context[4].sourceId, 5);
    QCOMPARE(a.goldAnswers, std::vector<std::string>{"no"});
    QCOMPARE(a.goldLabel, std::string("size-reasoning"));
    QCOMPARE(a.meta["supporting_ids"], nlohmann::json::parse("[2, 3]"));
    QCOMPARE(a.goldRetrieval, (std::vector<int>{1, 2}));
    QVERIFY(!a.meta.contains("assistant_target"));  // no messages column

    t.rows[0][5] = "['B fits in C.', 'A fits in B.', 'D is big.', 'D is big.']";
    ts::writeCsv(f, t);
    TS_EXPECT_ERROR_AT(ts::loadDataset({f}), f, 2, "answer_passage", "is not one of the passages");
    t.rows[0][5] = "['A fits in B.']";
    t.rows[0][3] = "flying";
    ts::writeCsv(f, t);
    TS_EXPECT_ERROR_AT(ts::loadDataset({f}), f, 2, "query_type", "unknown bAbI task name");
}

void TestLoaders::detectAndParseFormats() {
    QCOMPARE(ts::parseDatasetFormat("trace-check-qa-csv"), ts::DatasetFormat::TraceCheckQaCsv);
    QCOMPARE(ts::parseDatasetFormat("JSONL"), ts::DatasetFormat::Jsonl);
    QCOMPARE(ts::parseDatasetFormat("auto"), ts::DatasetFormat::Auto);
    QCOMPARE(ts::datasetFormatName(ts::DatasetFormat::MsMarco), std::string_view("msmarco"));
    const ts::Error bad = ts::test::expectError([] { ts::parseDatasetFormat("parquet"); });
    QVERIFY(ts::contains(bad.message(), "trace-check-qa-csv"));

    const fs::path unknownJson = writeText(dir_ / "things.json", R"({"a": 1})"
                                                                 "\n");
    TS_EXPECT_ERROR_AT(ts::detectFormat(unknownJson), unknownJson, 0, "",
                       "cannot tell the dataset format");
    const fs::path unknownCsv = writeText(dir_ / "table.csv", "x,y\n1,2\n");
    TS_EXPECT_ERROR_AT(ts::detectFormat(unknownCsv), unknownCsv, 0, "",
                       "cannot tell the dataset format");
    const fs::path blank = writeText(dir_ / "blank.json", "\n  \n");
    TS_EXPECT_ERROR_AT(ts::detectFormat(blank), blank, 0, "", "empty file");
    TS_EXPECT_ERROR_AT(ts::detectFormat(dir_ / "absent.json"), "absent.json", 0, "", "not found");
    // A bAbI story under another name is still recognised by its content.
    const fs::path story = writeText(dir_ / "story.txt", kBabiText);
    QCOMPARE(ts::detectFormat(story), ts::DatasetFormat::Babi);
}

void TestLoaders::mergeAndDuplicates() {
    const fs::path train = writeText(dir_ / "qa1_single-supporting-fact_train.txt", kBabiText);
    const fs::path test = writeText(dir_ / "qa1_single-supporting-fact_test.txt", kBabiText);
    const ts::Dataset ds = ts::loadDataset({train, test});
    QCOMPARE(ds.items.size(), std::size_t(4));
    QCOMPARE(ds.sourceFiles.size(), std::size_t(2));
    QCOMPARE(ds.items[2].id, std::string("qa1/test/1/3"));

    TS_EXPECT_ERROR_AT(ts::loadDataset({train, train}), train, 0, "",
                       "duplicate item id 'qa1/train/1/3'");
    const fs::path equal = writeText(dir_ / "equal.json", kEqualLines);
    TS_EXPECT_ERROR_AT(ts::loadDataset({train, equal}), equal, 0, "", "load them separately");
    TS_EXPECT_ERROR_AT(ts::loadDataset({}), "", 0, "", "no dataset files");
    const fs::path dupInFile =
        writeText(dir_ / "overlap.json", std::string(kEqualLines) + kEqualLines);
    TS_EXPECT_ERROR_AT(ts::loadDataset({dupInFile}), dupInFile, 0, "", "within the file");
}

void TestLoaders::progressAndCancel() {
    const fs::path a = writeText(dir_ / "qa1_single-supporting-fact_train.txt", kBabiText);
    const fs::path b = writeText(dir_ / "equal.json", kEqualLines);
    std::vector<double> seen;
    ts::LoadOptions opts;
    opts.progress = ts::ProgressSink([&](const ts::Progress& p) {
        seen.push_back(p.fraction);
        return true;
    });
    const fs::path c = writeText(dir_ / "qa1_single-supporting-fact_test.txt", kBabiText);
    QCOMPARE(ts::loadDataset({a, c}, ts::DatasetFormat::Auto, opts).items.size(), std::size_t(4));
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QVERIFY(std::any_of(seen.begin(), seen.end(), [](double f) { return f > 0.49 && f < 0.51; }));

    ts::LoadOptions cancelling;
    cancelling.progress = ts::ProgressSink([](const ts::Progress&) { return false; });
    bool cancelled = false;
    try {
        ts::loadDataset({b}, ts::DatasetFormat::Auto, cancelling);
    } catch (const ts::Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
}

QTEST_GUILESS_MAIN(TestLoaders)
#include "test_loaders.moc"
