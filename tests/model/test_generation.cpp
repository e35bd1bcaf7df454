// The engine beyond the parity numbers, on the tiny fixture checkpoints: batched
// left-padded generation equals one-by-one generation, the static-cache step
// (the code the CUDA graph captures) equals the eager step, seeded sampling,
// EOS / stop strings / min_new_tokens, progress and cancellation, checkpoint and
// adapter save/load round trips, and clear errors for bad input.
#include <QtTest>

#include <set>

#include "core/model/causal_lm.h"
#include "core/model/checkpoint_files.h"
#include "core/model/decode_parity.h"
#include "core/model/safetensors.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"

using namespace ts::model;

namespace {

std::filesystem::path fixture(const char* name) {
    return ts::test::sharedData() / "parity" / name;
}

const std::vector<std::vector<std::int64_t>> kPrompts = {
    {1, 10, 20, 30, 40}, {5, 400, 2, 33, 9, 120, 64, 7, 7, 99, 300, 18}, {77}};

GenerationOptions greedy(int n) {
    GenerationOptions g;
    g.maxNewTokens = n;
    g.ignoreEos = true;
    return g;
}

std::vector<std::vector<std::int64_t>> tokensOf(const GenerationResult& r) {
    std::vector<std::vector<std::int64_t>> out;
    for (const auto& s : r.sequences) out.push_back(s.tokens);
    return out;
}

double maxDiff(const Logits& a, const Logits& b) {
    double d = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        d = std::max(d, double(std::fabs(a.values[i] - b.values[i])));
    return d;
}

std::string idText(const std::vector<std::int64_t>& ids) {
    std::string s;
    for (auto id : ids) s += "<" + std::to_string(id) + ">";
    return s;
}

}  // namespace

class TestGeneration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchedEqualsSingle_data();
    void batchedEqualsSingle();
    void staticCacheEqualsEager();
    void failedGraphCaptureFallsBackToEager();
    void decodePathsAgreeInLogits_data();
    void decodePathsAgreeInLogits();
    void nearTiedTokensAreAFigureNotAVerdict();
    void seededSampling();
    void samplingDrawsFromTheKept();
    void eosAndMinNewTokens();
    void stopStrings();
    void progressAndCancellation();
    void checkpointRoundTripSharded();
    void adapterRoundTrip();
    void freshAdapterStartsAsIdentity();
    void badInputIsRefused();
};

void TestGeneration::batchedEqualsSingle_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("llama") << "llama_tiny";
    QTest::newRow("qwen3") << "qwen3_tiny";
}

void TestGeneration::batchedEqualsSingle() {
    QFETCH(QString, model);
    auto lm = CausalLM::load(fixture(model.toStdString().c_str()));
    const auto batch = lm.generate(kPrompts, greedy(12));
    QCOMPARE(batch.sequences.size(), kPrompts.size());
    for (std::size_t i = 0; i < kPrompts.size(); ++i) {
        const auto single = lm.generate({kPrompts[i]}, greedy(12));
        QCOMPARE(batch.sequences[i].tokens, single.sequences[0].tokens);
        QCOMPARE(batch.sequences[i].tokens.size(), std::size_t(12));
        QVERIFY(batch.sequences[i].reason == FinishReason::Length);
    }
    // Padded-batch logits equal the unpadded ones at real positions.
    const auto& p = kPrompts[0];
    std::vector<std::int64_t> padded(7, 0), mask(7, 0);
    std::copy(p.begin(), p.end(), padded.begin() + 2);
    std::fill(mask.begin() + 2, mask.end(), 1);
    const auto a = lm.logits({padded, std::vector<std::int64_t>(7, 3)},
                             {mask, std::vector<std::int64_t>(7, 1)});
    const auto b = lm.logits(p);
    double d = 0;
    for (std::int64_t t = 0; t < 5; ++t)
        for (std::int64_t v = 0; v < b.vocab; ++v)
            d = std::max(d, double(std::fabs(a.at(0, t + 2, v) - b.at(0, t, v))));
    QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
}

