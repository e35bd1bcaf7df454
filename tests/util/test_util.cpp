// Unit tests for core/util (text helpers, Python repr, file access, errors)
// and core/jobs (progress sinks and cancellation).
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "core/jobs/progress.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

class TestUtil : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pythonReprMatchesCPython_data();
    void pythonReprMatchesCPython();
    void pythonReprList();
    void utf8Validation();
    void errorFormatting();
    void readFileErrors();
    void lineReaderCountsAndLimits();
    void inputFilesAreCheckedBeforeReading();
    void untrustedJsonIsBoundedAndLocated();
    void atomicWriteReplaces();
    void progressStagesAndCancel();
};

void TestUtil::pythonReprMatchesCPython_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    // Expected values printed by CPython 3.11 repr().
    QTest::newRow("plain") << QByteArray("abc") << QByteArray("'abc'");
    QTest::newRow("single") << QByteArray("it's") << QByteArray("\"it's\"");
    QTest::newRow("double") << QByteArray("say \"hi\"") << QByteArray("'say \"hi\"'");
    QTest::newRow("both") << QByteArray("both ' and \"") << QByteArray("'both \\' and \"'");
    QTest::newRow("controls") << QByteArray("tab\there\nnl") << QByteArray("'tab\\there\\nnl'");
    QTest::newRow("nbsp") << QByteArray("nbsp\xc2\xa0x") << QByteArray("'nbsp\\xa0x'");
    QTest::newRow("latin") << QByteArray("L\xc3\xb6" "fdahl") << QByteArray("'L\xc3\xb6" "fdahl'");
    QTest::newRow("backslash") << QByteArray("back\\slash") << QByteArray("'back\\\\slash'");
    QTest::newRow("zwsp") << QByteArray("zw\xe2\x80\x8bsp") << QByteArray("'zw\\u200bsp'");
    QTest::newRow("emoji") << QByteArray("emoji \xf0\x9f\x98\x80") << QByteArray("'emoji \xf0\x9f\x98\x80'");
    QTest::newRow("bell") << QByteArray("ctl\x07") << QByteArray("'ctl\\x07'");
    QTest::newRow("del") << QByteArray("del\x7f") << QByteArray("'del\\x7f'");
    QTest::newRow("softhyphen") << QByteArray("soft\xc2\xadhy") << QByteArray("'soft\\xadhy'");
    QTest::newRow("linesep") << QByteArray("ls\xe2\x80\xa8x") << QByteArray("'ls\\u2028x'");
}

void TestUtil::pythonReprMatchesCPython() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const std::string got = ts::pythonRepr(input.toStdString());
    QCOMPARE(QByteArray::fromStdString(got), expected);
}

void TestUtil::pythonReprList() {
    QCOMPARE(ts::pythonReprList({}), std::string("[]"));
    QCOMPARE(ts::pythonReprList({"a", "b'c"}), std::string("['a', \"b'c\"]"));
}

void TestUtil::utf8Validation() {
    QVERIFY(ts::isValidUtf8("plain ascii"));
    QVERIFY(ts::isValidUtf8("L\xc3\xb6" "fdahl \xf0\x9f\x98\x80"));
    QCOMPARE(ts::firstInvalidUtf8("ab\xff"), std::optional<std::size_t>(2));
    QVERIFY(!ts::isValidUtf8("\xc0\xaf"));          // overlong '/'
    QVERIFY(!ts::isValidUtf8("\xed\xa0\x80"));      // surrogate
    QVERIFY(!ts::isValidUtf8("\xe2\x82"));          // truncated
    std::string s;
    ts::appendUtf8(s, 0x1F600);
    std::size_t i = 0;
    QCOMPARE(static_cast<unsigned>(ts::decodeUtf8(s, i)), 0x1F600u);
    QCOMPARE(i, s.size());
}

void TestUtil::errorFormatting() {
    ts::Error e("expected a string", {"data.jsonl", 12, "question"});
    QCOMPARE(std::string(e.what()), std::string("data.jsonl:12: key 'question': expected a string"));
    ts::Error inner("bad literal", {"", 0, "facts"});
    QCOMPARE(std::string(inner.located("x.csv", 3).what()), std::string("x.csv:3: key 'facts': bad literal"));
    QCOMPARE(std::string(ts::Error("boom").what()), std::string("boom"));
}

void TestUtil::readFileErrors() {
    const auto dir = ts::test::scratchDir("util_read");
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile(dir / "missing.txt"));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile(dir));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile("/dev/zero"));
    const auto f = ts::test::writeText(dir / "ten.txt", "0123456789");
    QCOMPARE(ts::readFile(f), std::string("0123456789"));
    try {
        ts::readFile(f, 4);
        QFAIL("limit not enforced");
    } catch (const ts::Error& e) {
        QVERIFY(std::string(e.what()).find("ten.txt") != std::string::npos);
    }
}

void TestUtil::lineReaderCountsAndLimits() {
    const auto dir = ts::test::scratchDir("util_lines");
    const auto f = ts::test::writeText(dir / "l.txt", std::string("one\r\ntwo\n\nfour with \0 nul\nlast", 30));
    ts::LineReader r(f);
    std::string line;
    std::vector<std::string> got;
    while (r.next(line)) got.push_back(line);
    QCOMPARE(got.size(), std::size_t(5));
    QCOMPARE(got[0], std::string("one"));
    QCOMPARE(got[2], std::string(""));
    QCOMPARE(got[3].size(), std::size_t(15));  // the NUL byte is kept, not a cut line
    QCOMPARE(got[4], std::string("last"));
    QCOMPARE(r.lineNumber(), std::size_t(5));

    const auto big = ts::test::writeText(dir / "big.txt", "short\n" + std::string(5000, 'x') + "\n");
    ts::LineReader limited(big, 1000);
    QVERIFY(limited.next(line));
    try {
        limited.next(line);
        QFAIL("long line accepted");
    } catch (const ts::Error& e) {
        QCOMPARE(e.where().line, std::size_t(2));
        QVERIFY(e.where().file.find("big.txt") != std::string::npos);
    }
}

