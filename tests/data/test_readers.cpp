// Unit tests for the low-level readers of core/data: the RFC 4180 CSV reader
// and writer, and the strict Python-literal reader (round-tripped against
// ts::pythonRepr, which is itself checked against CPython in test_util).
#include <QtTest>

#include <random>

#include "core/data/csv.h"
#include "core/data/python_literal.h"
#include "core/util/error.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

namespace {

// Runs fn, which must throw ts::Error; returns it for inspection.
template <typename Fn>
ts::Error expectError(Fn fn) {
    try {
        fn();
    } catch (const ts::Error& e) {
        return e;
    }
    throw std::runtime_error("expected a ts::Error, nothing was thrown");
}

std::string utf8(char32_t cp) {
    std::string s;
    ts::appendUtf8(s, cp);
    return s;
}

}  // namespace

class TestReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvQuotedFieldsAndLines();
    void csvCrlfBomAndBlankLines();
    void csvErrorsNameFileAndLine();
    void csvColumnLookup();
    void csvWriterRoundTrip();
    void csvFileRoundTrip();

    void literalScalars();
    void literalContainers();
    void literalEscapes();
    void literalRefusals_data();
    void literalRefusals();
    void literalErrorOffsets();
    void literalMaxDepth();
    void literalRoundTripsPythonRepr();
    void literalPaperMessagesCell();
};

void TestReaders::csvQuotedFieldsAndLines() {
    const std::string text =
        "a,b,c\n"
        "1,\"two, with comma\",3\n"
        "\"multi\nline\nfield\",\"say \"\"hi\"\"\",\n"
        "x,,\"\"\n";
    const ts::CsvTable t = ts::parseCsv(text, "t.csv");
    QCOMPARE(t.header, (std::vector<std::string>{"a", "b", "c"}));
    QCOMPARE(t.rows.size(), std::size_t(3));
    QCOMPARE(t.rows[0], (std::vector<std::string>{"1", "two, with comma", "3"}));
    QCOMPARE(t.rows[1], (std::vector<std::string>{"multi\nline\nfield", "say \"hi\"", ""}));
    QCOMPARE(t.rows[2], (std::vector<std::string>{"x", "", ""}));
    QCOMPARE(t.rowLines, (std::vector<std::size_t>{2, 3, 6}));
    QCOMPARE(t.path, std::string("t.csv"));
}

void TestReaders::csvCrlfBomAndBlankLines() {
    const std::string text = "\xEF\xBB\xBFid,text\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n\n";
    const ts::CsvTable t = ts::parseCsv(text, "crlf.csv");
    QCOMPARE(t.header, (std::vector<std::string>{"id", "text"}));
    QCOMPARE(t.rows.size(), std::size_t(2));
    QCOMPARE(t.rows[0][1], std::string("a\r\nb"));  // verbatim inside quotes
    QCOMPARE(t.rows[1], (std::vector<std::string>{"2", "c"}));
    QCOMPARE(t.rowLines, (std::vector<std::size_t>{2, 5}));
    // No final newline is fine too.
    QCOMPARE(ts::parseCsv("a\nlast", "").rows.at(0).at(0), std::string("last"));
}

void TestReaders::csvErrorsNameFileAndLine() {
    struct Case {
        const char* text;
        std::size_t line;
        const char* fragment;
    };
    const Case cases[] = {
        {"a,b\n1,2\n3,\"open\nstill open\n", 3, "unterminated quoted field"},
        {"a,b\n1,2\n3,fo\"o\n", 3, "quote character inside an unquoted field"},
        {"a,b\n1,2\n1,2,3\n", 3, "row has 3 fields, the header has 2"},
        {"a,b\n1\n", 2, "row has 1 fields"},
        {"a,b\n1,\"x\"y\n", 2, "unexpected character after a closing quote"},
        {"a,b\n1,2\rx,y\n", 2, "carriage return"},
        {"a,b\n1,2\n\n\nok,\xff\n", 5, "invalid UTF-8"},
        {"a,a\n1,2\n", 1, "duplicate column name"},
        {"a,,c\n1,2,3\n", 1, "empty column name"},
    };
    for (const Case& c : cases) {
        const ts::Error e = expectError([&] { ts::parseCsv(c.text, "bad.csv"); });
        QVERIFY2(ts::contains(e.message(), c.fragment), e.what());
        QCOMPARE(e.where().file, std::string("bad.csv"));
        QVERIFY2(e.where().line == c.line, e.what());
    }
    const ts::Error empty = expectError([] { ts::parseCsv(" \n\n", "empty.csv"); });
    QVERIFY(ts::contains(empty.message(), "empty file"));
    QCOMPARE(empty.where().file, std::string("empty.csv"));
}

