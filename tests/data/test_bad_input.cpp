// Bad input for every loader: each case must end in ONE ts::Error that names
// the file and the line (and the key or column where there is one); a loader
// never returns a partial dataset, so an error is the only outcome checked.
#include <QtTest>

#include <sys/stat.h>

#include <fstream>

#include "core/data/dataset_loader.h"
#include "core/data/jsonl_dataset.h"
#include "tests/common/test_support.h"
#include "tests/data/loader_test_util.h"

namespace fs = std::filesystem;
using ts::test::writeText;

class TestBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { dir_ = ts::test::scratchDir("bad_input"); }

    void truncatedJsonLine();
    void wrongTypes();
    void numbersOutOfRange();
    void deepNesting();
    void notRegularFiles();
    void missingKeys();
    void csvCellNotAPythonLiteral();
    void csvShapeErrors();
    void nonUtf8Bytes();
    void emptyFiles();
    void hugeLine();
    void babiLineWithoutNumber();
    void babiSupportingIds();
    void babiStoryNumbering();
    void marcoPassageShapes();
    void jsonlFieldChecks();

private:
    fs::path dir_;
    fs::path load(const fs::path& f, ts::DatasetFormat format = ts::DatasetFormat::Auto) {
        ts::loadDataset({f}, format);
        return f;
    }
};

namespace {

const std::string kGood =
    R"({"index": 0, "triple_element": "S1", "question": "q?", "facts": ["A in X."], "answer": ["X"]})";

std::string withKey(const std::string& record, const std::string& from, const std::string& to) {
    std::string out = record;
    out.replace(out.find(from), from.size(), to);
    return out;
}

}  // namespace

void TestBadInput::truncatedJsonLine() {
    const fs::path f = writeText(dir_ / "equal.json", kGood + "\n" + kGood.substr(0, 40) + "\n");
    TS_EXPECT_ERROR_AT(load(f), f, 2, "", "invalid JSON");
    const fs::path g = writeText(dir_ / "mix.json", "[" + kGood + ",\n" + kGood.substr(0, 50));
    TS_EXPECT_ERROR_AT(load(g, ts::DatasetFormat::CoTempQA), g, 2, "", "invalid JSON");
}

void TestBadInput::wrongTypes() {
    const std::string line2 = withKey(kGood, R"("index": 0)", R"("index": "1")");
    const fs::path f = writeText(dir_ / "equal.json", kGood + "\n" + line2 + "\n");
    TS_EXPECT_ERROR_AT(load(f), f, 2, "index", "expected an integer, got a string");
    const fs::path g =
        writeText(dir_ / "overlap.json", withKey(kGood, R"(["A in X."])", R"(["A", 3])"));
    TS_EXPECT_ERROR_AT(load(g), g, 1, "facts", "element 1 is an integer");
    const fs::path h = writeText(dir_ / "mix.json", "[1, 2]");
    TS_EXPECT_ERROR_AT(load(h, ts::DatasetFormat::CoTempQA), h, 1, "", "expected a JSON object");
}

void TestBadInput::numbersOutOfRange() {
    // nlohmann reports a double overflow as out_of_range, not parse_error.
    const fs::path f = writeText(
        dir_ / "equal.json", kGood + "\n" + withKey(kGood, R"("index": 0)", R"("index": 1e400)"));
    TS_EXPECT_ERROR_AT(load(f), f, 2, "", "number overflow parsing '1e400'");
    const fs::path g =
        writeText(dir_ / "mix.json",
                  "[" + kGood + ",\n" + withKey(kGood, R"("index": 0)", R"("index": 1e400)") + "]");
    TS_EXPECT_ERROR_AT(load(g, ts::DatasetFormat::CoTempQA), g, 2, "", "number overflow");
    // CoTempQA numbers its questions from 0: "equal/-5" could never be matched.
    const fs::path h = writeText(
        dir_ / "during.json", withKey(kGood, R"("index": 0)", R"("index": -9223372036854775808)"));
    TS_EXPECT_ERROR_AT(load(h), h, 1, "index", "non-negative");
}

