// Unit tests for the prediction readers: the Trace_Check_QA pairing with a
// gold CSV and the native JSON Lines format, and every bad input (unknown
// format, malformed JSON line, missing key, wrong pairing, missing or reused
// gold row, unknown or duplicate item id) with a message naming file and line.
#include <QtTest>

#include <functional>

#include "core/data/dataset_loader.h"
#include "core/score/native_predictions.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/util/error.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using namespace ts;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFactsA = {"Ann is a member of the Reds in 1990.",
                                          "Ann is a member of the Blues in 1990."};
const std::vector<std::string> kFactsB = {"Bo works for Acme in 2001.",
                                          "Bo works for Zenith in 2001."};

std::string csvRow(int index, const std::vector<std::string>& facts, const std::string& q,
                   const std::vector<std::string>& answer) {
    const std::string prompt = "Answer the question based on the context:\n" +
                               pythonReprList(facts) + "\nQuestion: " + q +
                               " Only return the answer.\n";
    const std::string reasoning =
        "The temporal relation between the event in question and the event in context is: equal.\n";
    return csvRecord({std::to_string(index), "S1_R1_O2", pythonReprList(facts), prompt, reasoning,
                      pythonReprList(answer)});
}

std::string record(const std::string& q, const std::vector<std::string>& facts,
                   const std::vector<std::string>& gold, const std::string& prediction) {
    nlohmann::json j = {{"input", {{"text", "..."}}},
                        {"prediction", prediction},
                        {"gold", gold},
                        {"triple_element", "S1_R1_O2"},
                        {"question", q},
                        {"facts", facts}};
    return j.dump() + "\n";
}

struct Fixture {
    fs::path dir, gold, preds;
    Dataset items;
};

Fixture makeFixture(const std::string& name, const std::string& predictions) {
    Fixture f;
    f.dir = ts::test::scratchDir(name);
    f.gold = ts::test::writeText(
        f.dir / "equal_test.csv",
        csvRecord({"index", "triple_element", "facts", "question", "reasoning", "answer"}) +
            csvRow(3096, kFactsA, "Who is Ann with?", {"Reds"}) +
            csvRow(3100, kFactsB, "Where does Bo work?", {"Acme"}));
    f.preds = ts::test::writeText(f.dir / "preds.json", predictions);
    f.items = loadDatasetFile(f.gold, DatasetFormat::TraceCheckQaCsv);
    return f;
}

// Runs fn, which must throw ts::Error whose text holds every part.
void expectError(const std::function<void()>& fn, const std::vector<std::string>& parts) {
    try {
        fn();
    } catch (const Error& e) {
        const std::string text = e.what();
        for (const auto& p : parts)
            QVERIFY2(text.find(p) != std::string::npos,
                     qPrintable(QString::fromStdString("'" + p + "' not in: " + text)));
        return;
    }
    QFAIL("no ts::Error was thrown");
}

}  // namespace

class TestPredictionReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pairsRecordsWithRowsInAnyOrder();
    void wrongPairingNamesFileAndLine();
    void rowTakenTwice();
    void goldMismatch();
    void malformedJsonLine();
    void missingKey();
    void unknownFormat();
    void emptyFile();
    void marcoPairsNeedTheMarcoLayout();
    void nativePredictions();
    void nativeBadInput();
};

void TestPredictionReaders::pairsRecordsWithRowsInAnyOrder() {
    const Fixture f = makeFixture(
        "readers_pair", record("Where does Bo work?", kFactsB, {"Acme"}, "<answer>Acme</answer>") +
                            "\n" + record("Who is Ann with?", kFactsA, {"Reds"}, "x"));
    const ScoringPair p = readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::CoTempQA);
    QCOMPARE(p.items.size(), std::size_t(2));
    QCOMPARE(p.items[0].id, std::string("equal/4"));  // global index 3100 - 3096
    QCOMPARE(p.items[1].id, std::string("equal/0"));
    QCOMPARE(p.predictions[0], std::string("<answer>Acme</answer>"));
    QCOMPARE(p.lines, (std::vector<std::size_t>{1, 3}));  // blank line 2 skipped
    QCOMPARE(p.unansweredItems, std::size_t(0));
    QCOMPARE(p.legacyGold->rows.size(), std::size_t(2));
    QCOMPARE(p.legacyGold->rows[1].answerCell, std::string("['Acme']"));
    QCOMPARE(p.legacyGold->rows[1].id, std::string("3100"));
    QCOMPARE(p.legacyGold->rows[1].itemId, std::string("equal/4"));
    QCOMPARE(p.legacyGold->rows[0].line, std::size_t(2));
    QCOMPARE(p.legacyGold->rows[0].facts, kFactsA);
}

