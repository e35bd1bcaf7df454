// The decoder forward pass shared by Llama 3.x and Qwen3: RMSNorm, rotary
// embeddings (default / linear / llama3 scaling), grouped-query attention with
// a static KV cache, SwiGLU MLP, Qwen3's per-head q/k norms, tied embeddings.
// Numerics follow transformers: norms and softmax in float32, rotary tables in
// float32 cast to the model dtype, everything else in the model dtype.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/model/torch_model.h"
#include "core/util/error.h"

namespace ts::model {

namespace {

// transformers' LlamaRMSNorm: normalise in float32, cast back, then scale.
// In float32, libtorch 2.4+'s fused at::rms_norm computes the same thing in
// one kernel instead of eight; in bf16/fp16 it would scale before the cast
// (one rounding fewer than transformers), so reduced precision keeps the
// composed form, which the bf16 parity bounds were measured with.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    if (x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat)
        return at::rms_norm(x, {x.size(-1)}, weight, eps);
#endif
    const auto xf = x.to(at::kFloat);
    const auto var = xf.pow(2).mean(-1, /*keepdim=*/true);
    return weight * (xf * at::rsqrt(var + eps)).to(x.scalar_type());
}

at::Tensor rotateHalf(const at::Tensor& x) {
    const auto half = x.size(-1) / 2;
    return at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

at::Tensor applyRope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    return x * cos + rotateHalf(x) * sin;
}

// [B, kvHeads, S, D] -> [B, kvHeads * rep, S, D] (transformers' repeat_kv).
[[maybe_unused]] at::Tensor repeatKv(const at::Tensor& t, std::int64_t rep) {
    if (rep == 1) return t;
    const auto B = t.size(0), H = t.size(1), S = t.size(2), D = t.size(3);
    return t.unsqueeze(2).expand({B, H, rep, S, D}).reshape({B, H * rep, S, D});
}

// Causal attention of queries q [B, H, T, D] that are the last T of the S
// positions of k, v [B, KVH, S, D], with the causal mask as an additive bias
// that baddbmm writes before it accumulates the scaled product - one pass over
// the scores instead of a scale, a copy and a fill, each with its own
// backward pass (the bias needs no gradient). Grouped: the rep query heads of
// a kv head share its keys without copying them.
at::Tensor causalBlock(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                       double scale) {
    const auto B = q.size(0), H = q.size(1), T = q.size(2), D = q.size(3);
    const auto KVH = k.size(1), S = k.size(2), rep = H / KVH;
    const auto bias = at::full({T, S}, -std::numeric_limits<double>::infinity(), q.options())
                          .triu(S - T + 1)
                          .repeat({rep, 1});  // [rep * T, S]
    const auto scores = at::baddbmm(bias.unsqueeze(0), q.reshape({B * KVH, rep * T, D}),
                                    k.reshape({B * KVH, S, D}).transpose(1, 2), 1.0, scale);
    const auto probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
    return at::bmm(probs, v.reshape({B * KVH, S, D})).view({B, H, T, D});
}

// From this many queries on, causal attention runs as two blocks of queries:
// the first half never sees the keys after it, so that quarter of the score
// matrix (all masked) is neither computed nor differentiated.
constexpr std::int64_t kSplitCausalQueriesFrom = 64;

at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           double scale) {
    const auto T = q.size(2), S = k.size(2);
    if (T < kSplitCausalQueriesFrom) return causalBlock(q, k, v, scale);
    const auto half = T / 2, seen = S - T + half;  // keys the first half may see
    return at::cat(
        {causalBlock(q.narrow(2, 0, half), k.narrow(2, 0, seen), v.narrow(2, 0, seen), scale),
         causalBlock(q.narrow(2, half, T - half), k, v, scale)},
        2);
}