void TestReaders::csvColumnLookup() {
    const ts::CsvTable t = ts::parseCsv("index,question\n1,q\n", "c.csv");
    QCOMPARE(t.column("question"), std::size_t(1));
    QVERIFY(t.hasColumn("index"));
    QVERIFY(!t.hasColumn("answer"));
    const ts::Error e = expectError([&] { t.column("answer"); });
    QCOMPARE(e.where().key, std::string("answer"));
    QCOMPARE(e.where().file, std::string("c.csv"));
    QVERIFY(ts::contains(e.message(), "index, question"));
}

void TestReaders::csvWriterRoundTrip() {
    QCOMPARE(ts::csvRecord({"a", "b,c", "d\"e", "f\ng", "h\ri", ""}),
             std::string("a,\"b,c\",\"d\"\"e\",\"f\ng\",\"h\ri\",\n"));
    QCOMPARE(ts::csvRecord({""}), std::string("\"\"\n"));

    std::mt19937 rng(7);
    const std::string alphabet = "ab ,\"\n\r\txy'\\";
    ts::CsvTable t;
    t.header = {"one", "two", "three"};
    for (int r = 0; r < 300; ++r) {
        std::vector<std::string> row;
        for (int c = 0; c < 3; ++c) {
            std::string f;
            const int len = static_cast<int>(rng() % 12);
            for (int k = 0; k < len; ++k) f += alphabet[rng() % alphabet.size()];
            if (rng() % 5 == 0) f += "\xc3\xa9\xf0\x9f\x98\x80";
            row.push_back(f);
        }
        t.rows.push_back(row);
    }
    const ts::CsvTable back = ts::parseCsv(ts::formatCsv(t), "rt.csv");
    QCOMPARE(back.header, t.header);
    QCOMPARE(back.rows.size(), t.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) QCOMPARE(back.rows[i], t.rows[i]);

    ts::CsvTable single;
    single.header = {"only"};
    single.rows = {{""}, {"x"}, {""}};
    QCOMPARE(ts::parseCsv(ts::formatCsv(single)).rows, single.rows);
}

void TestReaders::csvFileRoundTrip() {
    const auto dir = ts::test::scratchDir("readers_csv");
    ts::CsvTable t;
    t.header = {"k", "v"};
    t.rows = {{"1", "multi\nline"}, {"2", "q\"uote"}};
    ts::writeCsv(dir / "out.csv", t);
    const ts::CsvTable back = ts::readCsv(dir / "out.csv");
    QCOMPARE(back.rows, t.rows);
    QCOMPARE(back.rowLines, (std::vector<std::size_t>{2, 4}));
    QCOMPARE(back.path, (dir / "out.csv").string());

    t.rows.push_back({"only one"});
    expectError([&] { ts::writeCsv(dir / "bad.csv", t); });
    QVERIFY(!std::filesystem::exists(dir / "bad.csv"));
    const ts::Error missing = expectError([&] { ts::readCsv(dir / "missing.csv"); });
    QVERIFY(ts::contains(missing.where().file, "missing.csv"));
}

