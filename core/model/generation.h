#pragma once
// Options and results of text generation (torch-free). Prompts are token-id
// lists of any lengths; the engine left-pads them into one batch.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ts::model {

struct GenerationOptions {
    int maxNewTokens = 64;
    // EOS is suppressed until this many tokens were generated (HF min_new_tokens).
    int minNewTokens = 0;
    // Greedy when false; otherwise temperature / top-k / top-p sampling driven by seed.
    bool sample = false;
    double temperature = 1.0;
    int topK = 0;       // 0: off
    double topP = 1.0;  // 1: off
    std::uint64_t seed = 0;
    // Stop ids; empty means the model config's eos_token_id list.
    std::vector<std::int64_t> eosTokenIds;
    bool ignoreEos = false;
    // Generation of a sequence stops once its decoded new text contains one of
    // these; needs detokenize (token ids -> text).
    std::vector<std::string> stopStrings;
    std::function<std::string(const std::vector<std::int64_t>&)> detokenize;
    // Fills the left padding of the prompt batch and the slots of finished rows.
    std::optional<std::int64_t> padTokenId;
    // On CUDA: capture the decode step once as a CUDA graph over a static KV
    // cache and replay it (no effect on CPU or without CUDA graph support).
    bool useCudaGraph = true;
    // Run the static-cache decode step even without a graph (tests use it to
    // cover the CUDA-graph code path on the CPU).
    bool forceStaticCache = false;
};

enum class FinishReason { Length, Eos, StopString };
std::string finishReasonName(FinishReason r);

struct GeneratedSequence {
    std::vector<std::int64_t>
        tokens;  // new tokens only (the EOS id included when it ended the row)
    FinishReason reason = FinishReason::Length;
    std::string stopString;  // the stop string that matched, if any
};

struct GenerationResult {
    std::vector<GeneratedSequence> sequences;  // one per prompt, in input order
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;  // all steps after the prefill, sampling included
    double setupSeconds = 0.0;   // cache allocation and graph capture
    std::int64_t decodeSteps = 0;
    bool usedCudaGraph = false;
    // Why a CUDA graph was asked for and not used: the capture failed (this
    // call or an earlier one on the same model), so decoding ran eagerly.
    std::string cudaGraphFallback;
    bool usedStaticCache = false;
    std::int64_t generatedTokens() const;
};

}  // namespace ts::model