// Query rows attend to key columns where mask is true. mask: bool [B|1, 1, T|1, S]
// or undefined; causal applies only without a mask (and then the queries are
// the last T of the S positions: S == T, or training's last layer).
at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                  const at::Tensor& mask, bool causal) {
    const auto B = q.size(0), H = q.size(1), T = q.size(2), D = q.size(3);
    const auto KVH = k.size(1), S = k.size(2), rep = H / KVH;
#if TORCH_VERSION_MAJOR >= 2
    // Prompt-sized work goes to the fused kernels (flash / memory-efficient).
    if (T > 1) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5)
        // Unmasked (causal, S == T): the kernels read each kv head for its
        // query heads (enable_gqa) instead of a copy expanded to every head.
        // Masked attention keeps the copy: the memory-efficient kernel that
        // takes a mask has no GQA and would fall back to the T x T math path.
        if (!mask.defined() && (!causal || T == S))
            return at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal, std::nullopt,
                                                    /*enable_gqa=*/true);
#endif
        const auto kk = repeatKv(k, rep), vv = repeatKv(v, rep);
        if (mask.defined()) return at::scaled_dot_product_attention(q, kk, vv, mask, 0.0, false);
        // is_causal aligns the triangle top-left; queries that are the last T
        // of S positions (training's last layer) need it bottom-right.
        if (causal && T != S)
            return at::scaled_dot_product_attention(
                q, kk, vv, at::ones({T, S}, q.options().dtype(at::kBool)).tril(S - T), 0.0, false);
        return at::scaled_dot_product_attention(q, kk, vv, {}, 0.0, causal);
    }
#endif
    // Grouped matmul: the rep query heads of a kv head share its keys without
    // copying them (decode reads the cache once per step).
    const double scale = 1.0 / std::sqrt(static_cast<double>(D));
    // Training and unpadded prompts.
    if (!mask.defined() && causal && T > 1) return causalAttention(q, k, v, scale);
    auto scores = at::matmul(q.reshape({B, KVH, rep * T, D}), k.transpose(-1, -2)) * scale;
    at::Tensor m = mask;
    if (!m.defined() && causal)
        m = at::ones({T, S}, q.options().dtype(at::kBool)).tril(S - T).view({1, 1, T, S});
    if (m.defined()) {
        scores =
            scores.view({B, KVH, rep, T, S})
                .masked_fill(m.unsqueeze(1).logical_not(), -std::numeric_limits<double>::infinity())
                .view({B, KVH, rep * T, S});
    }
    const auto probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
    return at::matmul(probs, v).view({B, H, T, D});
}

// transformers' rotary inverse frequencies, including the llama3 rescaling.
at::Tensor inverseFrequencies(const ModelConfig& c, at::Device device) {
    const auto dim = c.headDim;
    auto exponents =
        at::arange(0, dim, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat) / double(dim);
    auto inv = 1.0 / at::pow(c.rope.theta, exponents);
    if (c.rope.type == "linear") {
        inv = inv / c.rope.factor;
    } else if (c.rope.type == "llama3") {
        const double factor = c.rope.factor, low = c.rope.lowFreqFactor,
                     high = c.rope.highFreqFactor;
        const double oldLen = static_cast<double>(c.rope.originalMaxPositions);
        const double lowWavelen = oldLen / low, highWavelen = oldLen / high;
        const auto wavelen = 2 * M_PI / inv;
        auto scaled = at::where(wavelen > lowWavelen, inv / factor, inv);
        const auto smooth = (oldLen / wavelen - low) / (high - low);
        const auto smoothed = (1 - smooth) * scaled / factor + smooth * scaled;
        const auto medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
        inv = at::where(medium, smoothed, scaled);
    }
    return inv.to(device);
}

}  // namespace

// How a forward pass attends: an explicit mask, causal without one, and how
// the cache is written (columns [start, start+T) or at a device-side column).
struct Decoder::Attn {
    at::Tensor mask;
    bool causal = false;
    std::int64_t start = 0;  // eager cache write position
    at::Tensor column;       // static-step write position ([1] int64)
    // Training: the last layer computes positions [lastLayerFrom, T) only
    // (its keys and values still cover every position); the earlier ones
    // predict no labelled token, so their final hidden states are never read.
    std::int64_t lastLayerFrom = 0;
};