void TestGeneration::staticCacheEqualsEager() {
    auto lm = CausalLM::load(fixture("qwen3_tiny"));
    const auto eager = lm.generate(kPrompts, greedy(20));
    QVERIFY(!eager.usedStaticCache);
    auto opt = greedy(20);
    opt.forceStaticCache = true;
    const auto first = lm.generate(kPrompts, opt);
    QVERIFY(first.usedStaticCache);
    QVERIFY(!first.usedCudaGraph);  // CPU
    QCOMPARE(tokensOf(first), tokensOf(eager));
    // The session (cache) is reused for the same shape; state is reset each call.
    const auto second = lm.generate(kPrompts, opt);
    QCOMPARE(tokensOf(second), tokensOf(eager));
    const auto other = lm.generate({kPrompts[1]}, opt);
    QCOMPARE(other.sequences[0].tokens, eager.sequences[1].tokens);
    QCOMPARE(first.decodeSteps, std::int64_t(19));
}

void TestGeneration::failedGraphCaptureFallsBackToEager() {
    auto lm = CausalLM::load(fixture("qwen3_tiny"));
    const auto eager = lm.generate(kPrompts, greedy(20));
    // A stand-in capture that succeeds: the graph path runs (the static step
    // replayed) and is kept for the next call of the same shape.
    int captures = 0;
    lm.overrideGraphCaptureForTesting([&] { ++captures; });
    const auto graphed = lm.generate(kPrompts, greedy(20));
    QVERIFY(graphed.usedCudaGraph);
    QVERIFY(graphed.cudaGraphFallback.empty());
    QCOMPARE(tokensOf(graphed), tokensOf(eager));
    QCOMPARE(tokensOf(lm.generate(kPrompts, greedy(20))), tokensOf(eager));
    QCOMPARE(captures, 1);

    // A capture that throws: generate() does not throw, decodes eagerly, says so
    // honestly (flag, reason, one progress message), and later calls - this
    // shape or another - do not try again or claim a graph.
    lm.overrideGraphCaptureForTesting([&] {
        ++captures;
        throw ts::Error("operation not permitted when stream is capturing");
    });
    QStringList messages;
    const ts::ProgressSink sink([&](const ts::Progress& p) {
        messages << QString::fromStdString(p.message);
        return true;
    });
    const auto failed = lm.generate(kPrompts, greedy(20), sink);
    QCOMPARE(captures, 2);
    QVERIFY(!failed.usedCudaGraph);
    QVERIFY(!failed.usedStaticCache);
    QVERIFY2(failed.cudaGraphFallback.find("stream is capturing") != std::string::npos,
             failed.cudaGraphFallback.c_str());
    QCOMPARE(messages.filter("CUDA graph capture failed").size(), 1);
    QCOMPARE(tokensOf(failed), tokensOf(eager));
    for (const auto& prompts : {kPrompts, std::vector<std::vector<std::int64_t>>{kPrompts[1]}}) {
        const auto next = lm.generate(prompts, greedy(20));
        QVERIFY(!next.usedCudaGraph);
        QVERIFY(!next.cudaGraphFallback.empty());
    }
    QCOMPARE(captures, 2);
    // Asking for no graph reports no fallback.
    auto noGraph = greedy(20);
    noGraph.useCudaGraph = false;
    QVERIFY(lm.generate(kPrompts, noGraph).cudaGraphFallback.empty());
}

void TestGeneration::decodePathsAgreeInLogits_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("llama") << "llama_tiny";
    QTest::newRow("qwen3") << "qwen3_tiny";
}

