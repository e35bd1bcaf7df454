#pragma once
// The precision state of training, held by RAII (for core/train .cpp files
// only: this header includes ATen): bf16 autocast around one micro-batch's
// forward and loss, and TF32 for float32 matmuls on CUDA around the training
// loop. docs/training.md explains both.
#include <ATen/ATen.h>

#include <optional>

#include "core/model/torch_model.h"
#include "core/train/training_config.h"

namespace ts::train {

// bf16 autocast over one forward pass and its loss (float32 master weights),
// on CUDA or the CPU. Autocast caches the bf16 copy of every float32 weight
// that requires grad until its outermost scope ends: a scope around the whole
// loop would run every step on the first step's weights (LoRA B would stay
// zero). So each micro-batch's forward and loss get their own scope, whose
// end clears the cache; backward runs outside it, as PyTorch recommends.
class AutocastScope {
public:
    explicit AutocastScope(std::optional<at::DeviceType> device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    std::optional<at::DeviceType> device_;
};

// TF32 tensor cores for float32 matmuls on CUDA while training: ~8x the
// float32 throughput of an H100 for a 10-bit mantissa in the products
// (accumulation stays float32), far below the noise of SGD - PyTorch's own
// default is off because inference and parity checks want exact float32, so
// the engine's inference keeps it off and only this scope turns it on. The
// flag is process-wide: the scope restores the previous value.
class Tf32Scope {
public:
    explicit Tf32Scope(const model::Decoder& d);
    ~Tf32Scope();
    Tf32Scope(const Tf32Scope&) = delete;
    Tf32Scope& operator=(const Tf32Scope&) = delete;

private:
    bool active_;
    bool previous_;
};

// Where the forward passes autocast: precision bf16-autocast on any device,
// auto on CUDA with float32 weights; none otherwise.
std::optional<at::DeviceType> autocastDevice(const TrainingConfig& c, const model::Decoder& d);

}  // namespace ts::train
