// Unit tests of the text layers under the tokenizer: NFC (against values
// printed by CPython's unicodedata 14.0), the byte-level alphabet, lossy UTF-8
// repair, the PCRE2 pattern rewrite, and the decode(encode(x)) == x property
// over random Unicode strings.
#include <QtTest>

#include <random>

#include "core/model/tokenizer/byte_level.h"
#include "core/model/tokenizer/regex_splitter.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/unicode_nfc.h"
#include "core/util/error.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"
#include "tests/tokenizer/tiny_tokenizer.h"

namespace {

std::string utf8(std::initializer_list<char32_t> cps) {
    std::string s;
    for (char32_t c : cps) ts::appendUtf8(s, c);
    return s;
}

// Random valid UTF-8 drawn from pools that stress the pipeline: ASCII, every
// kind of whitespace, Latin-1, combining marks, Hangul jamo, CJK, emoji,
// private use, and characters the byte-level alphabet maps specially.
std::string randomText(std::mt19937& rng) {
    static const std::vector<std::pair<char32_t, char32_t>> pools = {
        {0x20, 0x7E},     {0x09, 0x0D},     {0xA0, 0xFF},       {0x300, 0x36F},   {0x1100, 0x11FF},
        {0xAC00, 0xD7A3}, {0x4E00, 0x9FFF}, {0x1F300, 0x1F64F}, {0xE000, 0xE0FF}, {0x2000, 0x206F},
        {0x85, 0x85},     {0x3000, 0x3000}, {0x10000, 0x10FFFF}};
    std::uniform_int_distribution<int> len(0, 40), pool(0, int(pools.size()) - 1);
    std::string s;
    for (int n = len(rng); n > 0; --n) {
        const auto [lo, hi] = pools[pool(rng)];
        char32_t c = std::uniform_int_distribution<char32_t>(lo, hi)(rng);
        if (c >= 0xD800 && c <= 0xDFFF) c = 'x';
        ts::appendUtf8(s, c);
    }
    return s;
}

}  // namespace

class TestTokenizerText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nfcMatchesPython_data();
    void nfcMatchesPython();
    void nfcQuickCheck();
    void byteLevelAlphabet();
    void lossyUtf8();
    void pcre2PatternRewrite();
    void regexSplitterMatches();
    void decodeEncodeRoundTripsRandomUnicode();
};

void TestTokenizerText::nfcMatchesPython_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    auto row = [](const char* name, std::string in, std::string out) {
        QTest::newRow(name) << QByteArray::fromStdString(in) << QByteArray::fromStdString(out);
    };
    // Expected values: unicodedata.normalize('NFC', input) in CPython 3.11 (Unicode 14.0).
    row("e+acute", utf8({'e', 0x301}), utf8({0xE9}));
    row("angstrom singleton", utf8({0x212B}), utf8({0xC5}));
    row("hangul LVT", utf8({0x1100, 0x1161, 0x11A8}), utf8({0xAC01}));
    row("hangul LV+T", utf8({0xAC00, 0x11A8}), utf8({0xAC01}));
    row("reorder then compose", utf8({'a', 0x301, 0x323}), utf8({0x1EA1, 0x301}));
    row("composition exclusion", utf8({0x958}), utf8({0x915, 0x93C}));
    row("non-starter decomposition", utf8({0x344}), utf8({0x308, 0x301}));
    row("precomposed + mark", utf8({0xC5, 0x301}), utf8({0x1FA}));
    row("long s dot", utf8({0x1E9B, 0x323}), utf8({0x1E9B, 0x323}));
    row("leading mark", utf8({0x301, 'a'}), utf8({0x301, 'a'}));
    row("two marks compose in turn", utf8({'a', 0x308, 0x304}), utf8({0x1DF}));
    row("kannada", utf8({0xCC6, 0xCC2, 0xCD5}), utf8({0xCCB}));
    row("canonical order", utf8({'q', 0x307, 0x323}), utf8({'q', 0x323, 0x307}));
    row("blocked hangul T", utf8({0x1100, 0x1161, 0x300, 0x11A8}), utf8({0xAC00, 0x300, 0x11A8}));
    row("kana voicing", utf8({0x3099, 0x304B, 0x3099}), utf8({0x3099, 0x304C}));
    row("ascii", "plain text 123", "plain text 123");
}

void TestTokenizerText::nfcMatchesPython() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(QByteArray::fromStdString(ts::toNfc(input.toStdString())), expected);
    QCOMPARE(QByteArray::fromStdString(ts::toNfc(expected.toStdString())), expected);  // idempotent
}

void TestTokenizerText::nfcQuickCheck() {
    QVERIFY(ts::isNfcQuickYes("ascii only"));
    QVERIFY(ts::isNfcQuickYes(utf8({0xE9, 0x6771, 0x1F680})));  // é 東 🚀 are stable
    QVERIFY(!ts::isNfcQuickYes(utf8({'e', 0x301})));
    QVERIFY(!ts::isNfcQuickYes(utf8({0x212B})));
    QCOMPARE(std::string(ts::nfcUnicodeVersion()), std::string("14.0.0"));
}

