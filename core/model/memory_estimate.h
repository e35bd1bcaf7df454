#pragma once
// Device memory a job will need, estimated before it starts, so that a job too
// large for the GPU is refused with advice instead of dying in an
// out-of-memory error minutes in (torch-free arithmetic; docs/training.md
// "Memory check" derives each term). Estimates are upper bounds of the steady
// state, not exact: the allocator's cache, fragmentation and the CUDA context
// are covered by a fixed reserve plus a proportional margin.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/model_config.h"

namespace ts::model {

struct MemoryEstimate {
    std::uint64_t weights = 0;      // the model's parameters in their dtype
    std::uint64_t trainState = 0;   // trainable copies, gradients and AdamW moments
    std::uint64_t activations = 0;  // kept for backward (training) or KV cache + logits
    std::uint64_t reserve = 0;      // CUDA context, allocator cache and margin
    std::string shape;              // "micro-batch 8 x 512 tokens", for messages
    std::uint64_t total() const { return weights + trainState + activations + reserve; }
    std::string breakdown() const;  // "weights 2.30 GiB, ... = 12.4 GiB"
};

// The shape of a fine-tuning run as the estimate needs it.
struct TrainingShape {
    DType weights = DType::Float32;
    bool lora = true;
    std::int64_t loraRank = 16;
    std::vector<std::string> loraTargets;  // projection names (q_proj, ...)
    bool bf16Activations = false;          // autocast or bf16 weights
    std::int64_t microBatch = 1;
    std::int64_t tokens = 1;  // per row (max_length)
};

MemoryEstimate estimateTrainingMemory(const ModelConfig& config, const TrainingShape& shape);
// Loading alone (tokens 0) or generation: weights, KV cache for batch x
// tokens, the prefill's activations and the logits.
MemoryEstimate estimateInferenceMemory(const ModelConfig& config, DType weights, std::int64_t batch,
                                       std::int64_t tokens);

// Throws ts::Error when the estimate exceeds freeBytes: what is needed, term
// by term, what is free on `device`, and what to lower (`advice`).
void requireDeviceMemory(const MemoryEstimate& estimate, std::uint64_t freeBytes,
                         const std::string& device, const std::string& what,
                         const std::string& advice);

std::string formatGiB(std::uint64_t bytes);  // "2.30 GiB"

}  // namespace ts::model
