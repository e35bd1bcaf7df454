#include "core/model/decode_parity.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <cmath>
#include <cstdio>

#include "core/model/torch_model.h"
#include "core/util/error.h"

namespace ts::model {

double DecodePathParity::tokenAgreement() const {
    return tokensCompared == 0 ? 1.0 : static_cast<double>(tokensAgreeing) / tokensCompared;
}

std::string DecodePathParity::toText() const {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s vs eager, %lld rows x %lld steps teacher-forced: max |logits diff| %.3g "
                  "(limit %.3g) %s; argmax agreement %lld/%lld (%.1f%%)",
                  usedCudaGraph ? "cuda-graph" : "static-cache", static_cast<long long>(rows),
                  static_cast<long long>(steps), maxLogitsAbsDiff, limit, passed() ? "ok" : "FAIL",
                  static_cast<long long>(tokensAgreeing), static_cast<long long>(tokensCompared),
                  100.0 * tokenAgreement());
    std::string s = buf;
    if (!fallback.empty()) s += "; graph capture failed: " + fallback;
    return s;
}

namespace {

std::int64_t argmaxOf(const float* row, std::int64_t vocab) {
    std::int64_t best = 0;
    for (std::int64_t v = 1; v < vocab; ++v)
        if (row[v] > row[best]) best = v;
    return best;
}

}  // namespace

DecodePathParity compareStepLogits(const std::vector<std::vector<float>>& eager,
                                   const std::vector<std::vector<float>>& staticPath,
                                   std::int64_t vocab, double limit) {
    if (eager.size() != staticPath.size() || vocab <= 0)
        throw Error("decode parity: the two paths ran a different number of steps");
    DecodePathParity p;
    p.limit = limit;
    p.steps = static_cast<std::int64_t>(eager.size());
    for (std::size_t s = 0; s < eager.size(); ++s) {
        const auto& a = eager[s];
        const auto& b = staticPath[s];
        if (a.size() != b.size() || a.size() % static_cast<std::size_t>(vocab) != 0)
            throw Error("decode parity: step " + std::to_string(s) + " has mismatched logits");
        p.rows = static_cast<std::int64_t>(a.size()) / vocab;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double d = std::fabs(double(a[i]) - double(b[i]));
            // NaN in either path is a failure, not a zero difference.
            p.maxLogitsAbsDiff = std::isnan(d) ? INFINITY : std::max(p.maxLogitsAbsDiff, d);
        }
        for (std::int64_t r = 0; r < p.rows; ++r) {
            ++p.tokensCompared;
            p.tokensAgreeing +=
                argmaxOf(a.data() + r * vocab, vocab) == argmaxOf(b.data() + r * vocab, vocab);
        }
    }
    return p;
}

namespace {

std::vector<float> hostCopy(const at::Tensor& logits) {
    const auto t = logits.to(at::kCPU, at::kFloat).contiguous();
    return {t.data_ptr<float>(), t.data_ptr<float>() + t.numel()};
}

}  // namespace

DecodePathParity checkDecodePaths(CausalLM& lm,
                                  const std::vector<std::vector<std::int64_t>>& prompts, int steps,
                                  double limit) {
    if (prompts.empty() || steps <= 0) throw Error("decode parity needs prompts and steps");
    c10::InferenceMode inference;
    const Decoder& d = lm.impl().decoder;
    const auto [ids, mask] = leftPaddedBatch(prompts, 0, d.device());
    const auto B = ids.size(0), L = ids.size(1);

    // Eager: greedy, recording each step's logits and the token fed next.
    std::vector<std::vector<float>> eager, stat;
    std::vector<at::Tensor> fed;
    KvCache cache = d.makeCache(B, L + steps);
    at::Tensor logits = d.prefill(ids, mask, cache);
    for (int s = 0; s < steps; ++s) {
        fed.push_back(logits.argmax(-1).view({B, 1}));
        logits = d.decodeStep(fed.back(), cache);
        eager.push_back(hostCopy(logits));
    }

    // Static: the same tokens through the step a CUDA graph replays.
    const std::int64_t capacity = (L + steps + 127) / 128 * 128;
    KvCache sc = d.makeCache(B, capacity);
    const auto rope = d.ensureRope(capacity);
    const auto longs = at::TensorOptions().device(d.device()).dtype(at::kLong);
    StaticStepState state{at::zeros({B, 1}, longs), at::zeros({1}, longs)};
    std::unique_ptr<CapturedDecodeStep> graph;
    std::string fallback;
    if (d.device().is_cuda() && cudaGraphsCompiled()) {
        try {
            graph = captureDecodeStep(d, state, sc);
        } catch (const std::exception& e) {
            fallback = e.what();
        }
    }
    d.prefill(ids, mask, sc);
    state.column.fill_(L);
    for (int s = 0; s < steps; ++s) {
        state.ids.copy_(fed[static_cast<std::size_t>(s)]);
        stat.push_back(hostCopy(graph ? graph->replay() : d.staticDecodeStep(state, sc)));
    }
    auto p = compareStepLogits(eager, stat, d.config().vocabSize, limit);
    p.usedCudaGraph = graph != nullptr;
    p.fallback = fallback;
    (void)rope;  // the graph reads the rotary tables: kept alive until here
    return p;
}

}  // namespace ts::model
