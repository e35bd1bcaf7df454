// Unit tests of ts::Tokenizer on hand-made tiny tokenizers: the merge loop,
// both merge spellings, ignore_merges, added-token flags, NFC, the
// post-processor, decoding, the word cache, and the errors for unsupported
// tokenizer.json features.
#include <QtTest>

#include <thread>

#include "core/model/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/tokenizer/tiny_tokenizer.h"

using ts::test::addedToken;
using ts::test::tinyTokenizerJson;
using ts::test::TinyTokenizerOptions;
using Ids = std::vector<std::int32_t>;

namespace {

ts::Tokenizer tiny(const TinyTokenizerOptions& o = {}) {
    return ts::Tokenizer::fromJson(tinyTokenizerJson(o).dump());
}

// The error message of loading json, or "" when it loads.
std::string loadError(const nlohmann::json& json) {
    try {
        ts::Tokenizer::fromJson(json.dump(), "tiny.json");
    } catch (const ts::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesApplyInRankOrder();
    void mergeStringAndPairFormsAgree();
    void ignoreMergesEmitsWholeVocabularyWords();
    void addedTokensSplitBeforeBpe();
    void addedTokenStripAndSingleWordFlags();
    void normalizedAddedTokensMatchAfterNfc();
    void nfcNormalizerComposes();
    void templatePostProcessorAddsBos();
    void decodeIsByteLevelAndLossy();
    void decodeSkipsSpecialTokens();
    void tokenLookups();
    void wordCacheIsBoundedAndTransparent();
    void concurrentEncodingAgrees();
    void invalidUtf8IsRejected();
    void unsupportedFeaturesNameTheKey_data();
    void unsupportedFeaturesNameTheKey();
    void badMergesNameTheMerge();
    void writerRoundTrips();
};

void TestTokenizer::mergesApplyInRankOrder() {
    const ts::Tokenizer t = tiny();
    QCOMPARE(t.encode("hello"), (Ids{ts::test::kHello}));
    // " world": Ġw (rank 4) before or (5), then Ġw+or (6); "l", "d" stay bytes.
    QCOMPARE(t.encode("hello world"), (Ids{ts::test::kHello, ts::test::kSpaceWor, 'l', 'd'}));
    // Equal pairs merge left to right.
    QCOMPARE(t.encode("aaa"), (Ids{ts::test::kAa, 'a'}));
    QCOMPARE(t.encode("aaaa"), (Ids{ts::test::kAa, ts::test::kAa}));
    // "hell" needs he + ll; "helo" only gets he.
    QCOMPARE(t.encode("helo"), (Ids{ts::test::kHe, 'l', 'o'}));
    // The pre-tokenizer keeps digits in groups of three and splits punctuation.
    QCOMPARE(t.encode("12345!"), (Ids{'1', '2', '3', '4', '5', '!'}));
    QCOMPARE(t.encode(""), Ids{});
}

void TestTokenizer::mergeStringAndPairFormsAgree() {
    TinyTokenizerOptions strings;
    strings.mergesAsStrings = true;
    const ts::Tokenizer a = tiny(), b = tiny(strings);
    for (const char* text : {"hello world", "aaaaa", "well, hello there\n"})
        QCOMPARE(a.encode(text), b.encode(text));
}

void TestTokenizer::ignoreMergesEmitsWholeVocabularyWords() {
    TinyTokenizerOptions o;
    o.extraVocab = {{"Ġworld", 300}};
    QCOMPARE(tiny(o).encode(" world"), (Ids{ts::test::kSpaceWor, 'l', 'd'}));
    o.ignoreMerges = true;
    QCOMPARE(tiny(o).encode(" world"), (Ids{300}));
    QCOMPARE(tiny(o).encode(" worlds"), (Ids{ts::test::kSpaceWor, 'l', 'd', 's'}));
}

void TestTokenizer::addedTokensSplitBeforeBpe() {
    TinyTokenizerOptions o;
    o.addedTokens = {addedToken(300, "<|end|>")};
    const ts::Tokenizer t = tiny(o);
    QCOMPARE(t.encode("hello<|end|>"), (Ids{ts::test::kHello, 300}));
    QCOMPARE(t.encode("<|end|><|end|>he"), (Ids{300, 300, ts::test::kHe}));
    ts::EncodeOptions literal;
    literal.parseSpecialTokens = false;
    // As text: "<|" and "|>" are punctuation runs, "end" a word.
    QCOMPARE(t.encode("<|end|>", literal), (Ids{'<', '|', 'e', 'n', 'd', '|', '>'}));
}

void TestTokenizer::addedTokenStripAndSingleWordFlags() {
    {
        TinyTokenizerOptions o;
        o.addedTokens = {addedToken(300, "<mask>", true, /*lstrip*/ true)};
        QCOMPARE(tiny(o).encode("a <mask> b"), (Ids{'a', 300, ' ', 'b'}));
    }
    {
        TinyTokenizerOptions o;
        o.addedTokens = {addedToken(300, "<mask>", true, false, /*rstrip*/ true)};
        QCOMPARE(tiny(o).encode("a <mask> b"), (Ids{'a', ' ', 300, 'b'}));
    }
    {
        TinyTokenizerOptions o;
        o.addedTokens = {addedToken(300, "hi", false, false, false, /*singleWord*/ true)};
        const ts::Tokenizer t = tiny(o);
        QCOMPARE(t.encode("hi there"), (Ids{300, ' ', 't', ts::test::kHe, 'r', 'e'}));
        QCOMPARE(t.encode("this"), (Ids{'t', 'h', 'i', 's'}));
    }
    {
        // Leftmost-longest: "<a>" and "<a><b>" both start at 0; the longer wins.
        TinyTokenizerOptions o;
        o.addedTokens = {addedToken(300, "<a>"), addedToken(301, "<a><b>")};
        QCOMPARE(tiny(o).encode("<a><b><a>"), (Ids{301, 300}));
    }
}

void TestTokenizer::normalizedAddedTokensMatchAfterNfc() {
    const std::string decomposed = "e\xCC\x81";  // e + COMBINING ACUTE ACCENT
    TinyTokenizerOptions o;
    o.nfc = true;
    o.addedTokens = {addedToken(300, "\xC3\xA9", false, false, false, false, /*normalized*/ true)};
    QCOMPARE(tiny(o).encode(decomposed), (Ids{300}));
    o.addedTokens = {addedToken(300, "\xC3\xA9", false, false, false, false, /*normalized*/ false)};
    QCOMPARE(tiny(o).encode(decomposed), (Ids{0xC3, 0xA9}));  // no raw match; NFC then bytes
}

void TestTokenizer::nfcNormalizerComposes() {
    const std::string decomposed = "e\xCC\x81";
    QCOMPARE(tiny().encode(decomposed), (Ids{'e', 0xCC, 0x81}));
    TinyTokenizerOptions o;
    o.nfc = true;
    const ts::Tokenizer t = tiny(o);
    QCOMPARE(t.encode(decomposed), (Ids{0xC3, 0xA9}));
    QCOMPARE(t.decode(t.encode(decomposed)), std::string("\xC3\xA9"));
}

void TestTokenizer::templatePostProcessorAddsBos() {
    TinyTokenizerOptions o;
    o.addedTokens = {addedToken(300, "<s>"), addedToken(301, "</s>")};
    o.postProcessor = {{"type", "TemplateProcessing"},
                       {"single",
                        {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                         {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                         {{"SpecialToken", {{"id", "</s>"}, {"type_id", 0}}}}}},
                       {"pair", nlohmann::json::array()},
                       {"special_tokens",
                        {{"<s>", {{"id", "<s>"}, {"ids", {300}}, {"tokens", {"<s>"}}}},
                         {"</s>", {{"id", "</s>"}, {"ids", {301}}, {"tokens", {"</s>"}}}}}}};
    const ts::Tokenizer t = tiny(o);
    ts::EncodeOptions with;
    with.addSpecialTokens = true;
    QCOMPARE(t.encode("he", with), (Ids{300, ts::test::kHe, 301}));
    QCOMPARE(t.encode("he"), (Ids{ts::test::kHe}));
}

void TestTokenizer::decodeIsByteLevelAndLossy() {
    const ts::Tokenizer t = tiny();
    QCOMPARE(t.decode(Ids{ts::test::kHello, ts::test::kSpaceWor, 'l', 'd'}),
             std::string("hello world"));
    // Half of "é" (0xC3 0xA9) is not UTF-8: one replacement character, as HF's from_utf8_lossy.
    QCOMPARE(t.decode(Ids{0xC3}), std::string("\xEF\xBF\xBD"));
    QCOMPARE(t.decode(Ids{0xC3, 0xA9}), std::string("\xC3\xA9"));
    QCOMPARE(t.decode(Ids{0xE6, 0x9D, 'a'}), std::string("\xEF\xBF\xBD"
                                                         "a"));  // truncated 3-byte sequence
    QCOMPARE(t.tokenBytes(ts::test::kSpaceW), std::string_view(" w"));
    QVERIFY_THROWS_EXCEPTION(ts::Error, t.decode(Ids{99999}));
}

void TestTokenizer::decodeSkipsSpecialTokens() {
    TinyTokenizerOptions o;
    o.addedTokens = {addedToken(300, "<|end|>", true), addedToken(301, "<tool>", false)};
    const ts::Tokenizer t = tiny(o);
    const Ids ids = t.encode("he<tool><|end|>");
    QCOMPARE(ids, (Ids{ts::test::kHe, 301, 300}));
    QCOMPARE(t.decode(ids), std::string("he<tool><|end|>"));
    ts::DecodeOptions skip;
    skip.skipSpecialTokens = true;
    QCOMPARE(t.decode(ids, skip), std::string("he<tool>"));
}

void TestTokenizer::tokenLookups() {
    TinyTokenizerOptions o;
    o.addedTokens = {addedToken(300, "<|end|>")};
    const ts::Tokenizer t = tiny(o);
    QCOMPARE(t.idToToken(ts::test::kSpaceWor).value(), std::string("\xC4\xA0wor"));  // "Ġwor"
    QCOMPARE(t.idToToken(300).value(), std::string("<|end|>"));
    QCOMPARE(t.tokenToId("<|end|>").value(), 300);
    QCOMPARE(t.tokenToId("hello").value(), int(ts::test::kHello));
    QVERIFY(!t.tokenToId("nope").has_value());
    QVERIFY(!t.idToToken(299).has_value());
    QCOMPARE(t.vocabSize(), std::size_t(301));
    QVERIFY(t.isSpecialToken(300));
    QVERIFY(!t.isSpecialToken(ts::test::kHello));
}

void TestTokenizer::wordCacheIsBoundedAndTransparent() {
    ts::Tokenizer t = tiny();
    std::string text;
    for (int i = 0; i < 2000; ++i) text += " w" + std::to_string(i * 7919) + "hello";
    const Ids cached = t.encode(text);
    const Ids again = t.encode(text);
    const auto stats = t.wordCacheStats();
    QVERIFY(stats.hits > 0);
    QVERIFY(stats.entries <= ts::Tokenizer::kDefaultWordCacheCapacity);
    t.setWordCacheCapacity(32);
    QCOMPARE(t.encode(text), cached);
    QVERIFY(t.wordCacheStats().entries <= 32);
    t.setWordCacheCapacity(0);
    QCOMPARE(t.encode(text), cached);
    QCOMPARE(t.wordCacheStats().entries, std::size_t(0));
    QCOMPARE(again, cached);
}

void TestTokenizer::concurrentEncodingAgrees() {
    const ts::Tokenizer t = tiny();
    std::vector<std::string> texts;
    for (int i = 0; i < 200; ++i)
        texts.push_back("hello world " + std::to_string(i) + " aaaa hell" +
                        std::string(i % 7, 'l'));
    std::vector<Ids> expected;
    for (const auto& s : texts) expected.push_back(tiny().encode(s));
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&] {
            for (int round = 0; round < 20; ++round)
                for (std::size_t i = 0; i < texts.size(); ++i)
                    if (t.encode(texts[i]) != expected[i]) ++mismatches;
        });
    for (auto& th : threads) th.join();
    QCOMPARE(mismatches.load(), 0);
}

void TestTokenizer::invalidUtf8IsRejected() {
    const ts::Tokenizer t = tiny();
    try {
        t.encode("ok\xC3(");
        QFAIL("invalid UTF-8 was accepted");
    } catch (const ts::Error& e) {
        QVERIFY2(std::string(e.what()).find("byte offset 2") != std::string::npos, e.what());
    }
}

void TestTokenizer::unsupportedFeaturesNameTheKey_data() {
    QTest::addColumn<QByteArray>("patch");  // JSON merge patch applied to the tiny tokenizer
    QTest::addColumn<QString>("key");
    QTest::newRow("unigram") << QByteArray(R"({"model": {"type": "Unigram"}})") << "model.type";
    QTest::newRow("wordpiece") << QByteArray(R"({"model": {"type": "WordPiece"}})") << "model.type";
    QTest::newRow("lowercase") << QByteArray(R"({"normalizer": {"type": "Lowercase"}})")
                               << "normalizer.type";
    QTest::newRow("nfkc in sequence")
        << QByteArray(R"({"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFKC"}]}})")
        << "normalizer.normalizers[0].type";
    QTest::newRow("whitespace") << QByteArray(R"({"pre_tokenizer": {"type": "Whitespace"}})")
                                << "pre_tokenizer.type";
    QTest::newRow("no bytelevel")
        << QByteArray(
               R"({"pre_tokenizer": {"type": "Split", "pattern": {"Regex": "\\s"}, "behavior": "Isolated"}})")
        << "pre_tokenizer";
    QTest::newRow("wordpiece decoder")
        << QByteArray(R"({"decoder": {"type": "WordPiece"}})") << "decoder.type";
    QTest::newRow("bert processing")
        << QByteArray(R"({"post_processor": {"type": "BertProcessing"}})") << "post_processor.type";
    QTest::newRow("truncation") << QByteArray(R"({"truncation": {"max_length": 8}})")
                                << "truncation";
    QTest::newRow("byte fallback")
        << QByteArray(R"({"model": {"byte_fallback": true}})") << "model.byte_fallback";
    QTest::newRow("dropout") << QByteArray(R"({"model": {"dropout": 0.1}})") << "model.dropout";
    QTest::newRow("suffix") << QByteArray(R"({"model": {"end_of_word_suffix": "</w>"}})")
                            << "model.end_of_word_suffix";
    QTest::newRow("bad regex")
        << QByteArray(
               R"({"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "(["}, "behavior": "Isolated"}, {"type": "ByteLevel"}]}})")
        << "pre_tokenizer (step 0)";
}