void TestGeneration::decodePathsAgreeInLogits() {
    QFETCH(QString, model);
    auto lm = CausalLM::load(fixture(model.toStdString().c_str()));
    const auto p = checkDecodePaths(lm, kPrompts, 20, 1e-5);
    qInfo().noquote() << QString::fromStdString(p.toText());
    QVERIFY2(p.passed(), p.toText().c_str());
    QCOMPARE(p.rows, std::int64_t(3));
    QCOMPARE(p.steps, std::int64_t(20));
    QCOMPARE(p.tokensCompared, std::int64_t(60));
    QVERIFY(!p.usedCudaGraph);  // CPU
    // On the CPU in float32 the two paths agree to 1e-7: no near tie flips here.
    QCOMPARE(p.tokensAgreeing, std::int64_t(60));
}

void TestGeneration::nearTiedTokensAreAFigureNotAVerdict() {
    // Two rows, vocab 4. Row 0's top two logits are tied to within 1e-7 and
    // swap order between the paths: the argmax flips, the logits agree.
    const std::vector<std::vector<float>> eager = {
        {1.0f, 1.0000001f, 0.f, 0.f, 0.f, 2.f, 0.f, 0.f}};
    const std::vector<std::vector<float>> graph = {
        {1.0000001f, 1.0f, 0.f, 0.f, 0.f, 2.f, 0.f, 0.f}};
    const auto tied = compareStepLogits(eager, graph, 4, 1e-5);
    QVERIFY(tied.passed());
    QCOMPARE(tied.tokensCompared, std::int64_t(2));
    QCOMPARE(tied.tokensAgreeing, std::int64_t(1));
    QCOMPARE(tied.tokenAgreement(), 0.5);
    QVERIFY(QString::fromStdString(tied.toText()).contains("argmax agreement 1/2 (50.0%)"));
    // A real difference fails whatever the argmax does...
    auto off = graph;
    off[0][2] = 0.01f;
    const auto wrong = compareStepLogits(eager, off, 4, 1e-5);
    QVERIFY(!wrong.passed());
    QVERIFY(std::fabs(wrong.maxLogitsAbsDiff - 0.01) < 1e-6);
    // ...and so does a NaN.
    off[0][2] = std::nanf("");
    QVERIFY(!compareStepLogits(eager, off, 4, 1e-5).passed());
    QVERIFY_THROWS_EXCEPTION(ts::Error, compareStepLogits(eager, {}, 4, 1e-5));
}

void TestGeneration::seededSampling() {
    auto lm = CausalLM::load(fixture("llama_tiny"));
    auto opt = greedy(24);
    opt.sample = true;
    opt.temperature = 1.5;
    opt.topP = 0.95;
    opt.seed = 42;
    const auto a = lm.generate(kPrompts, opt);
    const auto b = lm.generate(kPrompts, opt);
    QCOMPARE(tokensOf(a), tokensOf(b));
    opt.seed = 43;
    const auto c = lm.generate(kPrompts, opt);
    QVERIFY(tokensOf(a) != tokensOf(c));
    // Sampling is not greedy at this temperature...
    const auto g = lm.generate(kPrompts, greedy(24));
    QVERIFY(tokensOf(a) != tokensOf(g));
    // ...but top-k 1 is, and so is a tiny top-p.
    opt.topK = 1;
    QCOMPARE(tokensOf(lm.generate(kPrompts, opt)), tokensOf(g));
    opt.topK = 0;
    opt.topP = 1e-6;
    QCOMPARE(tokensOf(lm.generate(kPrompts, opt)), tokensOf(g));
}

