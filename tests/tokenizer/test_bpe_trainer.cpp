// Unit tests of the BPE trainer: a hand-checked merge sequence, the
// vocabulary layout, determinism, and that the written tokenizer.json and
// tokenizer_config.json load back and encode the corpus losslessly.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/model/tokenizer/bpe_trainer.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"

using Merges = std::vector<std::pair<std::string, std::string>>;

namespace {

const char* const kCorpus[] = {
    "Mary moved to the bathroom. John went to the hallway.",
    "Where is Mary? bathroom",
    "Daniel went back to the hallway. Sandra moved to the garden.",
    "<|im_start|>user\nWhere is Daniel?<|im_end|>\n<|im_start|>assistant\nhallway<|im_end|>",
    "Emma Carlsson L\xC3\xB6"
    "fdahl is a member of the Liberals in March 11, 2019.",
    "na\xC3\xAFve caf\xC3\xA9 \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80 don't I'LL "
    "we're",
};

ts::BpeTrainerOptions smallOptions() {
    ts::BpeTrainerOptions o;
    o.vocabSize = 360;
    o.specialTokens = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
    o.minFrequency = 2;
    return o;
}

ts::TokenizerSpec trainSmall() {
    ts::BpeTrainer trainer(smallOptions());
    for (int round = 0; round < 3; ++round)
        for (const char* text : kCorpus) trainer.addText(text);
    return trainer.train();
}

}  // namespace

class TestBpeTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handCheckedMerges();
    void vocabularyLayout();
    void trainingIsDeterministic();
    void writtenFilesLoadAndRoundTrip();
    void progressAndCancellation();
    void invalidOptionsAreRejected();
};

void TestBpeTrainer::handCheckedMerges() {
    // Words: "abab" x1, " ab" x1. (a,b) occurs 3 times -> "ab". Then (ab,ab)
    // and (Ġ,ab) both occur once; the tie goes to the lower ids: Ġ (220 in
    // the sorted byte alphabet) < ab (256). Last, "abab".
    ts::BpeTrainerOptions o;
    o.vocabSize = 259;
    o.minFrequency = 1;
    ts::BpeTrainer trainer(o);
    trainer.addText("abab ab");
    QCOMPARE(trainer.distinctWords(), std::size_t(2));
    const ts::TokenizerSpec spec = trainer.train();
    QCOMPARE(spec.model.merges, (Merges{{"a", "b"}, {"\xC4\xA0", "ab"}, {"ab", "ab"}}));
    QCOMPARE(spec.model.vocab.size(), std::size_t(259));
    // minFrequency 2 stops before any merge of count 1.
    o.minFrequency = 2;
    ts::BpeTrainer strict(o);
    strict.addText("abab ab");
    QCOMPARE(strict.train().model.merges, (Merges{{"a", "b"}}));
}

void TestBpeTrainer::vocabularyLayout() {
    const ts::TokenizerSpec spec = trainSmall();
    QCOMPARE(spec.model.vocab.size(), std::size_t(360));
    QCOMPARE(spec.model.vocab[0], (std::pair<std::string, std::int32_t>{"<|endoftext|>", 0}));
    QCOMPARE(spec.model.vocab[2].first, std::string("<|im_end|>"));
    QCOMPARE(spec.model.vocab[3].first, std::string("!"));  // the byte alphabet in character order
    QCOMPARE(spec.addedTokens.size(), std::size_t(3));
    QVERIFY(spec.addedTokens[1].special);
    QCOMPARE(spec.addedTokens[1].id, 1);
    QCOMPARE(spec.model.merges.size(), std::size_t(360 - 3 - 256));
    // Special tokens never take part in merges.
    // Special tokens are split out before counting, and "<|" occurs only inside them.
    for (const auto& [l, r] : spec.model.merges) QVERIFY((l + r).find("<|") == std::string::npos);
}

void TestBpeTrainer::trainingIsDeterministic() {
    QCOMPARE(ts::writeTokenizerJson(trainSmall()), ts::writeTokenizerJson(trainSmall()));
}

void TestBpeTrainer::writtenFilesLoadAndRoundTrip() {
    const ts::TokenizerSpec spec = trainSmall();
    const auto dir = ts::test::scratchDir("bpe_trainer");
    ts::TokenizerConfig config;
    config.chatTemplate =
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}";
    config.eosToken = "<|im_end|>";
    config.padToken = "<|endoftext|>";
    ts::writeTokenizerFiles(dir, spec, config);
    const ts::Tokenizer t = ts::Tokenizer::load(dir);
    QCOMPARE(t.vocabSize(), std::size_t(360));
    for (const char* text : kCorpus) QCOMPARE(t.decode(t.encode(text)), std::string(text));
    // Frequent words became single tokens; special tokens are matched whole.
    QCOMPARE(t.encode(" hallway").size(), std::size_t(1));
    const auto ids = t.encode("<|im_start|>user\n");
    QCOMPARE(ids.front(), 1);
    QCOMPARE(t.encode("Mary").size() < std::size_t(4), true);
    const ts::TokenizerConfig back = ts::loadTokenizerConfig(dir);
    QCOMPARE(back.chatTemplate, config.chatTemplate);
    QCOMPARE(back.eosToken, config.eosToken);
    QCOMPARE(back.tokenizerClass, std::string("PreTrainedTokenizerFast"));
    const auto written = nlohmann::json::parse(ts::readFile(dir / "tokenizer_config.json"));
    QCOMPARE(written["added_tokens_decoder"]["2"]["content"].get<std::string>(),
             std::string("<|im_end|>"));
}

void TestBpeTrainer::progressAndCancellation() {
    ts::BpeTrainer trainer(smallOptions());
    for (const char* text : kCorpus) trainer.addText(text);
    double last = -1;
    int calls = 0;
    trainer.train(ts::ProgressSink([&](const ts::Progress& p) {
        last = p.fraction;
        ++calls;
        return true;
    }));
    QVERIFY(calls >= 1);
    QCOMPARE(last, 1.0);
    ts::CancelToken cancel;
    cancel.request();
    QVERIFY_THROWS_EXCEPTION(ts::Cancelled, trainer.train(ts::ProgressSink({}, cancel)));
}

void TestBpeTrainer::invalidOptionsAreRejected() {
    ts::BpeTrainerOptions o;
    o.vocabSize = 100;
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::BpeTrainer{o});
    o.vocabSize = 300;
    o.specialTokens = {"<s>", "<s>"};
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::BpeTrainer{o});
    o.specialTokens = {};
    o.splitPattern = "(";
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::BpeTrainer{o});
    ts::BpeTrainer ok(smallOptions());
    QVERIFY_THROWS_EXCEPTION(ts::Error, ok.addText("bad \xFF utf8"));
}

QTEST_GUILESS_MAIN(TestBpeTrainer)
#include "test_bpe_trainer.moc"
