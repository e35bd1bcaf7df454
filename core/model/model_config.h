#pragma once
// config.json of a Hugging Face causal LM, for the two decoder families the
// engine implements: LlamaForCausalLM (Llama 3.x) and Qwen3ForCausalLM.
// Accepts both spellings of the rotary settings: transformers 4 (top-level
// rope_theta + rope_scaling) and transformers 5 (rope_parameters), and both
// torch_dtype (4.x) and dtype (5.x).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ts::model {

enum class Architecture { Llama, Qwen3 };
std::string architectureName(Architecture a);  // "LlamaForCausalLM", ...

// Storage / compute dtype of the engine.
enum class DType { Float32, BFloat16, Float16 };
std::string dtypeName(DType d);  // "float32", "bfloat16", "float16"
// Parses "float32"/"fp32"/"bfloat16"/"bf16"/"float16"/"fp16"; nullopt when unknown.
std::optional<DType> parseDType(const std::string& s);

// Ceilings on the sizes config.json may declare, far above every real
// checkpoint (largest today: vocabulary 262,144, hidden 16,384, 126 layers,
// 10 M positions) and low enough that the parameter count of a config within
// them cannot overflow 64 bits. A config beyond one is refused by
// parseModelConfig, naming the key, before anything is sized from it.
inline constexpr std::int64_t kMaxVocabSize = std::int64_t(1) << 24;
inline constexpr std::int64_t kMaxHiddenSize = std::int64_t(1) << 20;
inline constexpr std::int64_t kMaxIntermediateSize = std::int64_t(1) << 22;
inline constexpr std::int64_t kMaxLayers = 1024;
inline constexpr std::int64_t kMaxAttentionHeads = 4096;
inline constexpr std::int64_t kMaxHeadDim = 4096;
inline constexpr std::int64_t kMaxPositions = std::int64_t(1) << 24;

struct RopeConfig {
    double theta = 10000.0;
    std::string type = "default";  // "default", "linear" or "llama3"
    double factor = 1.0;
    // llama3 only
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    std::int64_t originalMaxPositions = 8192;
};

struct ModelConfig {
    Architecture architecture = Architecture::Llama;
    std::int64_t vocabSize = 0;
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t numLayers = 0;
    std::int64_t numHeads = 0;
    std::int64_t numKvHeads = 0;
    std::int64_t headDim =
        0;  // independent of hidden/heads (Qwen3: 128 with hidden 2048, 16 heads)
    std::int64_t maxPositionEmbeddings = 0;
    double rmsNormEps = 1e-6;
    RopeConfig rope;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;
    bool mlpBias = false;
    std::optional<std::int64_t> bosTokenId;
    std::vector<std::int64_t> eosTokenIds;
    std::optional<std::int64_t> padTokenId;
    std::optional<DType> torchDtype;  // what the checkpoint says it was saved in
    std::string sourceJson;           // the original text, re-emitted on save

    bool hasQkNorm() const { return architecture == Architecture::Qwen3; }
    // Parameters of the decoder (embeddings counted once when tied).
    std::int64_t parameterCount() const;
    // Bytes the weights take in memory stored as dtype.
    std::uint64_t weightBytes(DType dtype) const;
};

// One weight the architecture declares, with its Hugging Face name and shape
// (lm_head.weight only when the embeddings are untied).
struct WeightSpec {
    std::string name;
    std::vector<std::int64_t> shape;
    bool isNorm = false;  // RMSNorm scales: ones at random init, no weight decay
};
std::vector<WeightSpec> expectedWeights(const ModelConfig& config);

// Parses config.json text; `where` names the file in error messages.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& where);
ModelConfig loadModelConfig(const std::filesystem::path& modelDir);

// The config.json text for a saved checkpoint: the source text with dtype
// updated (or a fresh config when there is no source text).
std::string modelConfigJson(const ModelConfig& config, DType savedDtype);

}  // namespace ts::model