void TestGeneration::samplingDrawsFromTheKept() {
    // First tokens drawn with top-k 3 lie among the 3 largest logits; plain
    // temperature sampling (no ordering at all) is seeded and spreads wider.
    auto lm = CausalLM::load(fixture("llama_tiny"));
    const auto& prompt = kPrompts[1];
    const auto last = lm.logits(prompt);
    std::vector<std::pair<float, std::int64_t>> ranked;
    for (std::int64_t v = 0; v < last.vocab; ++v)
        ranked.push_back({last.at(0, last.seq - 1, v), v});
    std::sort(ranked.rbegin(), ranked.rend());
    const std::set<std::int64_t> top3 = {ranked[0].second, ranked[1].second, ranked[2].second};
    auto opt = greedy(1);
    opt.sample = true;
    opt.temperature = 5.0;
    std::set<std::int64_t> seenTopK, seenPlain;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
        opt.seed = seed;
        opt.topK = 3;
        const auto t = lm.generate({prompt}, opt).sequences[0].tokens.at(0);
        QVERIFY2(top3.count(t), qPrintable(QString::number(t)));
        seenTopK.insert(t);
        opt.topK = 0;
        const auto a = lm.generate({prompt}, opt).sequences[0].tokens.at(0);
        QCOMPARE(lm.generate({prompt}, opt).sequences[0].tokens.at(0), a);
        seenPlain.insert(a);
    }
    QCOMPARE(seenTopK.size(), std::size_t(3));
    QVERIFY(seenPlain.size() > 10);
}

void TestGeneration::eosAndMinNewTokens() {
    auto lm = CausalLM::load(fixture("qwen3_tiny"));
    const auto free = lm.generate({kPrompts[1]}, greedy(16)).sequences[0].tokens;
    // Declare the 4th generated token an EOS id: the row ends at its first occurrence.
    const std::int64_t stopId = free[3];
    const auto firstAt = std::find(free.begin(), free.end(), stopId) - free.begin();
    auto opt = greedy(16);
    opt.ignoreEos = false;
    opt.eosTokenIds = {stopId};
    const auto r = lm.generate({kPrompts[1], kPrompts[0]}, opt);
    QVERIFY(r.sequences[0].reason == FinishReason::Eos);
    QCOMPARE(r.sequences[0].tokens,
             std::vector<std::int64_t>(free.begin(), free.begin() + firstAt + 1));
    // The other row keeps going, unaffected by the finished one.
    auto other = greedy(16);
    other.eosTokenIds = {stopId};
    other.ignoreEos = false;
    const auto alone = lm.generate({kPrompts[0]}, other);
    QCOMPARE(r.sequences[1].tokens, alone.sequences[0].tokens);
    // min_new_tokens suppresses the EOS logit until then.
    opt.minNewTokens = static_cast<int>(firstAt) + 2;
    const auto late = lm.generate({kPrompts[1]}, opt).sequences[0];
    QVERIFY(late.tokens.size() >= std::size_t(opt.minNewTokens));
    for (int i = 0; i < opt.minNewTokens - 1; ++i)
        QVERIFY(late.tokens[static_cast<std::size_t>(i)] != stopId);
}

void TestGeneration::stopStrings() {
    auto lm = CausalLM::load(fixture("llama_tiny"));
    const auto free = lm.generate({kPrompts[2]}, greedy(16)).sequences[0].tokens;
    auto opt = greedy(16);
    opt.detokenize = idText;
    opt.stopStrings = {"never-there", idText({free[5]})};
    const auto firstAt = std::find(free.begin(), free.end(), free[5]) - free.begin();
    const auto r = lm.generate({kPrompts[2]}, opt).sequences[0];
    QVERIFY(r.reason == FinishReason::StopString);
    QCOMPARE(r.stopString, idText({free[5]}));
    QCOMPARE(r.tokens, std::vector<std::int64_t>(free.begin(), free.begin() + firstAt + 1));
    opt.detokenize = nullptr;
    QVERIFY_THROWS_EXCEPTION(ts::Error, lm.generate({kPrompts[2]}, opt));
}

void TestGeneration::progressAndCancellation() {
    auto lm = CausalLM::load(fixture("llama_tiny"));
    std::vector<double> fractions;
    ts::ProgressSink sink([&](const ts::Progress& p) {
        fractions.push_back(p.fraction);
        return true;
    });
    lm.generate(kPrompts, greedy(10), sink);
    QCOMPARE(fractions.size(), std::size_t(11));  // one per token, then "finished"
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);

    int calls = 0;
    ts::ProgressSink stopper([&](const ts::Progress&) { return ++calls < 4; });
    QVERIFY_THROWS_EXCEPTION(ts::Cancelled, lm.generate(kPrompts, greedy(10), stopper));
    QCOMPARE(calls, 4);
    ts::CancelToken token;
    token.request();
    QVERIFY_THROWS_EXCEPTION(ts::Cancelled,
                             lm.generate(kPrompts, greedy(10), ts::ProgressSink({}, token)));
}