void TestBadInput::deepNesting() {
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    const fs::path f =
        writeText(dir_ / "equal.json", kGood + "\n" + withKey(kGood, R"(["X"])", deep) + "\n");
    TS_EXPECT_ERROR_AT(load(f), f, 2, "", "nested deeper than 256");
    const fs::path g =
        writeText(dir_ / "set.jsonl",
                  R"({"tracescope_dataset":1,"dataset_kind":"babi","name":"b","source_files":[]})"
                  "\n{\"meta\":" +
                      deep + "}\n");
    TS_EXPECT_ERROR_AT(load(g, ts::DatasetFormat::Jsonl), g, 2, "", "nested deeper than 256");
}

void TestBadInput::notRegularFiles() {
    // A FIFO would block the open until a writer came.
    const fs::path fifo = dir_ / "equal.json";
    QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
    TS_EXPECT_ERROR_AT(load(fifo, ts::DatasetFormat::CoTempQA), fifo, 0, "", "named pipe");
    TS_EXPECT_ERROR_AT(load(fifo), fifo, 0, "", "named pipe");
    const fs::path dir = dir_ / "overlap.json";
    fs::create_directories(dir);
    TS_EXPECT_ERROR_AT(load(dir, ts::DatasetFormat::CoTempQA), dir, 0, "", "is a directory");
}

void TestBadInput::missingKeys() {
    const fs::path f = writeText(
        dir_ / "equal.json", kGood + "\n\n" + withKey(kGood, R"("question": "q?", )", "") + "\n");
    TS_EXPECT_ERROR_AT(load(f), f, 3, "question", "missing key");
    const fs::path m = writeText(
        dir_ / "marco.jsonl",
        R"({"query_id": 1, "query": "q", "query_type": "NUMERIC", "answers": ["1"], "passages": [{"is_selected": 0, "url": "u"}]})"
        "\n");
    TS_EXPECT_ERROR_AT(load(m, ts::DatasetFormat::MsMarco), m, 1, "passages.0.passage_text",
                       "missing key");
}

