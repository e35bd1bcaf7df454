// Import errors on the paper's files (../shared/data): every bad input is a
// ts::Error naming the file (and line), raised before the project is touched,
// and the CLI turns them into exit code 1 (2 for usage errors) without
// creating a project. Also runs `import` and `tables` end to end.
#include <QtTest>

#include <QProcess>

#include <fstream>

#include "core/data/csv.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/store/run_import.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"

namespace {

namespace fs = std::filesystem;
using ts::store::ImportFormat;
using ts::store::ImportPairSpec;

const std::string kAdapter = "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default";

fs::path predictions(const std::string& cls) {
    return ts::test::sharedFile("trace_check_qa_results/evaluation_outputs/" + cls + "/" + kAdapter + ".json");
}
fs::path gold(const std::string& cls) {
    return ts::test::sharedFile("cotempqa/sft_dataset_reasoning_with_facts_chat_template/" + cls + "_test.csv");
}

// Expects readImportPairs to throw a ts::Error mentioning `needle` and `file`.
void expectReadError(ImportFormat format, ts::DatasetKind kind, const ImportPairSpec& spec,
                     const std::string& needle, const fs::path& file) {
    try {
        ts::store::readImportPairs(format, kind, {spec});
        QFAIL("no error");
    } catch (const ts::Error& e) {
        const std::string text = ts::formatError(e.message(), e.where());
        QVERIFY2(text.find(needle) != std::string::npos, text.c_str());
        QVERIFY2(text.find(file.filename().string()) != std::string::npos, text.c_str());
    }
}

struct CliResult {
    int exitCode = -1;
    QString out, err;
};

CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TRACESCOPE_CLI), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString pairArg(const fs::path& p, const fs::path& g) {
    return QString::fromStdString(p.string() + ":" + g.string());
}

}  // namespace

class TestImportErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readerErrorsNameTheFile();
    void cliImportAndTables();
    void cliErrorsLeaveNoProject();
};

void TestImportErrors::readerErrorsNameTheFile() {
    const fs::path dir = ts::test::scratchDir("import_errors");
    // Wrong pairing: the equal predictions against the overlap gold rows.
    expectReadError(ImportFormat::TraceCheckQa, ts::DatasetKind::CoTempQA, {predictions("equal"), gold("overlap")}, "",
                    predictions("equal"));

    // A malformed JSON line (line 3 cut short).
    {
        std::ifstream in(predictions("equal"));
        std::ofstream out(dir / "broken.json");
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) out << (n == 3 ? line.substr(0, line.size() / 2) : line) << '\n';
    }
    expectReadError(ImportFormat::TraceCheckQa, ts::DatasetKind::CoTempQA, {dir / "broken.json", gold("equal")}, ":3",
                    dir / "broken.json");

    // A missing gold row: the gold CSV without its 10th row.
    ts::CsvTable table = ts::readCsv(gold("equal"));
    table.rows.erase(table.rows.begin() + 9);
    table.rowLines.clear();
    ts::writeCsv(dir / "equal_test.csv", table);
    expectReadError(ImportFormat::TraceCheckQa, ts::DatasetKind::CoTempQA, {predictions("equal"), dir / "equal_test.csv"},
                    "", predictions("equal"));

    // A gold file of another dataset kind, and predictions of the other format.
    const fs::path babiGold = ts::test::sharedFile(
        "trace_check_qa_babiqa/data/babiqa/sft_dataset_reasoning_with_facts_chat_template/test.csv");
    expectReadError(ImportFormat::TraceCheckQa, ts::DatasetKind::CoTempQA, {predictions("equal"), babiGold},
                    "holds a babi dataset, but the import is for cotempqa", babiGold);
    expectReadError(ImportFormat::Jsonl, ts::DatasetKind::CoTempQA, {predictions("equal"), gold("equal")},
                    "import format is jsonl", predictions("equal"));
    QVERIFY(!ts::store::parseImportFormat("csv"));
}

void TestImportErrors::cliImportAndTables() {
    const fs::path project = ts::test::scratchDir("cli_import") / "cli.tsproj";
    const QString p = QString::fromStdString(project.string());
    auto r = runCli({"import", "--project", p, "--format", "trace-check-qa", "--dataset", "cotempqa", "--run",
                     "llama-facts", "--model", "Llama-3.2-1B-Instruct", "--seed", "121", "--pair",
                     pairArg(predictions("equal"), gold("equal")), "--pair", pairArg(predictions("mix"), gold("mix"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("imported run 'llama-facts'") && r.out.contains("200 predictions"), qPrintable(r.out));

    // The same run name again is refused and changes nothing.
    r = runCli({"import", "--project", p, "--format", "trace-check-qa", "--dataset", "cotempqa", "--run",
                "llama-facts", "--pair", pairArg(predictions("overlap"), gold("overlap"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already has a run named 'llama-facts'"), qPrintable(r.err));

    r = runCli({"tables", "--project", p, "--run", "llama-facts", "--rule", "legacy", "--format", "json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["items"].get<long long>(), 200LL);
    QCOMPARE(json["rule"].get<std::string>(), std::string("legacy"));
    QCOMPARE(json["tables"].size(), std::size_t(3));
    const auto& trace = json["tables"][2];
    QCOMPARE(trace["n"].get<long long>() + trace["excluded"].get<long long>(), 200LL);
    for (const char* f : {"csv", "markdown", "latex"}) {
        r = runCli({"tables", "--project", p, "--run", "llama-facts", "--format", f});
        QVERIFY2(r.exitCode == 0 && r.out.contains("trace"), qPrintable(r.err));
    }
    auto opened = ts::store::Project::open(project.string());
    QCOMPARE(ts::store::runSummary(opened, "llama-facts").seed, std::optional<long long>(121));

    r = runCli({"tables", "--project", p, "--run", "nope"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no run named 'nope'"), qPrintable(r.err));
    r = runCli({"tables", "--project", p, "--run", "llama-facts", "--format", "xml"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"tables", "--help"});
    QCOMPARE(r.exitCode, 0);
}

void TestImportErrors::cliErrorsLeaveNoProject() {
    const fs::path project = ts::test::scratchDir("cli_import_errors") / "never.tsproj";
    const QString p = QString::fromStdString(project.string());
    auto r = runCli({"import", "--project", p, "--format", "parquet", "--dataset", "cotempqa", "--run", "x", "--pair",
                     pairArg(predictions("equal"), gold("equal"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown --format 'parquet'"), qPrintable(r.err));
    r = runCli({"import", "--project", p, "--format", "trace-check-qa", "--dataset", "cotempqa", "--run", "x",
                "--pair", pairArg(predictions("equal"), gold("during"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QString::fromStdString(predictions("equal").filename().string())), qPrintable(r.err));
    QVERIFY(!fs::exists(project));

    // Not a project: a clear error, and the file is left alone.
    const auto text = ts::test::writeText(project.parent_path() / "notes.tsproj", "hello\n");
    r = runCli({"tables", "--project", QString::fromStdString(text.string()), "--run", "x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("not a TraceScope project"), qPrintable(r.err));
}

TS_DATA_TEST_MAIN(TestImportErrors)
#include "test_import_errors.moc"