void TestGeneration::checkpointRoundTripSharded() {
    auto lm = CausalLM::load(fixture("qwen3_tiny"));
    const auto dir = ts::test::scratchDir("gen_ckpt");
    lm.saveCheckpoint(dir, DType::Float32, 100 * 1024);  // ~530 KB of weights -> several shards
    QVERIFY(std::filesystem::exists(dir / "model.safetensors.index.json"));
    QVERIFY(!std::filesystem::exists(dir / "model.safetensors"));
    QVERIFY(CheckpointFiles::open(dir).files().size() >= 4);
    auto back = CausalLM::load(dir);
    QCOMPARE(back.parameterCount(), lm.parameterCount());
    const std::vector<std::int64_t> ids = {1, 17, 42, 300, 7};
    QCOMPARE(maxDiff(back.logits(ids), lm.logits(ids)), 0.0);
    // bf16 save: halves the bytes and stays close.
    const auto bf = ts::test::scratchDir("gen_ckpt_bf16");
    lm.saveCheckpoint(bf, DType::BFloat16);
    const auto st = SafetensorsFile::open(bf / "model.safetensors");
    QCOMPARE(st.entry("model.embed_tokens.weight").dtype, StDType::BF16);
    QVERIFY(st.metadata().at("format") == "pt");
    QVERIFY(loadModelConfig(bf).torchDtype == DType::BFloat16);
    QVERIFY(maxDiff(CausalLM::load(bf).logits(ids), lm.logits(ids)) < 0.1);
}

