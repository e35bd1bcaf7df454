// Batched generation: left-padded prompts, one prefill into a preallocated KV
// cache, then one decode step per token (eager, or the static step replayed
// from a CUDA graph), greedy or temperature / top-k / top-p sampling, stops on
// EOS ids, stop strings and max_new_tokens, cancellable between steps.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <iostream>
#include <limits>
#include <random>
#include <tuple>

#include "core/model/torch_model.h"
#include "core/util/error.h"

namespace ts::model {

// The static cache and captured graph, kept between calls of the same shape.
struct DecodeSession {
    std::int64_t batch = 0, capacity = 0;
    std::uint64_t version = 0;
    bool graphed = false;
    KvCache cache;
    StaticStepState state;
    std::unique_ptr<CapturedDecodeStep> graph;
    std::pair<at::Tensor, at::Tensor> rope;  // tables the graph reads: kept alive with it
};

std::string finishReasonName(FinishReason r) {
    switch (r) {
        case FinishReason::Eos:
            return "eos";
        case FinishReason::StopString:
            return "stop_string";
        default:
            return "length";
    }
}

std::int64_t GenerationResult::generatedTokens() const {
    std::int64_t n = 0;
    for (const auto& s : sequences) n += static_cast<std::int64_t>(s.tokens.size());
    return n;
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Uniform doubles in [0, 1) from the seed, identical on every platform
// (std:: distributions are implementation-defined).
double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

// Temperature, top-k and top-p (in transformers' order), then inverse-CDF
// sampling with host-drawn uniforms so a seed gives the same draws on any
// device. Only what the options need is ordered: top-k takes the k largest
// (a selection, O(V)), top-p alone sorts (its cumulative mass needs the
// order), and plain temperature sampling samples in vocabulary order without
// sorting at all.
at::Tensor sampleTokens(const at::Tensor& logits, const GenerationOptions& o,
                        std::mt19937_64& rng) {
    const auto B = logits.size(0), V = logits.size(1);
    const double ninf = -std::numeric_limits<double>::infinity();
    const auto scaled = logits / o.temperature;
    at::Tensor candidates, ids;  // [B, K] logits, descending, and their token ids
    if (o.topK > 0 && o.topK < V)
        std::tie(candidates, ids) = scaled.topk(o.topK, -1, /*largest=*/true, /*sorted=*/true);
    else if (o.topP < 1.0)
        std::tie(candidates, ids) = scaled.sort(-1, /*descending=*/true);
    else
        candidates = scaled;  // the whole vocabulary, in id order
    if (o.topP < 1.0) {
        const auto probs = at::softmax(candidates, -1);
        auto remove =
            (probs.cumsum(-1) - probs) >= o.topP;  // mass before this token already reaches top_p
        remove.narrow(1, 0, 1).fill_(false);
        candidates = candidates.masked_fill(remove, ninf);
    }
    const auto K = candidates.size(1);
    const auto cdf = at::softmax(candidates, -1).cumsum(-1);
    std::vector<float> u(static_cast<std::size_t>(B));
    for (auto& x : u) x = static_cast<float>(uniform01(rng));
    const auto draws = at::tensor(u).to(logits.device()).view({B, 1}) * cdf.narrow(1, K - 1, 1);
    const auto pick = at::searchsorted(cdf, draws).clamp_max(K - 1);
    return (ids.defined() ? ids.gather(1, pick) : pick).squeeze(1);
}

void validate(const ModelConfig& c, const std::vector<std::vector<std::int64_t>>& prompts,
              const GenerationOptions& o) {
    if (prompts.empty()) throw Error("generation needs at least one prompt");
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        if (prompts[i].empty()) throw Error("prompt " + std::to_string(i) + " is empty");
        for (auto id : prompts[i])
            if (id < 0 || id >= c.vocabSize)
                throw Error("prompt " + std::to_string(i) + " has token id " + std::to_string(id) +
                            " outside the vocabulary (" + std::to_string(c.vocabSize) + ")");
    }
    if (o.maxNewTokens < 0) throw Error("max_new_tokens must not be negative");
    if (o.sample && !(o.temperature > 0)) throw Error("temperature must be positive when sampling");
    if (o.sample && !(o.topP > 0 && o.topP <= 1)) throw Error("top_p must lie in (0, 1]");
    if (!o.stopStrings.empty() && !o.detokenize)
        throw Error("stop strings need a detokenize callback");
}

bool endsWithStop(const GenerationOptions& o, const std::vector<std::int64_t>& tokens,
                  std::size_t maxStopLen, std::string& matched) {
    // Each token adds at least one byte of text, so the tail that can hold a
    // stop string spans at most maxStopLen tokens (plus a few for partial UTF-8).
    const std::size_t window = std::min(tokens.size(), maxStopLen + 4);
    const std::string text =
        o.detokenize(std::vector<std::int64_t>(tokens.end() - window, tokens.end()));
    for (const auto& s : o.stopStrings) {
        if (!s.empty() && text.find(s) != std::string::npos) {
            matched = s;
            return true;
        }
    }
    return false;
}

}  // namespace