Decoder::Decoder(ModelConfig config, at::Device device, at::ScalarType dtype)
    : config_(std::move(config)), device_(device), dtype_(dtype) {
    layers.resize(static_cast<std::size_t>(config_.numLayers));
    invFreq_ = inverseFrequencies(config_, device_);
}

at::Tensor* Decoder::slotFor(const std::string& name) {
    if (name == "model.embed_tokens.weight") return &embed;
    if (name == "model.norm.weight") return &finalNorm;
    if (name == "lm_head.weight") return &lmHeadWeight;
    const std::string prefix = "model.layers.";
    if (name.rfind(prefix, 0) != 0) return nullptr;
    const auto dot = name.find('.', prefix.size());
    if (dot == std::string::npos) return nullptr;
    const auto index =
        static_cast<std::size_t>(std::stoul(name.substr(prefix.size(), dot - prefix.size())));
    if (index >= layers.size()) return nullptr;
    auto& L = layers[index];
    const std::string rest = name.substr(dot + 1);
    if (rest == "input_layernorm.weight") return &L.inputNorm;
    if (rest == "post_attention_layernorm.weight") return &L.postAttentionNorm;
    if (rest == "self_attn.q_norm.weight") return &L.qNorm;
    if (rest == "self_attn.k_norm.weight") return &L.kNorm;
    const std::pair<const char*, Linear*> linears[] = {
        {"self_attn.q_proj", &L.q}, {"self_attn.k_proj", &L.k}, {"self_attn.v_proj", &L.v},
        {"self_attn.o_proj", &L.o}, {"mlp.gate_proj", &L.gate}, {"mlp.up_proj", &L.up},
        {"mlp.down_proj", &L.down}};
    for (const auto& [module, l] : linears) {
        if (rest == std::string(module) + ".weight") return &l->weight;
        if (rest == std::string(module) + ".bias") return &l->bias;
    }
    return nullptr;
}

std::vector<ParamSpec> Decoder::parameterSpecs() {
    std::vector<ParamSpec> specs;
    for (auto& w : expectedWeights(config_)) {
        at::Tensor* slot = slotFor(w.name);
        if (!slot) throw Error("internal: no slot for weight " + w.name);
        specs.push_back({w.name, slot, w.shape, w.isNorm});
    }
    return specs;
}

std::vector<std::pair<std::string, at::Tensor>> Decoder::namedParameters() {
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& s : parameterSpecs()) out.emplace_back(s.name, *s.slot);
    return out;
}

std::vector<std::pair<std::string, Linear*>> Decoder::projections() {
    std::vector<std::pair<std::string, Linear*>> out;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto& L = layers[i];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        out.emplace_back(p + "self_attn.q_proj", &L.q);
        out.emplace_back(p + "self_attn.k_proj", &L.k);
        out.emplace_back(p + "self_attn.v_proj", &L.v);
        out.emplace_back(p + "self_attn.o_proj", &L.o);
        out.emplace_back(p + "mlp.gate_proj", &L.gate);
        out.emplace_back(p + "mlp.up_proj", &L.up);
        out.emplace_back(p + "mlp.down_proj", &L.down);
    }
    return out;
}

std::vector<std::pair<std::string, const Linear*>> Decoder::projections() const {
    std::vector<std::pair<std::string, const Linear*>> out;
    for (const auto& [name, l] : const_cast<Decoder*>(this)->projections())
        out.emplace_back(name, l);
    return out;
}

std::vector<std::pair<std::string, at::Tensor>> Decoder::loraParameters() {
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& [name, l] : projections()) {
        if (!l->lora) continue;
        out.emplace_back(kPeftPrefix + name + ".lora_A.weight", l->lora->a);
        out.emplace_back(kPeftPrefix + name + ".lora_B.weight", l->lora->b);
    }
    return out;
}