void TestPredictionReaders::wrongPairingNamesFileAndLine() {
    const Fixture f =
        makeFixture("readers_wrong_pair", record("Who is Ann with?", kFactsA, {"Reds"}, "x") +
                                              record("Who is Cy with?", kFactsA, {"Reds"}, "x"));
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::CoTempQA); },
                {f.preds.string() + ":2:", "no row of", "paired with the right gold CSV"});
}

void TestPredictionReaders::rowTakenTwice() {
    const Fixture f =
        makeFixture("readers_taken", record("Who is Ann with?", kFactsA, {"Reds"}, "x") +
                                         record("Who is Ann with?", kFactsA, {"Reds"}, "y"));
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::CoTempQA); },
                {f.preds.string() + ":2:", "already taken"});
}

void TestPredictionReaders::goldMismatch() {
    const Fixture f =
        makeFixture("readers_gold", record("Who is Ann with?", kFactsA, {"Blues"}, "x"));
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::CoTempQA); },
                {f.preds.string() + ":1:", "key 'gold'", "['Blues']", "['Reds']", "line 2"});
}

void TestPredictionReaders::malformedJsonLine() {
    const Fixture f =
        makeFixture("readers_json", record("Who is Ann with?", kFactsA, {"Reds"}, "x") +
                                        "{\"prediction\": \"x\", \n");
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::CoTempQA); },
                {f.preds.string() + ":2:", "malformed JSON"});
    ts::test::writeText(f.preds, "[1, 2]\n");
    expectError([&] { readTraceCheckQaRecords(f.preds, DatasetKind::CoTempQA); },
                {f.preds.string() + ":1:", "JSON object"});
}

void TestPredictionReaders::missingKey() {
    const Fixture f = makeFixture("readers_key", "{\"gold\": [\"Reds\"], \"question\": \"q\"}\n");
    expectError([&] { readTraceCheckQaRecords(f.preds, DatasetKind::CoTempQA); },
                {f.preds.string() + ":1:", "key 'prediction'", "missing"});
    ts::test::writeText(f.preds,
                        "{\"prediction\": \"p\", \"gold\": \"g\", \"question\": \"q\", "
                        "\"passage\": \"['a', \"}\n");
    expectError([&] { readTraceCheckQaRecords(f.preds, DatasetKind::Babi); },
                {f.preds.string() + ":1:", "key 'passage'"});
    ts::test::writeText(f.preds,
                        "{\"prediction\": 3, \"gold\": [], \"question\": \"q\", \"facts\": []}\n");
    expectError([&] { readTraceCheckQaRecords(f.preds, DatasetKind::CoTempQA); },
                {"key 'prediction'", "expected a string"});
}

