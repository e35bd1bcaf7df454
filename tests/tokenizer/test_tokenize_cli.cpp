// `tracescope-cli tokenize` end to end (a child process) on the shared Qwen3
// and Llama 3 tokenizers: --json ids, readable output, --decode,
// --stdin-jsonl in both directions, and exit codes for bad input.
#include <QtTest>

#include <QProcess>

#include "tests/common/test_support.h"

namespace {

struct CliResult {
    int exitCode = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList& args, const QByteArray& input = {}) {
    QProcess p;
    p.start(QStringLiteral(TRACESCOPE_CLI), args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString tokenizerDir(const char* name) {
    return QString::fromStdString(ts::test::sharedFile(std::string("tokenizers/") + name).string());
}

}  // namespace

class TestTokenizeCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonIds();
    void readableOutput();
    void decode();
    void stdinJsonl();
    void errors();
};

void TestTokenizeCli::jsonIds() {
    auto r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--json", "Hello world"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("{\"ids\":[9707,1879]}\n"));
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("llama3"), "--json", "<|start_header_id|>user<|end_header_id|>"});
    QCOMPARE(r.out, QByteArray("{\"ids\":[128006,882,128007]}\n"));
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("llama3"), "--json", "--no-parse-special", "<|eot_id|>"});
    QVERIFY2(!r.out.contains("128009"), r.out.constData());
}

void TestTokenizeCli::readableOutput() {
    const auto r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "Hello world"});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY2(lines.size() >= 3, r.out.constData());
    QVERIFY(lines[0].contains("9707") && lines[0].contains("'Hello'"));
    QVERIFY(lines[1].contains("1879") && lines[1].contains("\xC4\xA0world") && lines[1].contains("' world'"));
    QCOMPARE(lines[2], QByteArray("2 tokens"));
}

void TestTokenizeCli::decode() {
    auto r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--decode", "9707,1879"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("Hello world"));  // exactly, no newline added
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--decode", "--json", "[151644, 872]"});
    QCOMPARE(r.out, QByteArray("{\"text\":\"<|im_start|>user\"}\n"));
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--decode", "--skip-special-tokens", "151644 872"});
    QCOMPARE(r.out, QByteArray("user"));
}

void TestTokenizeCli::stdinJsonl() {
    auto r = runCli({"tokenize", "--tokenizer", tokenizerDir("llama3"), "--stdin-jsonl"},
                    "\"Hello world\"\n\"In 1977, 12345\"\n\"\"\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("{\"ids\":[9906,1917]}\n{\"ids\":[644,220,4468,22,11,220,4513,1774]}\n{\"ids\":[]}\n"));
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("llama3"), "--stdin-jsonl", "--decode"},
               "[9906, 1917]\n{\"ids\": [128000]}\n");
    QCOMPARE(r.out, QByteArray("{\"text\":\"Hello world\"}\n{\"text\":\"<|begin_of_text|>\"}\n"));
}

void TestTokenizeCli::errors() {
    auto r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--stdin-jsonl"}, "\"ok\"\n[1, 2]\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("<stdin>:2") && r.err.contains("expected a JSON string"), r.err.constData());
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--decode", "1,x"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3"), "--decode", "999999"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("unknown token id 999999"), r.err.constData());
    r = runCli({"tokenize", "--tokenizer", "/nonexistent/dir", "x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("/nonexistent/dir") && r.err.contains("not found"), r.err.constData());
    r = runCli({"tokenize", "--tokenizer", tokenizerDir("qwen3")});
    QCOMPARE(r.exitCode, 2);
}

TS_DATA_TEST_MAIN(TestTokenizeCli)
#include "test_tokenize_cli.moc"