std::int64_t Decoder::parameterCount() const {
    std::int64_t n = 0;
    for (const auto& s : const_cast<Decoder*>(this)->parameterSpecs())
        if (s.slot->defined()) n += s.slot->numel();
    return n;
}

at::Tensor Linear::operator()(const at::Tensor& x, bool training,
                              const at::Tensor& loraInput) const {
    auto y = at::linear(x, weight, bias);
    if (lora) {
        auto xin = loraInput.defined() && loraInput.scalar_type() == lora->a.scalar_type()
                       ? loraInput
                       : x.to(lora->a.scalar_type());
        if (training && lora->dropout > 0) xin = at::dropout(xin, lora->dropout, true);
        const auto delta = at::linear(at::linear(xin, lora->a), lora->b) * lora->scaling;
        y = y + delta.to(y.scalar_type());
    }
    return y;
}

std::pair<at::Tensor, at::Tensor> Decoder::ensureRope(std::int64_t n) const {
    if (!ropeCos_.defined() || ropeCos_.size(0) < n) {
        // Normal tensors even when first needed under InferenceMode (generation),
        // so a later autograd forward (training) may save them for backward.
        c10::InferenceMode normalTensors(false);
        const std::int64_t rows = std::max<std::int64_t>(1024, (n + 1023) / 1024 * 1024);
        const auto pos = at::arange(rows, at::TensorOptions().device(device_).dtype(at::kFloat));
        const auto freqs = at::outer(pos, invFreq_);
        const auto emb = at::cat({freqs, freqs}, -1);
        ropeCos_ = emb.cos();
        ropeSin_ = emb.sin();
    }
    return {ropeCos_, ropeSin_};
}

// The input of several adapted projections cast once to their adapters'
// dtype; undefined when fewer than two of them carry an adapter.
static at::Tensor loraInputOf(const at::Tensor& x, std::initializer_list<const Linear*> readers) {
    int adapted = 0;
    at::ScalarType dtype = x.scalar_type();
    for (const auto* l : readers)
        if (l->lora) {
            ++adapted;
            dtype = l->lora->a.scalar_type();
        }
    return adapted >= 2 ? x.to(dtype) : at::Tensor();
}

at::Tensor Decoder::layerForward(std::size_t index, at::Tensor x, const at::Tensor& cos,
                                 const at::Tensor& sin, const Attn& attn, KvCache* cache) const {
    const auto& L = layers[index];
    const auto& c = config_;
    const auto B = x.size(0), T = x.size(1);
    const std::int64_t from = index + 1 == layers.size() ? attn.lastLayerFrom : 0;
    const auto Tq = T - from;  // query positions computed
    const auto n = rmsNorm(x, L.inputNorm, c.rmsNormEps);
    // q, k and v read the same input: its cast to the adapters' float32 is
    // made once for the three (a no-op when the model is float32 already).
    const auto nl = loraInputOf(n, {&L.q, &L.k, &L.v});
    auto q = L.q(from ? n.narrow(1, from, Tq) : n, training,
                 from && nl.defined() ? nl.narrow(1, from, Tq) : nl)
                 .view({B, Tq, c.numHeads, c.headDim});
    auto k = L.k(n, training, nl).view({B, T, c.numKvHeads, c.headDim});
    auto v = L.v(n, training, nl).view({B, T, c.numKvHeads, c.headDim}).transpose(1, 2);
    if (c.hasQkNorm()) {
        q = rmsNorm(q, L.qNorm, c.rmsNormEps);
        k = rmsNorm(k, L.kNorm, c.rmsNormEps);
    }
    q = applyRope(q.transpose(1, 2), from ? cos.narrow(2, from, Tq) : cos,
                  from ? sin.narrow(2, from, Tq) : sin);
    k = applyRope(k.transpose(1, 2), cos, sin);
    at::Tensor keys = k, values = v;
    if (cache) {
        auto& ck = cache->k[index];
        auto& cv = cache->v[index];
        if (attn.column.defined()) {
            ck.index_copy_(2, attn.column, k);
            cv.index_copy_(2, attn.column, v);
            keys = ck;
            values = cv;
        } else {
            ck.narrow(2, attn.start, T).copy_(k);
            cv.narrow(2, attn.start, T).copy_(v);
            keys = ck.narrow(2, 0, attn.start + T);
            values = cv.narrow(2, 0, attn.start + T);
        }
    }
    auto a = attend(q, keys, values, attn.mask, attn.causal);
    a = a.transpose(1, 2).reshape({B, Tq, c.numHeads * c.headDim});
    x = (from ? x.narrow(1, from, Tq) : x) + L.o(a, training);
    const auto n2 = rmsNorm(x, L.postAttentionNorm, c.rmsNormEps);
    const auto n2l = loraInputOf(n2, {&L.gate, &L.up});
    return x + L.down(at::silu(L.gate(n2, training, n2l)) * L.up(n2, training, n2l), training);
}