void TestPredictionReaders::unknownFormat() {
    const fs::path dir = ts::test::scratchDir("readers_format");
    const fs::path csv = ts::test::writeText(dir / "p.csv", "a,b\n1,2\n");
    expectError([&] { detectPredictionFormat(csv); },
                {csv.string() + ":1:", "unknown predictions format"});
    const fs::path other = ts::test::writeText(dir / "p.jsonl", "\n{\"text\": \"x\"}\n");
    expectError([&] { detectPredictionFormat(other); },
                {other.string() + ":2:", "unknown predictions format", "keys text"});
    QCOMPARE(detectPredictionFormat(ts::test::writeText(
                 dir / "n.jsonl", "{\"item_id\": \"a\", \"prediction\": \"p\"}\n")),
             PredictionFormat::Native);
    QCOMPARE(detectPredictionFormat(ts::test::writeText(
                 dir / "t.jsonl", "{\"prediction\": \"p\", \"gold\": [\"x\"], \"input\": {}}\n")),
             PredictionFormat::TraceCheckQa);
    // A native file handed to the Trace_Check_QA reader says what it is.
    const fs::path native =
        ts::test::writeText(dir / "n2.jsonl", "{\"item_id\": \"a\", \"prediction\": \"p\"}\n");
    expectError([&] { readTraceCheckQaRecords(native, DatasetKind::CoTempQA); },
                {native.string() + ":1:", "native predictions record"});
}

void TestPredictionReaders::emptyFile() {
    const fs::path p =
        ts::test::writeText(ts::test::scratchDir("readers_empty") / "p.jsonl", "\n\n");
    expectError([&] { readNativePredictions(p); }, {p.string(), "no records"});
    expectError([&] { detectPredictionFormat(p); }, {p.string(), "no records"});
}

// MS MARCO records carry their gold as the answers cell (a string): a
// CoTempQA record (gold a list) read as MS MARCO names the file, line and key.
void TestPredictionReaders::marcoPairsNeedTheMarcoLayout() {
    const Fixture f =
        makeFixture("readers_marco", record("Who is Ann with?", kFactsA, {"Reds"}, "x"));
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::MsMarco); },
                {f.preds.string(), "gold"});
    expectError([&] { readTraceCheckQaPair(f.preds, f.gold, f.items, DatasetKind::Generic); },
                {"cotempqa, babi and msmarco only", "native predictions"});
}

void TestPredictionReaders::nativePredictions() {
    const Fixture f = makeFixture("readers_native", "");
    const fs::path p = ts::test::writeText(
        f.dir / "native.jsonl",
        "{\"item_id\": \"equal/4\", \"prediction\": \"<answer>Acme</answer>\", \"model\": \"m\", "
        "\"seed\": 121}\n");
    const auto preds = readNativePredictions(p);
    QCOMPARE(preds.size(), std::size_t(1));
    QCOMPARE(preds[0].meta["seed"].get<int>(), 121);
    QVERIFY(!preds[0].meta.contains("item_id"));
    const ScoringPair pair = pairNativePredictions(p, preds, f.items);
    QCOMPARE(pair.items[0].id, std::string("equal/4"));
    QCOMPARE(pair.unansweredItems, std::size_t(1));
    QVERIFY(pair.legacyGold);
    QCOMPARE(pair.legacyGold->rows[1].answerCell, std::string("['Acme']"));
}

void TestPredictionReaders::nativeBadInput() {
    const Fixture f = makeFixture("readers_native_bad", "");
    const fs::path dup = ts::test::writeText(f.dir / "dup.jsonl",
                                             "{\"item_id\": \"equal/0\", \"prediction\": \"a\"}\n"
                                             "{\"item_id\": \"equal/0\", \"prediction\": \"b\"}\n");
    expectError([&] { readNativePredictions(dup); },
                {dup.string() + ":2:", "duplicate item_id 'equal/0'", "line 1"});
    const fs::path unknown = ts::test::writeText(
        f.dir / "unknown.jsonl", "{\"item_id\": \"equal/99\", \"prediction\": \"a\"}\n");
    expectError([&] { pairNativePredictions(unknown, readNativePredictions(unknown), f.items); },
                {unknown.string() + ":1:", "key 'item_id'", "no item 'equal/99'"});
    const fs::path noPrediction =
        ts::test::writeText(f.dir / "nopred.jsonl", "{\"item_id\": \"equal/0\"}\n");
    expectError([&] { readNativePredictions(noPrediction); },
                {noPrediction.string() + ":1:", "key 'prediction'", "missing"});
}

QTEST_GUILESS_MAIN(TestPredictionReaders)
#include "test_prediction_readers.moc"
