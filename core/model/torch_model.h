#pragma once
// The engine's tensors and forward pass, for .cpp files of core/model and
// core/train ONLY: this header includes ATen, so no other header (and nothing
// moc or a torch-free target compiles) may include it. The public, torch-free
// API is core/model/causal_lm.h; CausalLM::impl() leads here.
//
// Layout mirrors transformers' LlamaForCausalLM / Qwen3ForCausalLM so weight
// names map one to one (model.layers.3.self_attn.q_proj.weight, ...).
#include <ATen/ATen.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/adapter_config.h"
#include "core/model/causal_lm.h"
#include "core/model/checkpoint_files.h"
#include "core/model/model_config.h"

namespace ts::model {

at::ScalarType toScalarType(DType d);
DType fromScalarType(at::ScalarType t);
// "cpu", "cuda", "cuda:1" -> device; throws ts::Error for CUDA without CUDA support.
at::Device parseDevice(const std::string& spec);

// An unmerged LoRA pair on one projection: y += B(A(dropout(x))) * scaling.
// A and B are kept in float32 whatever the base dtype (peft's default
// autocast_adapter_dtype), so training them in bf16 models stays stable.
struct LoraWeights {
    at::Tensor a;  // [r, in]
    at::Tensor b;  // [out, r]
    double scaling = 1.0;
    double dropout = 0.0;
};

// nn.Linear (weight [out, in], optional bias) that may carry a LoRA pair.
struct Linear {
    at::Tensor weight;
    at::Tensor bias;  // undefined when the layer has none
    std::optional<LoraWeights> lora;
    // loraInput: x already cast to the adapter's dtype (shared by projections
    // that read the same x); undefined: cast here.
    at::Tensor operator()(const at::Tensor& x, bool training,
                          const at::Tensor& loraInput = {}) const;
};

struct DecoderLayer {
    at::Tensor inputNorm, postAttentionNorm;
    at::Tensor qNorm, kNorm;  // Qwen3 only
    Linear q, k, v, o, gate, up, down;
};

// One weight the architecture declares: HF name, where it lives, its shape.
struct ParamSpec {
    std::string name;
    at::Tensor* slot;
    std::vector<std::int64_t> shape;
    bool isNorm;  // initialised to ones (random init), never weight-decayed
};

// Preallocated keys/values [B, kvHeads, capacity, headDim] per layer. Columns
// are shared by the batch (prompts are left-padded), so one write index serves
// every row.
struct KvCache {
    std::vector<at::Tensor> k, v;
    at::Tensor keyValid;      // [B, capacity] bool: columns that hold real tokens
    at::Tensor nextPosition;  // [B, 1] int64: rotary position of each row's next token
    std::int64_t batch = 0, capacity = 0;
    std::int64_t length = 0;  // columns written (eager path)
    bool padded = false;      // some row is left-padded (masks are needed)
};

// Device-side inputs of the static decode step (fixed addresses, so the step
// can be captured as a CUDA graph and replayed).
struct StaticStepState {
    at::Tensor ids;     // [B, 1] int64: the token fed this step
    at::Tensor column;  // [1] int64: the cache column it is written to
};

class Decoder {
public:
    Decoder(ModelConfig config, at::Device device, at::ScalarType dtype);

    const ModelConfig& config() const { return config_; }
    at::Device device() const { return device_; }
    at::ScalarType dtype() const { return dtype_; }
    at::TensorOptions options() const { return at::TensorOptions().device(device_).dtype(dtype_); }

    // Every weight of the architecture (lm_head only when untied), HF names.
    std::vector<ParamSpec> parameterSpecs();
    std::vector<std::pair<std::string, at::Tensor>> namedParameters();
    // Every projection by module name (model.layers.3.mlp.up_proj).
    std::vector<std::pair<std::string, Linear*>> projections();
    std::vector<std::pair<std::string, const Linear*>> projections() const;
    // LoRA tensors with their PEFT key names (base_model.model.<module>.lora_A.weight).
    std::vector<std::pair<std::string, at::Tensor>> loraParameters();
    std::int64_t parameterCount() const;

    // Scoring / training: ids [B, T] int64, attentionMask [B, T] 0/1 or
    // undefined (no padding). Logits [B, T, V] in the model dtype; autograd-safe.
    at::Tensor forward(const at::Tensor& ids, const at::Tensor& attentionMask) const;
    // The same pass stopped before the output layer: [B, T, hidden]. Training
    // applies logitsOf to the labelled rows only, and without padding asks for
    // positions [lastLayerFrom, T) only: [B, T - lastLayerFrom, hidden], the
    // last layer run for those queries alone (the same values; the earlier
    // positions' final states predict nothing it trains on).
    at::Tensor hiddenStates(const at::Tensor& ids, const at::Tensor& attentionMask,
                            std::int64_t lastLayerFrom = 0) const;
    at::Tensor logitsOf(const at::Tensor& hidden) const;  // final norm + lm_head