void TestReaders::literalScalars() {
    using nlohmann::json;
    QCOMPARE(ts::parsePythonLiteral("42"), json(42));
    QCOMPARE(ts::parsePythonLiteral(" -7 "), json(-7));
    QCOMPARE(ts::parsePythonLiteral("+3"), json(3));
    QCOMPARE(ts::parsePythonLiteral("1_000"), json(1000));
    QCOMPARE(ts::parsePythonLiteral("0x1F"), json(31));
    QCOMPARE(ts::parsePythonLiteral("0o17"), json(15));
    QCOMPARE(ts::parsePythonLiteral("0b101"), json(5));
    QCOMPARE(ts::parsePythonLiteral("00"), json(0));
    QCOMPARE(ts::parsePythonLiteral("9223372036854775807"), json(INT64_MAX));
    QCOMPARE(ts::parsePythonLiteral("-9223372036854775808"), json(INT64_MIN));
    QCOMPARE(ts::parsePythonLiteral("18446744073709551615"), json(UINT64_MAX));
    QCOMPARE(ts::parsePythonLiteral("2.5").get<double>(), 2.5);
    QCOMPARE(ts::parsePythonLiteral(".5").get<double>(), 0.5);
    QCOMPARE(ts::parsePythonLiteral("5.").get<double>(), 5.0);
    QCOMPARE(ts::parsePythonLiteral("1e3").get<double>(), 1000.0);
    QCOMPARE(ts::parsePythonLiteral("-1.5E-2").get<double>(), -0.015);
    QCOMPARE(ts::parsePythonLiteral("1e400").get<double>(),
             std::numeric_limits<double>::infinity());
    QVERIFY(ts::parsePythonLiteral("1.0").is_number_float());
    QCOMPARE(ts::parsePythonLiteral("True"), json(true));
    QCOMPARE(ts::parsePythonLiteral("False"), json(false));
    QVERIFY(ts::parsePythonLiteral("None").is_null());
    QCOMPARE(ts::parsePythonLiteral("'x'"), json("x"));
    QCOMPARE(ts::parsePythonLiteral("\"it's\""), json("it's"));
    QCOMPARE(ts::parsePythonLiteral("u'uni'"), json("uni"));
    QCOMPARE(ts::parsePythonLiteral("r'a\\nb\\'c'"), json("a\\nb\\'c"));
    QCOMPARE(ts::parsePythonLiteral("''"), json(""));
}

void TestReaders::literalContainers() {
    using nlohmann::json;
    QCOMPARE(ts::parsePythonLiteral("[]"), json::array());
    QCOMPARE(ts::parsePythonLiteral("[1, 'a', None,]"), json::parse(R"([1,"a",null])"));
    QCOMPARE(ts::parsePythonLiteral("(1, 2)"), json::parse("[1,2]"));
    QCOMPARE(ts::parsePythonLiteral("(1,)"), json::parse("[1]"));
    QCOMPARE(ts::parsePythonLiteral("()"), json::array());
    QCOMPARE(ts::parsePythonLiteral("(1)"), json(1));  // grouping, not a tuple
    QCOMPARE(ts::parsePythonLiteral("{}"), json::object());
    QCOMPARE(ts::parsePythonLiteral("{'a': [1, (2, 3)], \"b\": {'c': True},}"),
             json::parse(R"({"a":[1,[2,3]],"b":{"c":true}})"));
    QCOMPARE(ts::parsePythonLiteral("{'k': 1, 'k': 2}"), json::parse(R"({"k":2})"));  // last wins
    QCOMPARE(ts::parsePythonLiteral("[\n  'a',\n\t'b'\n]"), json::parse(R"(["a","b"])"));
    QCOMPARE(ts::parsePythonStringList("['a', \"b'c\"]"), (std::vector<std::string>{"a", "b'c"}));
    QCOMPARE(ts::parsePythonString("'s'"), std::string("s"));
    const ts::Error notList = expectError([] { ts::parsePythonStringList("'a'"); });
    QVERIFY(ts::contains(notList.message(), "expected a list of str"));
    const ts::Error notStr = expectError([] { ts::parsePythonStringList("['a', 1]"); });
    QVERIFY(ts::contains(notStr.message(), "element 1"));
    expectError([] { ts::parsePythonString("['a']"); });
}