void TestBadInput::csvCellNotAPythonLiteral() {
    const fs::path f = writeText(dir_ / "test_set.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,q,['a'],['a'],equal\n"
                                 "2,S1,q,\"['a', b]\",['b'],equal\n");
    TS_EXPECT_ERROR_AT(load(f), f, 3, "facts", "not a valid Python literal");
    const fs::path g = writeText(dir_ / "val_set.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "x1,S1,q,['a'],['a'],equal\n");
    TS_EXPECT_ERROR_AT(load(g), g, 2, "index", "expected an integer");
    const fs::path h = writeText(dir_ / "test.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,q,['a'],\"__import__('os')\",equal\n");
    TS_EXPECT_ERROR_AT(load(h, ts::DatasetFormat::CoTempQA), h, 2, "answer", "unexpected name");
}

void TestBadInput::csvShapeErrors() {
    const fs::path f = writeText(dir_ / "test_set.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,q,['a'],['a'],equal\n"
                                 "2,S1,q,['a'],['a']\n");
    TS_EXPECT_ERROR_AT(load(f), f, 3, "", "row has 5 fields");
    const fs::path g = writeText(dir_ / "val_set.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,\"unterminated,['a'],['a'],equal\n");
    TS_EXPECT_ERROR_AT(load(g), g, 2, "", "unterminated quoted field");
    const fs::path h = writeText(
        dir_ / "labels.csv", "index,triple_element,question,facts,answer\n1,S1,q,['a'],['a']\n");
    TS_EXPECT_ERROR_AT(load(h, ts::DatasetFormat::CoTempQA), h, 1, "label", "missing column");
    const fs::path k =
        writeText(dir_ / "headeronly.csv", "index,triple_element,question,facts,answer,label\n");
    TS_EXPECT_ERROR_AT(load(k), k, 0, "", "no data rows");
    const fs::path u = writeText(dir_ / "unknown_class.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,q,['a'],['a'],before\n");
    TS_EXPECT_ERROR_AT(load(u), u, 2, "class", "unknown CoTempQA class 'before'");
}

void TestBadInput::nonUtf8Bytes() {
    const fs::path b =
        writeText(dir_ / "qa1_single-supporting-fact_train.txt",
                  "1 Mary went home.\n2 John went to the caf\xe9.\n3 Where is Mary?\thome\t1\n");
    TS_EXPECT_ERROR_AT(load(b), b, 2, "", "invalid UTF-8");
    const fs::path c =
        writeText(dir_ / "equal.json", kGood + "\n" + withKey(kGood, "q?", "q\xff?") + "\n");
    TS_EXPECT_ERROR_AT(load(c), c, 2, "", "invalid UTF-8");
    const fs::path s = writeText(dir_ / "test_set.csv",
                                 "index,triple_element,question,facts,answer,label\n"
                                 "1,S1,\"multi\nline\",['a'],['a'],equal\n"
                                 "2,S1,q\xc3,['a'],['a'],equal\n");
    TS_EXPECT_ERROR_AT(load(s), s, 4, "", "invalid UTF-8");
}

void TestBadInput::emptyFiles() {
    const fs::path babi = writeText(dir_ / "qa1_single-supporting-fact_train.txt", "");
    TS_EXPECT_ERROR_AT(load(babi, ts::DatasetFormat::Babi), babi, 0, "", "empty file");
    const fs::path cot = writeText(dir_ / "equal.json", "");
    TS_EXPECT_ERROR_AT(load(cot, ts::DatasetFormat::CoTempQA), cot, 0, "", "empty file");
    const fs::path cotBlank = writeText(dir_ / "mix.json", "\n\n");
    TS_EXPECT_ERROR_AT(load(cotBlank, ts::DatasetFormat::CoTempQA), cotBlank, 0, "", "empty file");
    const fs::path cotArray = writeText(dir_ / "overlap.json", "[]");
    TS_EXPECT_ERROR_AT(load(cotArray, ts::DatasetFormat::CoTempQA), cotArray, 0, "", "empty array");
    const fs::path marco = writeText(dir_ / "marco.json", "");
    TS_EXPECT_ERROR_AT(load(marco, ts::DatasetFormat::MsMarco), marco, 0, "", "empty file");
    const fs::path csv = writeText(dir_ / "test.csv", "");
    TS_EXPECT_ERROR_AT(load(csv, ts::DatasetFormat::TraceCheckQaCsv), csv, 0, "", "empty file");
    const fs::path jsonl = writeText(dir_ / "data.jsonl", "");
    TS_EXPECT_ERROR_AT(load(jsonl, ts::DatasetFormat::Jsonl), jsonl, 0, "", "empty file");
    TS_EXPECT_ERROR_AT(load(jsonl), jsonl, 0, "", "empty file");
    const fs::path noQuestions =
        writeText(dir_ / "qa2_two-supporting-facts_test.txt", "1 Mary went home.\n2 John left.\n");
    TS_EXPECT_ERROR_AT(load(noQuestions), noQuestions, 0, "", "no question lines");
}

void TestBadInput::hugeLine() {
    // A 100 MB line is refused by the line reader's limit (64 MiB) before it
    // is held whole; the error names the line.
    const fs::path f = dir_ / "equal.json";
    {
        std::ofstream out(f, std::ios::binary);
        out << kGood << "\n"
            << R"({"index": 1, "question": ")";
        const std::string chunk(1 << 20, 'a');
        for (int i = 0; i < 100; ++i) out << chunk;
        out << "\"}\n";
    }
    TS_EXPECT_ERROR_AT(load(f, ts::DatasetFormat::CoTempQA), f, 2, "", "line longer than");
    fs::remove(f);
}

