// The GPU memory check's arithmetic, on the CPU, against figures worked out by
// hand (and, for the adapter size, peft's print_trainable_parameters for
// Llama-3.2-1B with r 16 on all seven projections: 11,272,192).
#include <QtTest>

#include "core/model/memory_estimate.h"
#include "core/util/error.h"

using namespace ts::model;

namespace {

// Llama-3.2-1B's config.json.
ModelConfig llama32_1b() {
    ModelConfig c;
    c.architecture = Architecture::Llama;
    c.vocabSize = 128256;
    c.hiddenSize = 2048;
    c.intermediateSize = 8192;
    c.numLayers = 16;
    c.numHeads = 32;
    c.numKvHeads = 8;
    c.headDim = 64;
    c.tieWordEmbeddings = true;
    return c;
}

const std::vector<std::string> kAllProjections = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                  "gate_proj", "up_proj", "down_proj"};

constexpr std::uint64_t kGiB = std::uint64_t(1) << 30;

}  // namespace

class TestMemoryEstimate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loraTrainingByHand();
    void fullTrainingByHand();
    void inferenceByHand();
    void refusalSaysWhatToLower();
};

void TestMemoryEstimate::loraTrainingByHand() {
    const auto c = llama32_1b();
    // 128256*2048 embedding + 16 * (4*2048*2048 attention with GQA:
    // q 2048^2 + k,v 2048*512 each + o 2048^2 = 10,485,760; MLP 3*2048*8192 =
    // 50,331,648; norms 2*2048) + final norm 2048 = 1,235,814,400.
    QCOMPARE(c.parameterCount(), std::int64_t(1235814400));
    TrainingShape s;
    s.weights = DType::BFloat16;
    s.lora = true;
    s.loraRank = 16;
    s.loraTargets = kAllProjections;
    s.bf16Activations = true;
    s.microBatch = 8;
    s.tokens = 512;
    const auto e = estimateTrainingMemory(c, s);
    QCOMPARE(e.weights, std::uint64_t(1235814400) * 2);
    // 11,272,192 adapter parameters x (value, gradient, 2 moments) x 4 bytes.
    QCOMPARE(e.trainState, std::uint64_t(11272192) * 16);
    // Per token and layer: 4*2048 + 2*2048 + 2*512 + 4*8192 = 46,080 saved
    // values, plus each adapted projection's input (5*2048 + 2048 + 8192 =
    // 20,480) and rank (7*16 = 112): 66,672; x 16 layers + 2048 = 1,068,800,
    // x 2 bytes x 4096 tokens = 8,755,609,600. Logits: 4096 x 128256 x (4 + 4
    // + 2) = 5,253,365,760.
    QCOMPARE(e.activations, std::uint64_t(8755609600) + std::uint64_t(5253365760));
    // Reserve: 1 GiB + 10% of the rest.
    const std::uint64_t rest = e.weights + e.trainState + e.activations;
    QCOMPARE(e.reserve, kGiB + static_cast<std::uint64_t>(0.1 * static_cast<double>(rest)));
    QCOMPARE(e.total(), rest + e.reserve);
    QVERIFY(QString::fromStdString(e.breakdown()).contains("micro-batch 8 x 512 tokens"));
    // Activations scale with the micro-batch; nothing else does.
    s.microBatch = 4;
    const auto half = estimateTrainingMemory(c, s);
    QCOMPARE(half.activations * 2, e.activations);
    QCOMPARE(half.weights, e.weights);
}

void TestMemoryEstimate::fullTrainingByHand() {
    TrainingShape s;
    s.weights = DType::Float32;
    s.lora = false;
    s.microBatch = 1;
    s.tokens = 128;
    const auto e = estimateTrainingMemory(llama32_1b(), s);
    QCOMPARE(e.weights, std::uint64_t(1235814400) * 4);
    QCOMPARE(e.trainState, std::uint64_t(1235814400) * 4 * 3);  // gradient + 2 moments
    // float32 activations without LoRA terms: (46,080 * 16 + 2048) * 4 * 128
    // plus logits 128 * 128256 * 8.
    QCOMPARE(e.activations, std::uint64_t(739328) * 4 * 128 + std::uint64_t(128) * 128256 * 8);
}

void TestMemoryEstimate::inferenceByHand() {
    const auto c = llama32_1b();
    const auto load = estimateInferenceMemory(c, DType::BFloat16, 0, 0);
    QCOMPARE(load.activations, std::uint64_t(0));
    QCOMPARE(load.total(),
             std::uint64_t(2471628800) + kGiB + static_cast<std::uint64_t>(0.1 * 2471628800.0));
    // KV cache 2 * 16 layers * 16 rows * 8 heads * 448 tokens * 64 * 2 bytes
    // = 234,881,024; prefill MLP 16 * 448 * 3 * 8192 * 2 = 352,321,536;
    // logits 16 * 128256 * 8 = 16,416,768.
    const auto gen = estimateInferenceMemory(c, DType::BFloat16, 16, 448);
    QCOMPARE(gen.activations,
             std::uint64_t(234881024) + std::uint64_t(352321536) + std::uint64_t(16416768));
}

void TestMemoryEstimate::refusalSaysWhatToLower() {
    MemoryEstimate e;
    e.weights = 2 * kGiB;
    e.trainState = kGiB / 2;
    e.activations = 10 * kGiB;
    e.reserve = kGiB;
    e.shape = "micro-batch 8 x 1024 tokens";
    requireDeviceMemory(e, e.total(), "cuda:0", "training", "lower --batch-size");  // fits exactly
    try {
        requireDeviceMemory(e, 8 * kGiB, "cuda:0", "training", "lower --batch-size");
        QFAIL("an estimate above the free memory must be refused");
    } catch (const ts::Error& err) {
        const QString m = QString::fromUtf8(err.what());
        QVERIFY2(m.contains("training needs about 13.50 GiB on cuda:0"), qPrintable(m));
        QVERIFY2(m.contains("activations 10.00 GiB (micro-batch 8 x 1024 tokens)"), qPrintable(m));
        QVERIFY2(m.contains("but 8.00 GiB are free: lower --batch-size"), qPrintable(m));
    }
}

QTEST_GUILESS_MAIN(TestMemoryEstimate)
#include "test_memory_estimate.moc"
