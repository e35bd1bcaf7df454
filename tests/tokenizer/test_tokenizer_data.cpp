// Data tests of ts::Tokenizer on the real Qwen3 and Llama 3 tokenizer.json
// files of ../shared/data/tokenizers: exact ids against Hugging Face's
// reference encodings, lossless round trips over the CoTempQA and MS MARCO
// texts and random Unicode, and tokenizer_config.json parsing.
#include <QtTest>

#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/model/tokenizer/unicode_nfc.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using Ids = std::vector<std::int32_t>;

class TestTokenizerData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void referenceEncodings();
    void knownSpecialTokenIds();
    void sharedTextsRoundTrip();
    void randomUnicodeRoundTrips();
    void cacheDoesNotChangeIds();
    void tokenizerConfigs();

private:
    const ts::Tokenizer& byName(const std::string& name) const {
        return name == "qwen3" ? *qwen_ : *llama_;
    }
    std::vector<std::string> sharedTexts() const;

    std::unique_ptr<ts::Tokenizer> qwen_, llama_;
};

void TestTokenizerData::initTestCase() {
    qwen_ = std::make_unique<ts::Tokenizer>(
        ts::Tokenizer::load(ts::test::sharedFile("tokenizers/qwen3")));
    llama_ = std::make_unique<ts::Tokenizer>(
        ts::Tokenizer::load(ts::test::sharedFile("tokenizers/llama3/tokenizer.json")));
}

