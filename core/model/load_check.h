#pragma once
// What CausalLM::load verifies before its first allocation (torch-free): a
// config whose weights cannot fit in the memory available, or a checkpoint
// whose tensors are missing or shaped unlike config.json says, is refused
// here with a clear message instead of failing halfway through the load -
// or, for absurd sizes, in an out-of-memory kill.
#include <cstdint>
#include <filesystem>

#include "core/model/checkpoint_files.h"
#include "core/model/model_config.h"

namespace ts::model {

// Throws ts::Error naming config.json ("... needs 4.0 TiB of memory but only
// 12.3 GiB are available") when the weights, stored as dtype, need more host
// memory than is available. Weights are staged through host memory one
// tensor at a time, so for a GPU load (onCpu false) only the largest tensor
// must fit there; the device's own memory is libtorch's to report.
void requireMemoryForWeights(const ModelConfig& config, DType dtype, bool onCpu,
                             const std::filesystem::path& dir);

// Throws ts::Error naming the tensor file and the tensor when a weight the
// architecture needs is absent or its shape differs from the config's.
void requireCheckpointMatchesConfig(const ModelConfig& config, const CheckpointFiles& files,
                                    const std::filesystem::path& dir);

}  // namespace ts::model