void TestTokenizerText::byteLevelAlphabet() {
    using namespace ts::byte_level;
    QCOMPARE(charForByte(' '), char32_t(0x120));   // Ġ
    QCOMPARE(charForByte('\n'), char32_t(0x10A));  // Ċ
    QCOMPARE(charForByte('a'), char32_t('a'));
    QCOMPARE(charForByte(0xAD), char32_t(0x143));  // soft hyphen, the last remapped byte
    QCOMPARE(charForByte(0xE9), char32_t(0xE9));
    for (int b = 0; b < 256; ++b) QCOMPARE(byteForChar(charForByte(std::uint8_t(b))), b);
    QCOMPARE(byteForChar(0x144), -1);
    QCOMPARE(encode(" world\n"), std::string("\xC4\xA0world\xC4\x8A"));
    QCOMPARE(decode("\xC4\xA0world").value(), std::string(" world"));
    QVERIFY(!decode("\xE4\xB8\x80").has_value());  // 一 is not a byte-level character
}

void TestTokenizerText::lossyUtf8() {
    using ts::byte_level::toValidUtf8Lossy;
    const std::string fffd = "\xEF\xBF\xBD";
    QCOMPARE(toValidUtf8Lossy("ok \xC3\xA9"), std::string("ok \xC3\xA9"));
    QCOMPARE(toValidUtf8Lossy("\xC3"), fffd);
    QCOMPARE(toValidUtf8Lossy("\xF0\x9F\x9A"), fffd);  // truncated 4-byte sequence: one U+FFFD
    QCOMPARE(toValidUtf8Lossy("\xF0\x9F\x9Ax"), fffd + "x");
    QCOMPARE(toValidUtf8Lossy("\xED\xA0\x80"),
             fffd + fffd + fffd);                         // surrogate: each byte replaced
    QCOMPARE(toValidUtf8Lossy("\xC0\xAF"), fffd + fffd);  // overlong
    QCOMPARE(toValidUtf8Lossy("\x80"), fffd);
}

void TestTokenizerText::pcre2PatternRewrite() {
    QCOMPARE(ts::toPcre2Pattern(R"(\s+(?!\S))"), std::string(R"([\s\x{85}]+(?![^\s\x{85}]))"));
    QCOMPARE(ts::toPcre2Pattern(R"([^\s\p{L}])"), std::string(R"([^\s\x{85}\p{L}])"));
    QCOMPARE(ts::toPcre2Pattern(R"(\\s[]s])"),
             std::string(R"(\\s[]s])"));  // escaped backslash, literal ]
}

void TestTokenizerText::regexSplitterMatches() {
    const ts::RegexSplitter ws(R"(\s+)");
    std::vector<std::pair<std::size_t, std::size_t>> m;
    ws.findMatches(utf8({'a', 0x85, 'b', 0x3000, 0x3000, 'c'}), m);
    QCOMPARE(m.size(), std::size_t(2));
    QCOMPARE(m[0], (std::pair<std::size_t, std::size_t>{
                       1, 3}));  // NEL counts as whitespace, as in Oniguruma
    QCOMPARE(m[1], (std::pair<std::size_t, std::size_t>{4, 10}));
    const ts::RegexSplitter contractions("(?i:'s|'ll)");
    m.clear();
    contractions.findMatches("I'LL it's", m);
    QCOMPARE(m.size(), std::size_t(2));
    QCOMPARE(m[0], (std::pair<std::size_t, std::size_t>{1, 4}));
    const ts::RegexSplitter literal("a.b", false);
    m.clear();
    literal.findMatches("axb a.b", m);
    QCOMPARE(m, (std::vector<std::pair<std::size_t, std::size_t>>{{4, 7}}));
    QVERIFY_THROWS_EXCEPTION(ts::Error, (void)ts::RegexSplitter(std::string_view("(unclosed")));
}

void TestTokenizerText::decodeEncodeRoundTripsRandomUnicode() {
    const ts::Tokenizer plain = ts::Tokenizer::fromJson(ts::test::tinyTokenizerJson().dump());
    ts::test::TinyTokenizerOptions o;
    o.nfc = true;
    o.addedTokens = {ts::test::addedToken(300, "<|end|>")};
    const ts::Tokenizer nfc = ts::Tokenizer::fromJson(ts::test::tinyTokenizerJson(o).dump());
    std::mt19937 rng(20250521);
    for (int i = 0; i < 3000; ++i) {
        std::string s = randomText(rng);
        // Added tokens are matched before normalization, so NFC applies to the
        // text on each side of one, never across it (">" + U+0338 stays apart).
        std::string normalized = ts::toNfc(s);
        if (i % 10 == 0) {
            const std::string tail = randomText(rng);
            s += "<|end|>" + tail;
            normalized += "<|end|>" + ts::toNfc(tail);
        }
        QVERIFY(ts::isValidUtf8(s));
        const std::string back = plain.decode(plain.encode(s));
        if (back != s)
            QFAIL(qPrintable("round trip failed for " + QString::fromStdString(ts::pythonRepr(s))));
        if (nfc.decode(nfc.encode(s)) != normalized)
            QFAIL(qPrintable("NFC round trip failed for " +
                             QString::fromStdString(ts::pythonRepr(s))));
    }
}

QTEST_GUILESS_MAIN(TestTokenizerText)
#include "test_tokenizer_text.moc"