void TestTokenizerData::referenceEncodings() {
    const auto ref = nlohmann::json::parse(
        ts::readFile(ts::test::sharedFile("tokenizers/reference_encodings.json")));
    QCOMPARE(ref.size(), std::size_t(18));
    for (const auto& e : ref) {
        const ts::Tokenizer& t = byName(e.at("tokenizer"));
        const std::string text = e.at("text");
        ts::EncodeOptions options;
        options.addSpecialTokens = e.at("add_special_tokens");
        const Ids ids = t.encode(text, options);
        const std::string label =
            e.at("tokenizer").get<std::string>() + ": " + ts::pythonRepr(text);
        QVERIFY2(ids == e.at("ids").get<Ids>(), label.c_str());
        const auto tokens = e.at("tokens").get<std::vector<std::string>>();
        for (std::size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(t.idToToken(ids[i]).value(), tokens[i]);
        QVERIFY2(t.decode(ids) == text, label.c_str());
    }
}

void TestTokenizerData::knownSpecialTokenIds() {
    QCOMPARE(qwen_->tokenToId("<|im_start|>").value(), 151644);
    QCOMPARE(qwen_->tokenToId("</think>").value(), 151668);
    QCOMPARE(qwen_->vocabSize(), std::size_t(151669));
    QVERIFY(qwen_->isSpecialToken(151645));   // <|im_end|>
    QVERIFY(!qwen_->isSpecialToken(151667));  // <think> is an added, non-special token
    QCOMPARE(llama_->tokenToId("<|eot_id|>").value(), 128009);
    QCOMPARE(llama_->vocabSize(), std::size_t(128256));
    // Neither tokenizer.json adds a BOS (the post-processor is ByteLevel only).
    ts::EncodeOptions with;
    with.addSpecialTokens = true;
    QCOMPARE(llama_->encode("Hello world", with), (Ids{9906, 1917}));
    ts::DecodeOptions skip;
    skip.skipSpecialTokens = true;
    QCOMPARE(llama_->decode(Ids{128000, 9906, 1917, 128009}, skip), std::string("Hello world"));
}

std::vector<std::string> TestTokenizerData::sharedTexts() const {
    std::vector<std::string> texts;
    for (const char* file : {"cotempqa/equal.json", "cotempqa/overlap.json", "cotempqa/mix.json"}) {
        ts::LineReader reader(ts::test::sharedFile(file));
        std::string line;
        while (reader.next(line)) {
            if (line.empty()) continue;
            const auto rec = nlohmann::json::parse(line);
            for (const auto& f : rec.at("facts")) texts.push_back(f);
            texts.push_back(rec.at("question"));
        }
    }
    const auto marco =
        nlohmann::json::parse(ts::readFile(ts::test::sharedFile("msmarco/ms_marco_sample.json")));
    for (const auto& r : marco)
        for (const auto& p : r.at("passages").at("passage_text")) texts.push_back(p);
    return texts;
}

void TestTokenizerData::sharedTextsRoundTrip() {
    const auto texts = sharedTexts();
    QVERIFY(texts.size() > 30000);
    std::size_t qwenTokens = 0, llamaTokens = 0;
    for (const auto& text : texts) {
        const Ids q = qwen_->encode(text), l = llama_->encode(text);
        qwenTokens += q.size();
        llamaTokens += l.size();
        // Qwen normalizes to NFC first; Llama 3 has no normalizer.
        if (qwen_->decode(q) != ts::toNfc(text) || llama_->decode(l) != text)
            QFAIL(("round trip failed for " + ts::pythonRepr(text)).c_str());
    }
    qInfo("%zu texts: %zu Qwen3 tokens, %zu Llama 3 tokens", texts.size(), qwenTokens, llamaTokens);
    // Digits: Qwen splits every digit, Llama 3 groups three, so Qwen needs more tokens here.
    QVERIFY(qwenTokens > llamaTokens);
}

void TestTokenizerData::randomUnicodeRoundTrips() {
    std::mt19937 rng(14052025);
    std::uniform_int_distribution<int> len(1, 60);
    const std::vector<std::pair<char32_t, char32_t>> pools = {
        {0x20, 0x7E},     {0x09, 0x0D},       {0xA0, 0x24F},    {0x300, 0x36F},
        {0x370, 0x3FF},   {0x400, 0x4FF},     {0x600, 0x6FF},   {0x900, 0x97F},
        {0x3040, 0x30FF}, {0x4E00, 0x9FFF},   {0xAC00, 0xD7A3}, {0x1F300, 0x1FAFF},
        {0x2000, 0x206F}, {0x10000, 0x10FFFF}};
    std::uniform_int_distribution<int> pool(0, int(pools.size()) - 1);
    for (int i = 0; i < 2000; ++i) {
        std::string s;
        for (int n = len(rng); n > 0; --n) {
            const auto [lo, hi] = pools[pool(rng)];
            char32_t c = std::uniform_int_distribution<char32_t>(lo, hi)(rng);
            if (c >= 0xD800 && c <= 0xDFFF) c = '?';
            ts::appendUtf8(s, c);
        }
        if (qwen_->decode(qwen_->encode(s)) != ts::toNfc(s) ||
            llama_->decode(llama_->encode(s)) != s)
            QFAIL(("round trip failed for " + ts::pythonRepr(s)).c_str());
    }
}

void TestTokenizerData::cacheDoesNotChangeIds() {
    const auto texts = sharedTexts();
    ts::Tokenizer uncached = ts::Tokenizer::load(ts::test::sharedFile("tokenizers/qwen3"));
    uncached.setWordCacheCapacity(0);
    for (std::size_t i = 0; i < texts.size(); i += 7)
        if (uncached.encode(texts[i]) != qwen_->encode(texts[i]))
            QFAIL(("cached and uncached ids differ for " + ts::pythonRepr(texts[i])).c_str());
    QVERIFY(qwen_->wordCacheStats().hits > 0);
}

void TestTokenizerData::tokenizerConfigs() {
    const auto qwen = ts::loadTokenizerConfig(ts::test::sharedFile("tokenizers/qwen3"));
    QVERIFY(qwen.chatTemplate.has_value());
    QCOMPARE(qwen.chatTemplate->size(), std::size_t(4116));
    QCOMPARE(qwen.eosToken.value(), std::string("<|im_end|>"));
    QCOMPARE(qwen.padToken.value(), std::string("<|endoftext|>"));
    QVERIFY(!qwen.bosToken.has_value());
    QCOMPARE(qwen.tokenizerClass, std::string("Qwen2Tokenizer"));
    const auto llama =
        ts::loadTokenizerConfig(ts::test::sharedFile("tokenizers/llama3/tokenizer_config.json"));
    QCOMPARE(llama.bosToken.value(), std::string("<|begin_of_text|>"));
    QCOMPARE(llama.eosToken.value(), std::string("<|end_of_text|>"));
    QVERIFY(ts::startsWith(llama.chatTemplate.value(), "{% set loop_messages = messages %}"));
    try {
        ts::Tokenizer::load(
            ts::test::sharedFile("tokenizers"));  // a directory without tokenizer.json
        QFAIL("loading a directory without tokenizer.json succeeded");
    } catch (const ts::Error& e) {
        QVERIFY2(std::string(e.what()).find("tokenizer.json") != std::string::npos, e.what());
    }
}

TS_DATA_TEST_MAIN(TestTokenizerData)
#include "test_tokenizer_data.moc"