at::Tensor Decoder::run(const at::Tensor& ids, const at::Tensor& positions, const Attn& attn,
                        KvCache* cache) const {
    const auto B = ids.size(0), T = ids.size(1);
    // Positions never exceed the columns in use, so the tables are sized from
    // host-side counts (reading positions back would stall the device, and is
    // impossible inside a graph capture, where the tables were sized beforehand).
    if (!attn.column.defined()) ensureRope(cache ? cache->capacity : T);
    const auto flat = positions.reshape({-1});
    const auto cos = ropeCos_.index_select(0, flat).view({B, 1, T, config_.headDim}).to(dtype_);
    const auto sin = ropeSin_.index_select(0, flat).view({B, 1, T, config_.headDim}).to(dtype_);
    auto x = at::embedding(embed, ids);
    for (std::size_t i = 0; i < layers.size(); ++i) x = layerForward(i, x, cos, sin, attn, cache);
    return x;
}

at::Tensor Decoder::logitsOf(const at::Tensor& hidden) const {
    const auto h = rmsNorm(hidden, finalNorm, config_.rmsNormEps);
    return at::linear(h, lmHeadWeight.defined() ? lmHeadWeight : embed);
}

namespace {

// Mask for T new query columns starting at `start` over keys [0, start+T):
// causal, keys restricted to valid columns, and every query may see itself so
// that padded rows never produce an all-masked (NaN) softmax.
at::Tensor buildMask(const at::Tensor& keyValid, std::int64_t start, std::int64_t T) {
    const auto S = start + T;
    const auto opts = keyValid.options().dtype(at::kLong);
    const auto qcol = at::arange(start, S, opts).view({T, 1});
    const auto kcol = at::arange(0, S, opts).view({1, S});
    const auto causal = kcol.le(qcol);                         // [T, S]
    const auto self = kcol.eq(qcol);                           // [T, S]
    const auto valid = keyValid.narrow(1, 0, S).unsqueeze(1);  // [B, 1, S]
    return causal.unsqueeze(0)
        .logical_and(valid.logical_or(self.unsqueeze(0)))
        .unsqueeze(1);  // [B,1,T,S]
}

// Rotary positions from a left-padded mask: 0 at each row's first real token.
at::Tensor positionsFromMask(const at::Tensor& mask) {
    return (mask.to(at::kLong).cumsum(1) - 1).clamp_min(0);
}

}  // namespace

at::Tensor Decoder::forward(const at::Tensor& ids, const at::Tensor& attentionMask) const {
    return logitsOf(hiddenStates(ids, attentionMask));
}

at::Tensor Decoder::hiddenStates(const at::Tensor& ids, const at::Tensor& attentionMask,
                                 std::int64_t lastLayerFrom) const {
    const auto T = ids.size(1);
    Attn attn;
    at::Tensor positions;
    const bool padded = attentionMask.defined() && !attentionMask.to(at::kBool).all().item<bool>();
    if (padded) {
        positions = positionsFromMask(attentionMask);
        attn.mask = buildMask(attentionMask.to(at::kBool), 0, T);
    } else {
        positions =
            at::arange(T, ids.options().dtype(at::kLong)).unsqueeze(0).expand({ids.size(0), T});
        attn.causal = true;
        attn.lastLayerFrom = std::clamp<std::int64_t>(lastLayerFrom, 0, T - 1);
    }
    return run(ids, positions, attn, nullptr);
}

