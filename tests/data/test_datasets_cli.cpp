// tracescope-cli datasets inspect/convert, run as a process: exit codes
// (0 ok, 1 bad input, 2 usage), the printed decomposition of the first item,
// and convert's atomic, lossless JSON Lines output.
#include <QProcess>
#include <QtTest>

#include "core/data/dataset_loader.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;

namespace {

struct CliResult {
    int exitCode = -1;
    std::string out, err;
};

CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TRACESCOPE_CLI), args);
    CliResult r;
    if (!p.waitForFinished(60000)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

const char* kStory =
    "1 Mary moved to the bathroom.\n2 John went to the hallway.\n3 Where is Mary? \tbathroom\t1\n"
    "4 Daniel went back to the hallway.\n5 Where is Daniel?\thallway\t4\n";

}  // namespace

class TestDatasetsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { dir_ = ts::test::scratchDir("datasets_cli"); }

    void inspectPrintsCountsAndFirstItem() {
        const fs::path f =
            ts::test::writeText(dir_ / "qa1_single-supporting-fact_train.txt", kStory);
        const CliResult r = runCli({"datasets", "inspect", q(f), "--babi-items", "all"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(ts::contains(r.out, "[babi, detected]"), r.out.c_str());
        QVERIFY2(ts::contains(r.out, "dataset babi (kind babi): 2 items, 5 context units"),
                 r.out.c_str());
        QVERIFY2(ts::contains(r.out, "  single-supporting-fact        2        2"), r.out.c_str());
        QVERIFY2(ts::contains(r.out, "    1        2  ########################################"),
                 r.out.c_str());
        QVERIFY2(ts::contains(r.out, "first item qa1/train/1/3 (split train)"), r.out.c_str());
        QVERIFY2(ts::contains(r.out, "    * [0] (source 1) Mary moved to the bathroom.\n"),
                 r.out.c_str());
        QVERIFY2(ts::contains(r.out, "      [1] (source 2) John went to the hallway.\n"),
                 r.out.c_str());
        QVERIFY2(ts::contains(r.out, "  gold retrieval  [0]"), r.out.c_str());
        QVERIFY2(ts::contains(r.out, "is: single-supporting-fact.\\n'"), r.out.c_str());
        QVERIFY2(ts::contains(r.out, "answer the question: ['Mary moved to the bathroom.']"),
                 r.out.c_str());
    }

    void convertWritesLosslessJsonl() {
        const fs::path f =
            ts::test::writeText(dir_ / "qa1_single-supporting-fact_test.txt", kStory);
        const fs::path out = dir_ / "out.jsonl";
        const CliResult r =
            runCli({"datasets", "convert", q(f), "--format", "babi", "--out", q(out)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(ts::contains(r.out, "wrote 1 items (babi)"), r.out.c_str());
        const ts::Dataset back = ts::loadDataset({out}, ts::DatasetFormat::Jsonl);
        const ts::Dataset direct = ts::loadDataset({f});
        QVERIFY(back.items == direct.items);
    }

    void badInputFailsWithoutOutput() {
        const fs::path f = ts::test::writeText(dir_ / "qa1_single-supporting-fact_test.txt",
                                               "1 Mary went home.\nno number here\n");
        const fs::path out = dir_ / "never.jsonl";
        const CliResult r = runCli({"datasets", "convert", q(f), "--out", q(out)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            ts::contains(r.err,
                         "qa1_single-supporting-fact_test.txt:2: bAbI line without a line number"),
            r.err.c_str());
        QVERIFY(!fs::exists(out));
    }

    void usageErrors() {
        const fs::path f =
            ts::test::writeText(dir_ / "qa1_single-supporting-fact_test.txt", kStory);
        QCOMPARE(runCli({"datasets", "inspect", q(f), "--format", "xml"}).exitCode, 2);
        QCOMPARE(runCli({"datasets", "inspect", q(f), "--marco-retrieval", "best"}).exitCode, 2);
        QCOMPARE(runCli({"datasets", "convert", q(f)}).exitCode, 2);
        QCOMPARE(runCli({"datasets", "inspect"}).exitCode, 2);
        QCOMPARE(runCli({"datasets", "explode", q(f)}).exitCode, 2);
        const CliResult help = runCli({"datasets", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(ts::contains(help.out, "--marco-retrieval"));
    }

private:
    fs::path dir_;
};

QTEST_GUILESS_MAIN(TestDatasetsCli)
#include "test_datasets_cli.moc"