std::pair<at::Tensor, at::Tensor> leftPaddedBatch(
    const std::vector<std::vector<std::int64_t>>& prompts, std::int64_t pad, at::Device device) {
    const auto B = static_cast<std::int64_t>(prompts.size());
    std::int64_t L = 0;
    for (const auto& p : prompts)
        L = std::max<std::int64_t>(L, static_cast<std::int64_t>(p.size()));
    std::vector<std::int64_t> ids(static_cast<std::size_t>(B * L), pad),
        mask(static_cast<std::size_t>(B * L), 0);
    for (std::int64_t b = 0; b < B; ++b) {
        const auto& p = prompts[static_cast<std::size_t>(b)];
        const auto off = static_cast<std::size_t>(b * L + L - static_cast<std::int64_t>(p.size()));
        std::copy(p.begin(), p.end(), ids.begin() + static_cast<std::ptrdiff_t>(off));
        std::fill(mask.begin() + static_cast<std::ptrdiff_t>(off),
                  mask.begin() + static_cast<std::ptrdiff_t>((b + 1) * L), 1);
    }
    return {at::tensor(ids).view({B, L}).to(device), at::tensor(mask).view({B, L}).to(device)};
}

namespace {

// The graph path is taken on CUDA builds with graph support, or wherever a
// test stands in for the capture.
bool graphCaptureAvailable(const CausalLM::Impl& impl) {
    if (!impl.graphCaptureFailure.empty()) return false;  // failed once: eager from now on
    if (impl.captureOverride) return true;
    return impl.decoder.device().is_cuda() && cudaGraphsCompiled();
}

std::shared_ptr<DecodeSession> makeDecodeSession(const Decoder& d, std::int64_t batch,
                                                 std::int64_t capacity, bool graphed) {
    auto s = std::make_shared<DecodeSession>();
    s->batch = batch;
    s->capacity = capacity;
    s->version = d.structureVersion;
    s->graphed = graphed;
    s->cache = d.makeCache(batch, capacity);
    s->rope = d.ensureRope(capacity);
    const auto longs = at::TensorOptions().device(d.device()).dtype(at::kLong);
    s->state.ids = at::zeros({batch, 1}, longs);
    s->state.column = at::zeros({1}, longs);
    return s;
}

// The session for this shape: reused when it matches, else built anew; with
// graphed, the decode step is captured before the session is stored, so a
// capture that throws leaves no half-built session behind. Returns null when
// the capture failed (impl.graphCaptureFailure then says why).
DecodeSession* ensureDecodeSession(CausalLM::Impl& impl, std::int64_t batch, std::int64_t capacity,
                                   bool graphed) {
    const Decoder& d = impl.decoder;
    auto& s = impl.session;
    if (s && s->batch == batch && s->capacity == capacity && s->version == d.structureVersion &&
        s->graphed == graphed)
        return s.get();
    s.reset();  // free the old cache and graph pool first
    auto fresh = makeDecodeSession(d, batch, capacity, graphed);
    if (graphed) {
        try {
            fresh->graph = impl.captureOverride
                               ? impl.captureOverride(d, fresh->state, fresh->cache)
                               : captureDecodeStep(d, fresh->state, fresh->cache);
        } catch (const std::exception& e) {
            impl.graphCaptureFailure = e.what();
            std::cerr << "warning: CUDA graph capture failed (" << e.what()
                      << "); decoding eagerly from now on\n";
            return nullptr;
        }
    }
    s = std::move(fresh);
    return s.get();
}

}  // namespace