void TestReaders::literalEscapes() {
    QCOMPARE(ts::parsePythonString(R"('\\ \' \" \a\b\f\n\r\t\v')"),
             std::string("\\ ' \" \a\b\f\n\r\t\v"));
    QCOMPARE(ts::parsePythonString(R"('\xa0\x41')"), std::string("\xc2\xa0"
                                                                 "A"));
    QCOMPARE(ts::parsePythonString(R"('\u200b\u00e9')"), std::string("\xe2\x80\x8b\xc3\xa9"));
    QCOMPARE(ts::parsePythonString(R"('\U0001f600')"), std::string("\xf0\x9f\x98\x80"));
    QCOMPARE(ts::parsePythonString(R"('\0\101\7')"), std::string("\0A\a", 3));
    QCOMPARE(ts::parsePythonString("'a\\\nb'"), std::string("ab"));  // backslash-newline
    QCOMPARE(ts::parsePythonString("'L\xc3\xb6"
                                   "fdahl \xf0\x9f\x98\x80'"),
             std::string("L\xc3\xb6"
                         "fdahl \xf0\x9f\x98\x80"));
}

void TestReaders::literalRefusals_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("fragment");
    QTest::newRow("named") << QByteArray(R"('\N{EM DASH}')") << QByteArray("\\N{...}");
    QTest::newRow("unknown") << QByteArray(R"('\q')") << QByteArray("unknown escape");
    QTest::newRow("surrogate") << QByteArray(R"('\ud83d')") << QByteArray("surrogate");
    QTest::newRow("big-U") << QByteArray(R"('\U00110000')") << QByteArray("Unicode range");
    QTest::newRow("short-x") << QByteArray(R"('\x4')") << QByteArray("truncated \\x");
    QTest::newRow("set") << QByteArray("{'a', 'b'}") << QByteArray("set literals");
    QTest::newRow("bytes") << QByteArray("b'x'") << QByteArray("bytes literals");
    QTest::newRow("fstring") << QByteArray("f'x'") << QByteArray("f-strings");
    QTest::newRow("triple") << QByteArray("'''x'''") << QByteArray("triple-quoted");
    QTest::newRow("concat") << QByteArray("'a' 'b'") << QByteArray("adjacent string literals");
    QTest::newRow("concat-list") << QByteArray("['a' 'b']")
                                 << QByteArray("adjacent string literals");
    QTest::newRow("name") << QByteArray("[nan]") << QByteArray("unexpected name 'nan'");
    QTest::newRow("call") << QByteArray("__import__('os')") << QByteArray("unexpected name");
    QTest::newRow("complex") << QByteArray("3j") << QByteArray("complex");
    QTest::newRow("zeros") << QByteArray("012") << QByteArray("leading zeros");
    QTest::newRow("overflow") << QByteArray("18446744073709551616") << QByteArray("64 bits");
    QTest::newRow("neg-overflow") << QByteArray("-9223372036854775809") << QByteArray("64 bits");
    QTest::newRow("newline") << QByteArray("'a\nb'") << QByteArray("line break");
    QTest::newRow("unterminated") << QByteArray("['a', 'b") << QByteArray("unterminated string");
    QTest::newRow("open-list") << QByteArray("['a', 'b'") << QByteArray("unexpected end of text");
    QTest::newRow("empty") << QByteArray("   ") << QByteArray("empty text");
    QTest::newRow("trailing") << QByteArray("[1] x") << QByteArray("unexpected text after");
    QTest::newRow("int-key") << QByteArray("{1: 2}") << QByteArray("dict keys must be str");
    QTest::newRow("missing-colon") << QByteArray("{'a': 1, 'b'}") << QByteArray("expected ':'");
    QTest::newRow("double-comma") << QByteArray("[1,,2]") << QByteArray("unexpected character ','");
    QTest::newRow("bad-utf8") << QByteArray("'a\xff'") << QByteArray("invalid UTF-8");
    QTest::newRow("underscore") << QByteArray("1__0") << QByteArray("underscore");
    QTest::newRow("sign-name") << QByteArray("-True") << QByteArray("sign");
    QTest::newRow("expr") << QByteArray("1+2") << QByteArray("unexpected text after");
}

void TestReaders::literalRefusals() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, fragment);
    const ts::Error e = expectError([&] { ts::parsePythonLiteral(text.toStdString()); });
    QVERIFY2(ts::contains(e.message(), fragment.toStdString()), e.what());
    QVERIFY2(ts::contains(e.message(), "at character "), e.what());
}

