// The native JSON Lines dataset format: every field survives a write/read
// round trip byte for byte, the header and item lines have the documented
// shape, stored gold fields are trusted (not recomputed) and the writer
// refuses invalid datasets without touching the target file.
#include <QtTest>

#include "core/data/dataset_loader.h"
#include "core/data/jsonl_dataset.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/data/loader_test_util.h"

namespace fs = std::filesystem;

class TestJsonl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { dir_ = ts::test::scratchDir("jsonl"); }
    void roundTripsEveryField();
    void documentedLineShape();
    void trustsStoredGold();
    void writerRefusesInvalid();
    void headerOnlyIsEmptyDataset();

private:
    fs::path dir_;
};

namespace {

ts::Dataset sampleDataset() {
    ts::Dataset ds;
    ds.kind = ts::DatasetKind::CoTempQA;
    ds.name = "round \"trip\"";
    ds.sourceFiles = {"/data/equal.json", "relative/path with space.csv"};
    ts::Item a;
    a.id = "equal/0";
    a.split = "test";
    a.question =
        "Who's \"there\"?\nLine two\twith tab, \\ backslash, NBSP\xc2\xa0 and \xf0\x9f\x98\x80";
    a.context = {{"fact \xe4\xb8\xad one", -1}, {"", 0}, {"control \x01 char", 2147483647}};
    a.goldAnswers = {"O'Neil", "", "\xc3\xa9"};
    a.goldLabel = "equal";
    a.goldRetrieval = {0, 2};
    a.meta = nlohmann::json::parse(
        R"({"class": "equal", "index": 0, "nested": {"list": [1, 2.5, null, true], "big": 18446744073709551615,
            "neg": -9223372036854775808, "float": 1e-300, "text": "\u0000nul"}})");
    ts::Item b;
    b.id = "equal/1";
    ds.items = {a, b};
    return ds;
}

}  // namespace

void TestJsonl::roundTripsEveryField() {
    const ts::Dataset ds = sampleDataset();
    const fs::path f = dir_ / "out.jsonl";
    ts::writeJsonlDataset(f, ds);
    QCOMPARE(ts::detectFormat(f), ts::DatasetFormat::Jsonl);
    const ts::Dataset back = ts::loadDataset({f});
    QCOMPARE(back.kind, ds.kind);
    QCOMPARE(back.name, ds.name);
    QCOMPARE(back.sourceFiles, ds.sourceFiles);
    QCOMPARE(back.items.size(), ds.items.size());
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const ts::Item& x = ds.items[i];
        const ts::Item& y = back.items[i];
        QCOMPARE(y.id, x.id);
        QCOMPARE(y.split, x.split);
        QCOMPARE(y.question, x.question);
        QVERIFY(y.context == x.context);
        QCOMPARE(y.goldAnswers, x.goldAnswers);
        QCOMPARE(y.goldLabel, x.goldLabel);
        QCOMPARE(y.goldRetrieval, x.goldRetrieval);
        QCOMPARE(y.meta.dump(), x.meta.dump());
        QVERIFY(y == x);
    }
    // Writing what was read gives the same bytes.
    QCOMPARE(ts::formatJsonlDataset(back), ts::readFile(f));
}

void TestJsonl::documentedLineShape() {
    ts::Dataset ds;
    ds.kind = ts::DatasetKind::Babi;
    ds.name = "babi";
    ds.sourceFiles = {"qa1.txt"};
    ts::Item item;
    item.id = "qa1/test/1/3";
    item.split = "test";
    item.question = "Where is Mary?";
    item.context = {{"Mary moved to the bathroom.", 1}, {"John went to the hallway.", 2}};
    item.goldAnswers = {"bathroom"};
    item.goldLabel = "single-supporting-fact";
    item.goldRetrieval = {0};
    item.meta = {{"task", 1}};
    ds.items = {item};
    QCOMPARE(
        ts::jsonlDatasetHeader(ds),
        std::string(
            R"({"tracescope_dataset":1,"dataset_kind":"babi","name":"babi","source_files":["qa1.txt"]})"));
    QCOMPARE(
        ts::jsonlItemLine(item),
        std::string(
            R"({"id":"qa1/test/1/3","split":"test","question":"Where is Mary?","context":[{"text":"Mary moved to the bathroom.","source_id":1},{"text":"John went to the hallway.","source_id":2}],"gold_answers":["bathroom"],"gold_label":"single-supporting-fact","gold_retrieval":[0],"meta":{"task":1}})"));
}

void TestJsonl::trustsStoredGold() {
    // A bAbI item whose stored retrieval disagrees with its supporting_ids:
    // the native format keeps what was written (no rule is run).
    const std::string text =
        R"({"tracescope_dataset":1,"dataset_kind":"babi","name":"edited","source_files":[]})"
        "\n"
        R"({"id":"x","split":"","question":"q","context":[{"text":"a","source_id":1},{"text":"b","source_id":2}],"gold_answers":["a"],"gold_label":"hand-made","gold_retrieval":[1],"meta":{"task":1,"supporting_ids":[1]},"dataset_kind":"babi"})"
        "\n";
    const fs::path f = ts::test::writeText(dir_ / "edited.jsonl", text);
    const ts::Dataset ds = ts::loadDataset({f}, ts::DatasetFormat::Jsonl);
    QCOMPARE(ds.items.at(0).goldRetrieval, std::vector<int>{1});
    QCOMPARE(ds.items.at(0).goldLabel, std::string("hand-made"));
}

void TestJsonl::writerRefusesInvalid() {
    ts::Dataset ds = sampleDataset();
    ds.items[1].id = ds.items[0].id;
    const fs::path f = dir_ / "dup.jsonl";
    TS_EXPECT_ERROR_AT(ts::writeJsonlDataset(f, ds), f, 0, "", "duplicate item id");
    QVERIFY(!fs::exists(f));

    ds = sampleDataset();
    ds.items[0].goldRetrieval = {5};
    TS_EXPECT_ERROR_AT(ts::writeJsonlDataset(f, ds), f, 0, "", "outside its 3 context units");
    QVERIFY(!fs::exists(f));

    // An existing file is left untouched by a failed write.
    ts::writeJsonlDataset(f, sampleDataset());
    const std::string before = ts::readFile(f);
    ds = sampleDataset();
    ds.items[0].question = "bad \xff byte";
    const ts::Error e = ts::test::expectError([&] { ts::writeJsonlDataset(f, ds); });
    QVERIFY2(ts::contains(e.message(), "equal/0"), e.what());
    QCOMPARE(ts::readFile(f), before);
}

void TestJsonl::headerOnlyIsEmptyDataset() {
    ts::Dataset ds;
    ds.kind = ts::DatasetKind::MsMarco;
    ds.name = "empty";
    const fs::path f = dir_ / "empty.jsonl";
    ts::writeJsonlDataset(f, ds);
    const ts::Dataset back = ts::loadDataset({f});
    QCOMPARE(back.kind, ts::DatasetKind::MsMarco);
    QVERIFY(back.items.empty());
}

QTEST_GUILESS_MAIN(TestJsonl)
#include "test_jsonl.moc"