// A FIFO would block open() until a writer came; a sparse file over the
// limit would be read for seconds. Both must be refused at once, naming the
// file, the kind of file and the limit.
void TestUtil::inputFilesAreCheckedBeforeReading() {
    const auto dir = ts::test::scratchDir("util_inputs");
    const auto fifo = dir / "pipe.jsonl";
    QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
    const auto start = std::chrono::steady_clock::now();
    try {
        ts::LineReader r(fifo);
        QFAIL("FIFO opened");
    } catch (const ts::Error& e) {
        QVERIFY2(ts::contains(e.message(), "named pipe"), e.what());
        QCOMPARE(e.where().file, fifo.string());
    }
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile(fifo));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::openInputFile(fifo, ts::kDatasetFileLimit));

    const auto sparse = dir / "huge.json";
    const int fd = ::open(sparse.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    QVERIFY(fd >= 0);
    QCOMPARE(::ftruncate(fd, off_t(ts::kDatasetFileLimit.bytes + 1)), 0);
    ::close(fd);
    try {
        ts::LineReader r(sparse);
        QFAIL("over-limit file opened");
    } catch (const ts::Error& e) {
        QVERIFY2(
            ts::contains(e.message(), "over the 1.0 GiB limit for dataset and predictions files"),
            e.what());
    }
    try {
        ts::readFile(sparse, ts::kTokenizerFileLimit);
        QFAIL("over-limit file read");
    } catch (const ts::Error& e) {
        QVERIFY2(ts::contains(e.message(), "256.0 MiB limit for tokenizer files"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile(sparse));  // the default limit, 1 GiB
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QVERIFY2(seconds < 1.0, qPrintable(QString::number(seconds)));

    const auto ten = ts::test::writeText(dir / "ten.txt", "0123456789");
    QCOMPARE(ts::requireInputFile(ten, ts::kConfigFileLimit), std::uint64_t(10));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::readFile(ten, ts::FileSizeLimit{9, "tests"}));
}

void TestUtil::untrustedJsonIsBoundedAndLocated() {
    const auto nested = [](std::size_t depth) {
        return std::string(depth, '[') + std::string(depth, ']');
    };
    QVERIFY(!ts::jsonDepthExceededAt(nested(ts::kMaxJsonDepth)));
    QCOMPARE(ts::jsonDepthExceededAt(nested(ts::kMaxJsonDepth + 1)),
             std::optional<std::size_t>(ts::kMaxJsonDepth));
    // Brackets inside strings (escaped quotes included) are text.
    QVERIFY(!ts::jsonDepthExceededAt("[\"" + std::string(1000, '[') + "\\\"\"]", 4));
    QVERIFY(ts::parseJsonChecked(nested(ts::kMaxJsonDepth), "f.json").is_array());

    const std::string deep = "{\"a\": 1}\n{\"b\": " + nested(1'000'000) + "}";
    try {
        ts::parseJsonChecked(deep, "deep.jsonl", 7);
        QFAIL("deep JSON parsed");
    } catch (const ts::Error& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("deep.jsonl:8: JSON nested deeper than 256 levels"));
    }
    try {  // nlohmann reports this one as out_of_range, not parse_error
        ts::parseJsonChecked("{\"a\": 1,\n \"index\": 1e400}", "huge.json");
        QFAIL("1e400 parsed");
    } catch (const ts::Error& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("huge.json:2: invalid JSON: number overflow parsing '1e400'"));
    }
    try {
        ts::parseOrderedJsonChecked("[1,\n2,\n}", "cut.json");
        QFAIL("syntax error parsed");
    } catch (const ts::Error& e) {
        QCOMPARE(e.where().line, std::size_t(3));
        QVERIFY2(ts::contains(e.message(), "invalid JSON: syntax error"), e.what());
    }
}

void TestUtil::atomicWriteReplaces() {
    const auto dir = ts::test::scratchDir("util_atomic");
    const auto f = dir / "out.txt";
    ts::writeFileAtomic(f, "first");
    ts::writeFileAtomic(f, "second");
    QCOMPARE(ts::readFile(f), std::string("second"));
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    QCOMPARE(files, 1);  // no temporary left behind
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::writeFileAtomic(dir / "no" / "such" / "dir.txt", "x"));
}

void TestUtil::progressStagesAndCancel() {
    std::vector<ts::Progress> seen;
    ts::CancelToken token;
    ts::ProgressSink sink([&](const ts::Progress& p) { seen.push_back(p); return true; }, token);
    auto second = sink.stage(0.5, 1.0);
    second.report(0.5, "halfway through stage two");
    QCOMPARE(seen.size(), std::size_t(1));
    QCOMPARE(seen[0].fraction, 0.75);
    QCOMPARE(seen[0].message, std::string("halfway through stage two"));
    token.request();
    QVERIFY_THROWS_EXCEPTION(ts::Cancelled, second.report(0.9, "x"));
    QVERIFY(sink.cancelled());

    ts::ProgressSink refusing([](const ts::Progress&) { return false; });
    QVERIFY_THROWS_EXCEPTION(ts::Cancelled, refusing.report(0.1, "stop me"));
    QVERIFY(refusing.cancelled());
}

QTEST_GUILESS_MAIN(TestUtil)
#include "test_util.moc"