    // Generation. prefill writes columns [0, T) and returns float32 logits
    // [B, V] of the last column; decodeStep feeds one token per row ([B, 1]) at
    // column cache.length. staticDecodeStep is the same step with every shape
    // fixed (attends over the whole capacity, column and positions read from the
    // device): the function captured as a CUDA graph.
    KvCache makeCache(std::int64_t batch, std::int64_t capacity) const;
    at::Tensor prefill(const at::Tensor& ids, const at::Tensor& attentionMask,
                       KvCache& cache) const;
    at::Tensor decodeStep(const at::Tensor& ids, KvCache& cache) const;
    at::Tensor staticDecodeStep(StaticStepState& state, KvCache& cache) const;
    // Rotary tables covering positions [0, n); returns them (graphs keep them alive).
    std::pair<at::Tensor, at::Tensor> ensureRope(std::int64_t n) const;

    bool training = false;               // enables LoRA dropout
    std::uint64_t structureVersion = 0;  // bumped when adapters attach or merge

    at::Tensor embed;         // [V, hidden]
    at::Tensor lmHeadWeight;  // [V, hidden]; undefined when tied to embed
    at::Tensor finalNorm;     // [hidden]
    std::vector<DecoderLayer> layers;

private:
    at::Tensor* slotFor(const std::string& name);
    struct Attn;
    at::Tensor layerForward(std::size_t index, at::Tensor x, const at::Tensor& cos,
                            const at::Tensor& sin, const Attn& attn, KvCache* cache) const;
    at::Tensor run(const at::Tensor& ids, const at::Tensor& positions, const Attn& attn,
                   KvCache* cache) const;

    ModelConfig config_;
    at::Device device_;
    at::ScalarType dtype_;
    at::Tensor invFreq_;                    // [headDim / 2] float32
    mutable at::Tensor ropeCos_, ropeSin_;  // [P, headDim] float32
};

// Mean next-token cross-entropy (float32) of logits [B, T, V] against labels
// [B, T] with -100 ignored; labels are shifted by one inside (transformers).
at::Tensor causalLmLoss(const at::Tensor& logits, const at::Tensor& labels);

// weights.cpp: safetensors <-> tensors.
at::Tensor tensorFromBytes(const TensorEntry& entry, std::string_view bytes,
                           const std::string& where);
void loadWeights(Decoder& decoder, const CheckpointFiles& files, const std::string& where);
void randomWeights(Decoder& decoder, std::uint64_t seed);
void writeWeights(Decoder& decoder, const std::filesystem::path& dir, DType dtype,
                  std::uint64_t maxShardBytes);

// lora.cpp: PEFT adapters.
void attachAdapter(Decoder& decoder, const std::filesystem::path& dir, const AdapterConfig& config,
                   LoraMode mode);
void attachFreshAdapter(Decoder& decoder, const AdapterConfig& config, std::uint64_t seed);
void mergeAdapters(Decoder& decoder);
void writeAdapter(Decoder& decoder, const AdapterConfig& config, const std::filesystem::path& dir);

// cuda_graph_decode.cpp: the decode step replayed from a CUDA graph.
class CapturedDecodeStep {
public:
    virtual ~CapturedDecodeStep() = default;
    virtual at::Tensor replay() = 0;  // logits [B, V] float32, valid until the next replay
};
// Whether this build can capture CUDA graphs (libtorch 2.x with CUDA).
bool cudaGraphsCompiled();
// Captures decoder.staticDecodeStep(state, cache) on a side stream. The warm-up
// runs advance the state, so callers reset cache and state afterwards.
std::unique_ptr<CapturedDecodeStep> captureDecodeStep(const Decoder& decoder,
                                                      StaticStepState& state, KvCache& cache);
// The same interface over the eager static step (no capture): what a test's
// stand-in capture returns, so the graph path runs on the CPU.
std::unique_ptr<CapturedDecodeStep> eagerDecodeStep(const Decoder& decoder, StaticStepState& state,
                                                    KvCache& cache);
using DecodeStepCapturer =
    std::function<std::unique_ptr<CapturedDecodeStep>(const Decoder&, StaticStepState&, KvCache&)>;

// generation.cpp: prompts left-padded with pad into ids [B, L] and a 0/1 mask.
std::pair<at::Tensor, at::Tensor> leftPaddedBatch(
    const std::vector<std::vector<std::int64_t>>& prompts, std::int64_t pad, at::Device device);
// The static cache (and graph) kept between generate() calls.
struct DecodeSession;
GenerationResult runGeneration(CausalLM::Impl& impl,
                               const std::vector<std::vector<std::int64_t>>& prompts,
                               const GenerationOptions& options, const ProgressSink& progress);

struct CausalLM::Impl {
    Impl(ModelConfig config, EngineOptions opts, at::Device device, at::ScalarType dtype)
        : decoder(std::move(config), device, dtype), options(std::move(opts)) {}
    Decoder decoder;
    EngineOptions options;
    std::optional<AdapterConfig> adapter;
    bool adapterMerged = false;
    std::shared_ptr<DecodeSession> session;
    // Tests: replaces captureDecodeStep (and makes the graph path available on
    // any device); CausalLM::overrideGraphCaptureForTesting sets it.
    DecodeStepCapturer captureOverride;
    // Why the last capture failed; once set, generation decodes eagerly.
    std::string graphCaptureFailure;
};

}  // namespace ts::model
