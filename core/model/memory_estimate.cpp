#include "core/model/memory_estimate.h"

#include <algorithm>
#include <cstdio>

#include "core/util/error.h"

namespace ts::model {

namespace {

constexpr std::uint64_t kGiB = std::uint64_t(1) << 30;
// The CUDA context and cuBLAS/cuDNN workspaces take ~0.5-1 GiB before any
// tensor exists; the caching allocator's rounding and fragmentation add a
// share of what is allocated.
constexpr std::uint64_t kFixedReserve = kGiB;
constexpr double kMargin = 0.10;

std::uint64_t bytesOf(DType d) {
    return d == DType::Float32 ? 4 : 2;
}

std::uint64_t u(std::int64_t v) {
    return static_cast<std::uint64_t>(std::max<std::int64_t>(0, v));
}

// in x out of a projection, by its module name.
std::pair<std::int64_t, std::int64_t> projectionShape(const ModelConfig& c,
                                                      const std::string& name) {
    const auto q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    if (name == "q_proj") return {c.hiddenSize, q};
    if (name == "k_proj" || name == "v_proj") return {c.hiddenSize, kv};
    if (name == "o_proj") return {q, c.hiddenSize};
    if (name == "gate_proj" || name == "up_proj") return {c.hiddenSize, c.intermediateSize};
    if (name == "down_proj") return {c.intermediateSize, c.hiddenSize};
    return {0, 0};
}

// Values autograd keeps per token and layer for backward: the two norms'
// inputs and outputs (4 H), q/k/v after rotary (q + 2 kv) and the attention
// output (q; fused attention keeps no T x T scores), the MLP's gate, up, their
// activation and product (4 I); with LoRA, each adapted projection's
// dropped-out input and its rank-r intermediate.
std::uint64_t savedPerTokenLayer(const ModelConfig& c, const TrainingShape& s) {
    const auto q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    std::int64_t n = 4 * c.hiddenSize + 2 * q + 2 * kv + 4 * c.intermediateSize;
    if (s.lora)
        for (const auto& t : s.loraTargets) n += projectionShape(c, t).first + s.loraRank;
    return u(n);
}

std::uint64_t withReserve(std::uint64_t allocated) {
    return kFixedReserve + static_cast<std::uint64_t>(kMargin * static_cast<double>(allocated));
}

}  // namespace

std::string formatGiB(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / kGiB);
    return buf;
}

std::string MemoryEstimate::breakdown() const {
    std::string s = "weights " + formatGiB(weights);
    if (trainState) s += ", gradients and optimizer " + formatGiB(trainState);
    s += ", activations " + formatGiB(activations);
    if (!shape.empty()) s += " (" + shape + ")";
    s += ", reserve " + formatGiB(reserve) + " = " + formatGiB(total());
    return s;
}

MemoryEstimate estimateTrainingMemory(const ModelConfig& c, const TrainingShape& s) {
    MemoryEstimate e;
    const std::uint64_t P = u(c.parameterCount());
    const std::uint64_t wb = bytesOf(s.weights);
    e.weights = P * wb;
    if (s.lora) {
        // A and B in float32 (peft's default): the value, its gradient and
        // AdamW's two moments.
        std::uint64_t adapter = 0;
        for (const auto& t : s.loraTargets) {
            const auto [in, out] = projectionShape(c, t);
            adapter += u(s.loraRank * (in + out));
        }
        e.trainState = adapter * u(c.numLayers) * 4 * 4;
    } else {
        // Gradients and both moments in the weights' dtype.
        e.trainState = P * wb * 3;
    }
    const std::uint64_t tokens = u(s.microBatch) * u(s.tokens);
    const std::uint64_t ab = s.bf16Activations ? 2 : wb;
    // Every layer's saved values, the embedding output, and the float32
    // logits of every position with their softmax gradient (bounded by all
    // positions; training projects only the labelled ones).
    e.activations = tokens * (u(c.numLayers) * savedPerTokenLayer(c, s) + u(c.hiddenSize)) * ab +
                    tokens * u(c.vocabSize) * (8 + (s.bf16Activations ? 2 : 0));
    e.reserve = withReserve(e.weights + e.trainState + e.activations);
    e.shape = "micro-batch " + std::to_string(s.microBatch) + " x " + std::to_string(s.tokens) +
              " tokens";
    return e;
}

MemoryEstimate estimateInferenceMemory(const ModelConfig& c, DType weights, std::int64_t batch,
                                       std::int64_t tokens) {
    MemoryEstimate e;
    const std::uint64_t wb = bytesOf(weights);
    e.weights = u(c.parameterCount()) * wb;
    if (tokens > 0) {
        const std::uint64_t kv =
            2 * u(c.numLayers) * u(batch) * u(c.numKvHeads) * u(tokens) * u(c.headDim) * wb;
        // The prefill's widest transient (the MLP: gate, up, product) and the
        // float32 logits of the last position.
        const std::uint64_t prefill = u(batch) * u(tokens) * 3 * u(c.intermediateSize) * wb;
        e.activations = kv + prefill + u(batch) * u(c.vocabSize) * 4 * 2;
        e.shape = "batch " + std::to_string(batch) + " x " + std::to_string(tokens) + " tokens";
    }
    e.reserve = withReserve(e.weights + e.activations);
    return e;
}

void requireDeviceMemory(const MemoryEstimate& e, std::uint64_t freeBytes,
                         const std::string& device, const std::string& what,
                         const std::string& advice) {
    if (e.total() <= freeBytes) return;
    throw Error(what + " needs about " + formatGiB(e.total()) + " on " + device + " (" +
                e.breakdown() + ") but " + formatGiB(freeBytes) + " are free: " + advice);
}

}  // namespace ts::model