void TestBadInput::babiLineWithoutNumber() {
    const fs::path f =
        writeText(dir_ / "qa1_single-supporting-fact_train.txt",
                  "1 Mary went home.\nJohn went to the garden.\n3 Where is Mary?\thome\t1\n");
    TS_EXPECT_ERROR_AT(load(f), f, 2, "", "without a line number");
    const fs::path g = writeText(dir_ / "qa1_single-supporting-fact_test.txt",
                                 "1 Mary went home.\n\n2 Where is Mary?\thome\t1\n");
    TS_EXPECT_ERROR_AT(load(g), g, 2, "", "without a line number");
}

void TestBadInput::babiSupportingIds() {
    const fs::path f = writeText(dir_ / "qa1_single-supporting-fact_train.txt",
                                 "1 Mary went home.\n2 Where is Mary?\thome\t1\n"
                                 "1 John left.\n2 Where is John?\tout\t3\n");
    TS_EXPECT_ERROR_AT(load(f), f, 4, "", "supporting line id 3 points past the question (line 2)");
    const fs::path g =
        writeText(dir_ / "qa1_single-supporting-fact_test.txt",
                  "1 Mary went home.\n2 Where is Mary?\thome\t1\n3 Where is she?\thome\t2\n");
    ts::LoadOptions all;
    all.babiItems = ts::BabiItems::AllQuestions;
    TS_EXPECT_ERROR_AT(ts::loadDataset({g}, ts::DatasetFormat::Babi, all), g, 3, "",
                       "is a question line");
    // Also with the paper's construction: later questions are checked even
    // though they do not become items.
    TS_EXPECT_ERROR_AT(load(g), g, 3, "", "is a question line");
    const fs::path h = writeText(dir_ / "qa2_two-supporting-facts_test.txt",
                                 "1 Mary went home.\n2 Where is Mary?\thome\t1 x\n");
    TS_EXPECT_ERROR_AT(load(h), h, 2, "", "'x' is not a line number");
    const fs::path k = writeText(dir_ / "qa3_three-supporting-facts_test.txt",
                                 "1 Mary went home.\n2 Where is Mary?\thome\n");
    TS_EXPECT_ERROR_AT(load(k), k, 2, "", "expected 3");
    const fs::path n = writeText(dir_ / "qa4_two-arg-relations_test.txt",
                                 "1 Mary went home.\n2 Where is Mary?\thome\t\n");
    TS_EXPECT_ERROR_AT(load(n), n, 2, "", "without supporting line ids");
}

void TestBadInput::babiStoryNumbering() {
    const fs::path f = writeText(dir_ / "qa1_single-supporting-fact_train.txt",
                                 "1 Mary went home.\n3 Where is Mary?\thome\t1\n");
    TS_EXPECT_ERROR_AT(load(f), f, 2, "", "line number 3 does not continue the story");
    const fs::path g = writeText(dir_ / "qa1_single-supporting-fact_test.txt",
                                 "2 Mary went home.\n3 Where is Mary?\thome\t2\n");
    TS_EXPECT_ERROR_AT(load(g), g, 1, "", "a story starts at 1");
}

