#pragma once
// The model engine's public face (torch-free, pimpl): a Llama 3.x / Qwen3
// decoder loaded from a Hugging Face directory, optional PEFT LoRA adapter,
// logits, loss and generation. The device and dtype are chosen once at load.
//
// core/train reaches the tensors through core/model/torch_model.h (a torch
// header for .cpp files only) via impl().
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/progress.h"
#include "core/model/adapter_config.h"
#include "core/model/generation.h"
#include "core/model/model_config.h"

namespace ts::model {

struct EngineOptions {
    std::string device = "cpu";  // "cpu", "cuda", "cuda:1"
    DType dtype = DType::Float32;
    int cpuThreads = 0;  // 0: every hardware thread (libtorch defaults to one)
};

enum class LoraMode { Unmerged, Merged };

// Host copy of float32 logits [batch, seq, vocab].
struct Logits {
    std::int64_t batch = 0, seq = 0, vocab = 0;
    std::vector<float> values;
    const float* row(std::int64_t b, std::int64_t t) const {
        return values.data() + (b * seq + t) * vocab;
    }
    float at(std::int64_t b, std::int64_t t, std::int64_t v) const { return row(b, t)[v]; }
};

// Whether this build's libtorch can run on CUDA and how many devices it sees.
bool cudaAvailable();
int cudaDeviceCount();
std::string torchVersion();
// Free memory on a CUDA device ("cuda", "cuda:1"); none on the CPU or without CUDA.
std::optional<std::uint64_t> deviceFreeBytes(const std::string& device);

class CausalLM {
public:
    // Reads config.json and model.safetensors (or its sharded index) from dir.
    static CausalLM load(const std::filesystem::path& dir, const EngineOptions& options = {});
    // Random weights (normal, std 0.02; norms 1) at the config's sizes: benchmarks.
    static CausalLM randomInit(const ModelConfig& config, const EngineOptions& options,
                               std::uint64_t seed = 0);

    CausalLM(CausalLM&&) noexcept;
    CausalLM& operator=(CausalLM&&) noexcept;
    ~CausalLM();

    const ModelConfig& config() const;
    const EngineOptions& options() const;
    std::string deviceName() const;       // "cpu", "cuda:0"
    std::int64_t parameterCount() const;  // base weights (tied embedding once)

    // PEFT LoRA. Unmerged keeps A/B apart (trainable, removable); Merged folds
    // B*A*scaling into the base weights. One adapter at a time.
    void loadAdapter(const std::filesystem::path& adapterDir, LoraMode mode = LoraMode::Unmerged);
    // A fresh adapter (A Kaiming-uniform as in peft, B zero) on config.targets().
    void addAdapter(const AdapterConfig& config, std::uint64_t seed = 0);
    void mergeAdapter();
    bool hasAdapter() const;
    bool adapterMerged() const;
    const AdapterConfig& adapterConfig() const;  // throws when there is none
    void saveAdapter(const std::filesystem::path& dir) const;
    // config.json + model.safetensors (sharded with an index above maxShardBytes).
    void saveCheckpoint(const std::filesystem::path& dir, DType dtype,
                        std::uint64_t maxShardBytes = std::uint64_t(5) << 30) const;

    // Logits of one unpadded sequence: [1, T, V].
    Logits logits(const std::vector<std::int64_t>& ids) const;
    // Logits of a rectangular batch with a 0/1 attention mask (left padding).
    Logits logits(const std::vector<std::vector<std::int64_t>>& ids,
                  const std::vector<std::vector<std::int64_t>>& attentionMask) const;
    // Mean next-token cross-entropy of ids with labels (-100 ignored), shifted
    // by one inside as in transformers.
    double loss(const std::vector<std::int64_t>& ids,
                const std::vector<std::int64_t>& labels) const;

    // Batched generation (prompts left-padded). Cancellable between steps via
    // the sink (throws ts::Cancelled); reports one progress step per token.
    // Not const: the static KV cache and the captured CUDA graph are kept for
    // the next call of the same batch shape.
    GenerationResult generate(const std::vector<std::vector<std::int64_t>>& prompts,
                              const GenerationOptions& options, const ProgressSink& progress = {});

    // Tests: stands in for the CUDA-graph capture on any device. `capture` runs
    // where the capture would (throwing simulates a failed capture); when it
    // returns, the static decode step is replayed eagerly as if captured.
    void overrideGraphCaptureForTesting(std::function<void()> capture);

    struct Impl;
    Impl& impl() { return *impl_; }
    const Impl& impl() const { return *impl_; }

private:
    explicit CausalLM(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ts::model