void TestTokenizer::unsupportedFeaturesNameTheKey() {
    QFETCH(QByteArray, patch);
    QFETCH(QString, key);
    nlohmann::json json = tinyTokenizerJson();
    json.merge_patch(nlohmann::json::parse(patch.toStdString()));
    const std::string error = loadError(json);
    QVERIFY2(!error.empty(), "an unsupported tokenizer.json loaded without error");
    QVERIFY2(error.find("tiny.json") != std::string::npos, error.c_str());
    QVERIFY2(error.find("key '" + key.toStdString() + "'") != std::string::npos, error.c_str());
}

void TestTokenizer::badMergesNameTheMerge() {
    nlohmann::json json = tinyTokenizerJson();
    json["model"]["merges"][2] = {"he", "missing"};
    std::string error = loadError(json);
    QVERIFY2(error.find("model.merges[2]") != std::string::npos, error.c_str());
    json = tinyTokenizerJson();
    json["model"]["merges"][1] = "h e x";
    error = loadError(json);
    QVERIFY2(error.find("model.merges[1]") != std::string::npos, error.c_str());
    json = tinyTokenizerJson();
    json["model"]["merges"][3] = 5;
    error = loadError(json);
    QVERIFY2(error.find("model.merges[3]") != std::string::npos, error.c_str());
    json = tinyTokenizerJson();
    json["model"]["vocab"]["x"] = "not an id";
    error = loadError(json);
    QVERIFY2(error.find("key 'model.vocab'") != std::string::npos, error.c_str());
    try {
        ts::Tokenizer::fromJson("{\"model\": [1, 2", "broken.json");
        QFAIL("truncated JSON loaded");
    } catch (const ts::Error& e) {
        QVERIFY2(std::string(e.what()).find("broken.json: not valid JSON at byte") != std::string::npos, e.what());
    }
    json = tinyTokenizerJson();
    json["model"]["vocab"].erase("hello");
    error = loadError(json);
    QVERIFY2(error.find("merge result 'hello'") != std::string::npos, error.c_str());
    // Ids size the id-indexed tables: one past kMaxTokenId is refused, in the
    // vocabulary and among the added tokens (INT32_MAX once overflowed).
    json = tinyTokenizerJson();
    json["model"]["vocab"]["zz"] = ts::kMaxTokenId + 1;
    error = loadError(json);
    QVERIFY2(error.find("key 'model.vocab'") != std::string::npos &&
                 error.find("supported maximum") != std::string::npos,
             error.c_str());
    json = tinyTokenizerJson();
    json["added_tokens"] =
        nlohmann::json::array({{{"id", 2147483647}, {"content", "<|x|>"}, {"special", true}}});
    error = loadError(json);
    QVERIFY2(error.find("added_tokens[0].id") != std::string::npos &&
                 error.find("supported maximum") != std::string::npos,
             error.c_str());
}

void TestTokenizer::writerRoundTrips() {
    TinyTokenizerOptions o;
    o.nfc = true;
    o.ignoreMerges = true;
    o.addedTokens = {addedToken(300, "<|end|>"),
                     addedToken(301, "<mask>", false, true, false, false, true)};
    const std::string original = tinyTokenizerJson(o).dump();
    const std::string written =
        ts::writeTokenizerJson(ts::parseTokenizerJson(original, "tiny.json"));
    QCOMPARE(ts::writeTokenizerJson(ts::parseTokenizerJson(written, "written.json")), written);
    const ts::Tokenizer a = ts::Tokenizer::fromJson(original), b = ts::Tokenizer::fromJson(written);
    for (const char* text : {"hello world<|end|>", "a <mask> e\xCC\x81", "aaaa\n\n  x"})
        QCOMPARE(b.encode(text), a.encode(text));
    const auto parsed = nlohmann::json::parse(written);
    QCOMPARE(parsed["model"]["merges"][0], nlohmann::json({"l", "l"}));
    QCOMPARE(parsed["model"]["vocab"]["hello"].get<int>(), int(ts::test::kHello));
    QCOMPARE(parsed["added_tokens"][1]["lstrip"].get<bool>(), true);
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