void TestGeneration::adapterRoundTrip() {
    auto unmerged = CausalLM::load(fixture("llama_tiny"));
    unmerged.loadAdapter(fixture("llama_tiny_lora"));
    QVERIFY(unmerged.hasAdapter() && !unmerged.adapterMerged());
    const auto dir = ts::test::scratchDir("gen_adapter");
    unmerged.saveAdapter(dir);
    const auto saved = SafetensorsFile::open(dir / "adapter_model.safetensors");
    QVERIFY(saved.contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
    QVERIFY(saved.contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
    QCOMPARE(saved.tensors().size(), std::size_t(2 * 7 * 2));

    auto reloaded = CausalLM::load(fixture("llama_tiny"));
    reloaded.loadAdapter(dir);
    const std::vector<std::int64_t> ids = {5, 400, 2, 33, 9, 120, 64};
    QCOMPARE(maxDiff(reloaded.logits(ids), unmerged.logits(ids)), 0.0);
    auto merged = CausalLM::load(fixture("llama_tiny"));
    merged.loadAdapter(dir, LoraMode::Merged);
    QVERIFY(maxDiff(merged.logits(ids), unmerged.logits(ids)) < 1e-5);
    QVERIFY_THROWS_EXCEPTION(ts::Error, merged.saveAdapter(dir));
    // The adapter changes the output (B is non-zero in the fixture).
    QVERIFY(maxDiff(CausalLM::load(fixture("llama_tiny")).logits(ids), unmerged.logits(ids)) >
            1e-3);
    // Merging after the fact gives the merged numbers.
    unmerged.mergeAdapter();
    QVERIFY(maxDiff(merged.logits(ids), unmerged.logits(ids)) < 1e-6);
}

void TestGeneration::freshAdapterStartsAsIdentity() {
    auto lm = CausalLM::load(fixture("qwen3_tiny"));
    const std::vector<std::int64_t> ids = {1, 2, 3, 4};
    const auto before = lm.logits(ids);
    AdapterConfig cfg;
    cfg.r = 8;
    cfg.loraAlpha = 16;
    cfg.targetModules = {"q_proj", "v_proj"};
    lm.addAdapter(cfg, 3);
    QCOMPARE(maxDiff(lm.logits(ids), before), 0.0);  // B starts at zero
    const auto dir = ts::test::scratchDir("gen_fresh_adapter");
    lm.saveAdapter(dir);
    const auto back = loadAdapterConfig(dir);
    QCOMPARE(back.r, std::int64_t(8));
    QCOMPARE(SafetensorsFile::open(dir / "adapter_model.safetensors").tensors().size(),
             std::size_t(2 * 2 * 2));
    AdapterConfig none = cfg;
    none.targetModules = {"nothing"};
    QVERIFY_THROWS_EXCEPTION(ts::Error, CausalLM::load(fixture("qwen3_tiny")).addAdapter(none));
}

void TestGeneration::badInputIsRefused() {
    auto lm = CausalLM::load(fixture("llama_tiny"));
    QVERIFY_THROWS_EXCEPTION(ts::Error, lm.generate({{1, 512}}, greedy(2)));
    QVERIFY_THROWS_EXCEPTION(ts::Error, lm.generate({{}}, greedy(2)));
    QVERIFY_THROWS_EXCEPTION(ts::Error, lm.logits({{1, 2}, {3}}, {}));
    QVERIFY_THROWS_EXCEPTION(ts::Error, lm.logits({{1, 2}}, {{1, 0}}));  // right padding
    EngineOptions cuda;
    cuda.device = "cuda";
    if (!cudaAvailable())
        QVERIFY_THROWS_EXCEPTION(ts::Error, CausalLM::load(fixture("llama_tiny"), cuda));
    cuda.device = "tpu";
    QVERIFY_THROWS_EXCEPTION(ts::Error, CausalLM::load(fixture("llama_tiny"), cuda));

    // An adapter whose shapes do not fit (llama LoRA on the qwen3 model).
    auto qwen = CausalLM::load(fixture("qwen3_tiny"));
    try {
        qwen.loadAdapter(fixture("llama_tiny_lora"));
        QFAIL("mismatched adapter accepted");
    } catch (const ts::Error& e) {
        QVERIFY2(std::string(e.what()).find("do not fit") != std::string::npos, e.what());
    }
    QVERIFY(!qwen.hasAdapter());

    // A checkpoint missing a weight names it; a config that disagrees names the tensor.
    const auto dir = ts::test::scratchDir("gen_missing");
    std::filesystem::copy_file(fixture("llama_tiny") / "config.json", dir / "config.json");
    const auto src = SafetensorsFile::open(fixture("llama_tiny") / "model.safetensors");
    SafetensorsWriter w;
    for (const auto& e : src.tensors())
        if (e.name != "model.layers.1.mlp.up_proj.weight")
            w.add(e.name, e.dtype, e.shape, src.bytes(e).data(), e.byteSize());
    w.write(dir / "model.safetensors");
    try {
        CausalLM::load(dir);
        QFAIL("missing weight accepted");
    } catch (const ts::Error& e) {
        QCOMPARE(e.where().key, std::string("model.layers.1.mlp.up_proj.weight"));
    }
    std::string cfg = ts::readFile(fixture("llama_tiny") / "config.json");
    cfg.replace(cfg.find("\"intermediate_size\": 128"), 24, "\"intermediate_size\": 96");
    ts::test::writeText(dir / "config.json", cfg);
    std::filesystem::copy_file(fixture("llama_tiny") / "model.safetensors",
                               dir / "model.safetensors",
                               std::filesystem::copy_options::overwrite_existing);
    try {
        CausalLM::load(dir);
        QFAIL("shape mismatch accepted");
    } catch (const ts::Error& e) {
        QCOMPARE(e.where().key, std::string("model.layers.0.mlp.gate_proj.weight"));
    }
}

TS_DATA_TEST_MAIN(TestGeneration)
#include "test_generation.moc"