GenerationResult runGeneration(CausalLM::Impl& impl,
                               const std::vector<std::vector<std::int64_t>>& prompts,
                               const GenerationOptions& o, const ProgressSink& progress) {
    Decoder& d = impl.decoder;
    const ModelConfig& cfg = d.config();
    validate(cfg, prompts, o);
    c10::InferenceMode inference;
    GenerationResult result;
    const auto B = static_cast<std::int64_t>(prompts.size());
    result.sequences.resize(prompts.size());
    if (o.maxNewTokens == 0) return result;

    std::vector<std::int64_t> eos = o.eosTokenIds.empty() ? cfg.eosTokenIds : o.eosTokenIds;
    if (o.ignoreEos) eos.clear();
    std::erase_if(eos, [&](std::int64_t id) { return id < 0 || id >= cfg.vocabSize; });
    const std::int64_t pad =
        o.padTokenId.value_or(cfg.padTokenId.value_or(eos.empty() ? 0 : eos.front()));
    std::size_t maxStopLen = 0;
    for (const auto& s : o.stopStrings) maxStopLen = std::max(maxStopLen, s.size());

    const auto [idsT, maskT] = leftPaddedBatch(prompts, pad, d.device());
    const std::int64_t L = idsT.size(1);

    // Setup: the static cache (and graph) is reused while batch, capacity and
    // the model's structure stay the same; capacity is rounded up so prompts of
    // similar lengths share one capture. A failed capture falls back to eager
    // decoding (graphCaptureFallback says so once and remembers it).
    auto t0 = Clock::now();
    const bool wantGraph = o.useCudaGraph && graphCaptureAvailable(impl);
    const std::int64_t need = L + o.maxNewTokens;
    DecodeSession* session = nullptr;
    if (wantGraph || o.forceStaticCache)
        session = ensureDecodeSession(impl, B, (need + 127) / 128 * 128, wantGraph);
    KvCache eagerCache;
    if (!session) eagerCache = d.makeCache(B, need);
    KvCache& cache = session ? session->cache : eagerCache;
    result.usedCudaGraph = session && session->graph;
    result.usedStaticCache = session != nullptr;
    if (o.useCudaGraph) result.cudaGraphFallback = impl.graphCaptureFailure;
    if (wantGraph && !result.usedCudaGraph)
        progress.report(0.0, "CUDA graph capture failed; decoding eagerly");
    result.setupSeconds = secondsSince(t0);

    t0 = Clock::now();
    at::Tensor logits = d.prefill(idsT, maskT, cache);
    if (session) session->state.column.fill_(L);

    std::mt19937_64 rng(o.seed);
    const at::Tensor eosT = eos.empty() ? at::Tensor() : at::tensor(eos).to(d.device());
    std::vector<bool> done(static_cast<std::size_t>(B), false);
    std::int64_t remaining = B;
    std::vector<std::int64_t> feed(static_cast<std::size_t>(B));
    auto stepStart = Clock::now();
    for (int step = 0; step < o.maxNewTokens; ++step) {
        progress.report(static_cast<double>(step) / o.maxNewTokens,
                        "generating token " + std::to_string(step + 1) + " of " +
                            std::to_string(o.maxNewTokens));
        if (step < o.minNewTokens && eosT.defined())
            logits.index_fill_(1, eosT, -std::numeric_limits<double>::infinity());
        const at::Tensor next = o.sample ? sampleTokens(logits, o, rng) : logits.argmax(-1);
        const at::Tensor host = next.to(at::kCPU, at::kLong).contiguous();
        const std::int64_t* tok = host.data_ptr<std::int64_t>();
        if (step == 0) {
            result.prefillSeconds = secondsSince(t0);  // time to the first token on the host
            stepStart = Clock::now();
        }
        for (std::int64_t b = 0; b < B; ++b) {
            auto& seq = result.sequences[static_cast<std::size_t>(b)];
            feed[static_cast<std::size_t>(b)] = pad;
            if (done[static_cast<std::size_t>(b)]) continue;
            seq.tokens.push_back(tok[b]);
            feed[static_cast<std::size_t>(b)] = tok[b];
            bool stop = false;
            if (std::find(eos.begin(), eos.end(), tok[b]) != eos.end()) {
                seq.reason = FinishReason::Eos;
                stop = true;
            } else if (maxStopLen > 0 && endsWithStop(o, seq.tokens, maxStopLen, seq.stopString)) {
                seq.reason = FinishReason::StopString;
                stop = true;
            }
            if (stop) {
                done[static_cast<std::size_t>(b)] = true;
                --remaining;
            }
        }
        if (remaining == 0 || step + 1 == o.maxNewTokens) break;
        const auto feedT = at::tensor(feed).view({B, 1}).to(d.device());
        if (session) {
            session->state.ids.copy_(feedT);
            logits = session->graph ? session->graph->replay()
                                    : d.staticDecodeStep(session->state, cache);
        } else {
            logits = d.decodeStep(feedT, cache);
        }
        ++result.decodeSteps;
    }
    result.decodeSeconds = secondsSince(stepStart);
    progress.report(1.0, "generation finished");
    return result;
}

}  // namespace ts::model