KvCache Decoder::makeCache(std::int64_t batch, std::int64_t capacity) const {
    KvCache c;
    c.batch = batch;
    c.capacity = capacity;
    const auto shape =
        std::vector<std::int64_t>{batch, config_.numKvHeads, capacity, config_.headDim};
    for (std::size_t i = 0; i < layers.size(); ++i) {
        c.k.push_back(at::zeros(shape, options()));
        c.v.push_back(at::zeros(shape, options()));
    }
    c.keyValid = at::zeros({batch, capacity}, at::TensorOptions().device(device_).dtype(at::kBool));
    c.nextPosition = at::zeros({batch, 1}, at::TensorOptions().device(device_).dtype(at::kLong));
    return c;
}

at::Tensor Decoder::prefill(const at::Tensor& ids, const at::Tensor& attentionMask,
                            KvCache& cache) const {
    const auto T = ids.size(1);
    if (T > cache.capacity)
        throw Error("prompt of " + std::to_string(T) + " tokens exceeds the KV cache");
    const auto valid = attentionMask.to(at::kBool);
    cache.keyValid.zero_();
    cache.keyValid.narrow(1, 0, T).copy_(valid);
    cache.padded = !valid.all().item<bool>();
    const auto positions = positionsFromMask(attentionMask);
    Attn attn;
    if (cache.padded)
        attn.mask = buildMask(cache.keyValid, 0, T);
    else
        attn.causal = true;
    const auto hidden = run(ids, positions, attn, &cache);
    cache.length = T;
    cache.nextPosition.copy_(positions.narrow(1, T - 1, 1) + 1);
    return logitsOf(hidden.narrow(1, T - 1, 1)).squeeze(1).to(at::kFloat);
}

at::Tensor Decoder::decodeStep(const at::Tensor& ids, KvCache& cache) const {
    const auto col = cache.length;
    if (col >= cache.capacity)
        throw Error("KV cache full (" + std::to_string(cache.capacity) + " columns)");
    cache.keyValid.narrow(1, col, 1).fill_(true);
    Attn attn;
    attn.start = col;
    if (cache.padded)
        attn.mask = cache.keyValid.narrow(1, 0, col + 1).view({cache.batch, 1, 1, col + 1});
    const auto hidden = run(ids, cache.nextPosition, attn, &cache);
    cache.length = col + 1;
    cache.nextPosition.add_(1);
    return logitsOf(hidden).squeeze(1).to(at::kFloat);
}

at::Tensor Decoder::staticDecodeStep(StaticStepState& s, KvCache& cache) const {
    cache.keyValid.index_fill_(1, s.column, true);
    Attn attn;
    attn.column = s.column;
    attn.mask = cache.keyValid.view({cache.batch, 1, 1, cache.capacity});
    const auto hidden = run(s.ids, cache.nextPosition, attn, &cache);
    const auto logits = logitsOf(hidden).squeeze(1).to(at::kFloat);
    s.column.add_(1);
    cache.nextPosition.add_(1);
    return logits;
}

at::Tensor causalLmLoss(const at::Tensor& logits, const at::Tensor& labels) {
    const auto T = logits.size(1), V = logits.size(2);
    const auto shiftLogits = logits.narrow(1, 0, T - 1).to(at::kFloat).reshape({-1, V});
    const auto shiftLabels = labels.narrow(1, 1, T - 1).reshape({-1}).to(at::kLong);
    return at::cross_entropy_loss(shiftLogits, shiftLabels, {}, at::Reduction::Mean, -100);
}

}  // namespace ts::model