void TestReaders::literalErrorOffsets() {
    // Offsets count code points: "é" is two bytes but one character.
    const ts::Error e = expectError([] { ts::parsePythonLiteral("['\xc3\xa9', x]"); });
    QVERIFY2(ts::contains(e.message(), "at character 6"), e.what());
    const ts::Error q = expectError([] { ts::parsePythonLiteral("['ok', 'bad\\q']"); });
    QVERIFY2(ts::contains(q.message(), "at character 11"), q.what());
}

void TestReaders::literalMaxDepth() {
    const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    QVERIFY(ts::parsePythonLiteral(nested(64)).is_array());
    const ts::Error e = expectError([&] { ts::parsePythonLiteral(nested(65)); });
    QVERIFY(ts::contains(e.message(), "nesting deeper than 64"));
    expectError([&] { ts::parsePythonLiteral(nested(3), 2); });
    // Deep input far past the limit is refused, not a stack overflow.
    expectError([&] { ts::parsePythonLiteral(std::string(100000, '(')); });
    expectError([&] { ts::parsePythonLiteral(std::string(100000, '{')); });
}

void TestReaders::literalRoundTripsPythonRepr() {
    // Code points chosen to hit every branch of repr(): both quotes, the
    // backslash, the three short escapes, \x / \u / \U escapes of
    // non-printables (NUL, DEL, NBSP, soft hyphen, ZWSP, LS, BOM, private use
    // in plane 15) and printable non-ASCII (accents, CJK, emoji).
    const std::vector<char32_t> pool = {
        'a',    'Z',     ' ',     '\'',    '"',      '\\',   '\n',   '\r',   '\t',   0x00,
        0x07,   0x1B,    0x7F,    0xA0,    0xAD,     0xE9,   0xF6,   0x200B, 0x2028, 0xFEFF,
        0x4E2D, 0x1F600, 0x1D11E, 0xF0000, 0x10FFFF, 0x3000, 0x0600, 'x',    '.',    ','};
    std::mt19937 rng(20240521);
    std::vector<std::string> all;
    for (int n = 0; n < 3000; ++n) {
        std::string s;
        const int len = static_cast<int>(rng() % 16);
        for (int k = 0; k < len; ++k) s += utf8(pool[rng() % pool.size()]);
        const std::string repr = ts::pythonRepr(s);
        const std::string back = ts::parsePythonString(repr);
        if (back != s) QFAIL(qPrintable(QString::fromStdString("round trip failed for " + repr)));
        all.push_back(s);
    }
    for (std::size_t i = 0; i + 7 <= all.size(); i += 7) {
        const std::vector<std::string> chunk(all.begin() + static_cast<long>(i),
                                             all.begin() + static_cast<long>(i + 7));
        QCOMPARE(ts::parsePythonStringList(ts::pythonReprList(chunk)), chunk);
    }
    QCOMPARE(ts::parsePythonStringList(ts::pythonReprList({})), std::vector<std::string>{});
}

void TestReaders::literalPaperMessagesCell() {
    // The shape of the paper's `messages` cells: a list of dicts whose
    // strings mix quoting styles and escapes.
    const std::string cell =
        "[{'content': \"Answer the question based on the context:\\n['It\\'s', \\\"x\\\"]\\n"
        "Question: Who? Only return the answer.\\n\", 'role': 'user'}, "
        "{'content': \"<think>label.\\nI need to use the following facts to answer the question: "
        "['a\\\\xa0b']</think> <answer>['O\\'Neil']</answer>\", 'role': 'assistant'}]";
    const nlohmann::json v = ts::parsePythonLiteral(cell);
    QCOMPARE(v.size(), std::size_t(2));
    QCOMPARE(v[0]["role"].get<std::string>(), std::string("user"));
    QCOMPARE(v[0]["content"].get<std::string>(),
             std::string("Answer the question based on the context:\n['It's', \"x\"]\n"
                         "Question: Who? Only return the answer.\n"));
    QCOMPARE(v[1]["content"].get<std::string>(),
             std::string("<think>label.\nI need to use the following facts to answer the "
                         "question: ['a\\xa0b']</think> <answer>['O'Neil']</answer>"));
}

QTEST_GUILESS_MAIN(TestReaders)
#include "test_readers.moc"