void TestBadInput::marcoPassageShapes() {
    const fs::path f = writeText(
        dir_ / "sample.json",
        R"([{"query_id": 1, "query": "q", "query_type": "numeric", "answers": ["1"], "wellFormedAnswers": [],
  "passages": {"is_selected": [0, 1], "passage_text": ["a"], "url": ["u", "v"]}},
 {"query_id": 2}])");
    TS_EXPECT_ERROR_AT(load(f), f, 1, "passages", "different lengths");
    const fs::path g = writeText(
        dir_ / "sample2.json",
        R"([{"query_id": 1, "query": "q", "query_type": "numeric", "answers": ["1"], "passages": {"is_selected": [0], "passage_text": ["a"], "url": ["u"]}},
  {"query_id": 2, "query": "q", "query_type": "numeric", "answers": ["1"],
   "passages": {"is_selected": [2], "passage_text": ["a"], "url": ["u"]}}])");
    TS_EXPECT_ERROR_AT(load(g), g, 2, "passages.is_selected", "0 or 1");
    const fs::path h = writeText(
        dir_ / "sample3.json",
        R"([{"query_id": 1, "query": "q", "query_type": "colour", "answers": ["1"], "passages": []}])");
    TS_EXPECT_ERROR_AT(load(h), h, 1, "query_type", "unknown MS MARCO query type");
    const fs::path k = writeText(dir_ / "columns.json",
                                 R"({"query": {"0": "q"}, "passages": {}, "answers": {"0": []},
 "query_type": {"0": "NUMERIC"}, "query_id": {"0": 5}})");
    TS_EXPECT_ERROR_AT(load(k, ts::DatasetFormat::MsMarco), k, 0, "passages.0", "missing key");
}

void TestBadInput::jsonlFieldChecks() {
    const std::string header =
        R"({"tracescope_dataset": 1, "dataset_kind": "babi", "name": "b", "source_files": []})";
    const std::string good =
        R"({"id": "a", "split": "", "question": "q", "context": [{"text": "t", "source_id": 1}], "gold_answers": ["x"], "gold_label": "L", "gold_retrieval": [0], "meta": {}})";
    const auto file = [&](const std::string& name, const std::string& line2) {
        return writeText(dir_ / name, header + "\n" + good + "\n" + line2 + "\n");
    };
    const fs::path range =
        file("range.jsonl", withKey(withKey(good, "\"a\"", "\"b\""), "[0]", "[1]"));
    TS_EXPECT_ERROR_AT(load(range), range, 3, "gold_retrieval", "outside the 1 context units");
    const fs::path order =
        file("order.jsonl", withKey(withKey(good, "\"a\"", "\"b\""), "[0]", "[0, 0]"));
    TS_EXPECT_ERROR_AT(load(order), order, 3, "gold_retrieval", "ascending");
    const fs::path dup = file("dup.jsonl", good);
    TS_EXPECT_ERROR_AT(load(dup), dup, 3, "id", "first on line 2");
    const fs::path unknown = file("unknown.jsonl", withKey(good, "\"meta\"", "\"metadata\""));
    TS_EXPECT_ERROR_AT(load(unknown), unknown, 3, "metadata", "unknown key");
    const fs::path unit = file("unit.jsonl", withKey(withKey(good, "\"a\"", "\"c\""),
                                                     "\"source_id\": 1", "\"source_id\": \"1\""));
    TS_EXPECT_ERROR_AT(load(unit), unit, 3, "context.0.source_id", "expected an integer");
    const fs::path kind = file("kind.jsonl", withKey(withKey(good, "\"a\"", "\"d\""), "{\"id\"",
                                                     "{\"dataset_kind\": \"msmarco\", \"id\""));
    TS_EXPECT_ERROR_AT(load(kind), kind, 3, "dataset_kind", "in a 'babi' dataset");
    const fs::path noHeader = writeText(dir_ / "noheader.jsonl", good + "\n");
    TS_EXPECT_ERROR_AT(load(noHeader, ts::DatasetFormat::Jsonl), noHeader, 1, "",
                       "first line must be the header");
    const fs::path version =
        writeText(dir_ / "version.jsonl", withKey(header, ": 1,", ": 2,") + "\n");
    TS_EXPECT_ERROR_AT(load(version), version, 1, "tracescope_dataset", "unsupported version 2");
    const fs::path badKind =
        writeText(dir_ / "badkind.jsonl", withKey(header, "\"babi\"", "\"poetry\"") + "\n");
    TS_EXPECT_ERROR_AT(load(badKind), badKind, 1, "dataset_kind", "unknown dataset kind");
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
