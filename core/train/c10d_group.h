#pragma once
// One c10d process group's collectives, for gradient_reducer's implementation
// only (this header includes ATen and c10d's Store). Each backend lives in its
// own translation unit because each needs its own headers: Gloo's come from
// Debian's libgloo-dev (beside Debian's libtorch), NCCL's from a CUDA libtorch
// (the PyTorch wheel, with the nvidia-nccl wheel's nccl.h). A build without
// one gets a factory that throws, saying what it lacks.
#include <ATen/ATen.h>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>
#include <functional>
#include <memory>

#include "core/train/data_parallel.h"

namespace ts::train {

class CollectiveGroup {
public:
    virtual ~CollectiveGroup() = default;
    // Starts summing `t` (dense, contiguous) across the ranks in place and
    // returns the call that waits for it, so that several sums can be in
    // flight at once.
    virtual std::function<void()> startSum(at::Tensor& t) = 0;
    virtual void barrier() = 0;
};

bool glooCompiled();
bool ncclCompiled();

std::unique_ptr<CollectiveGroup> makeGlooGroup(const c10::intrusive_ptr<c10d::Store>& store,
                                               const DistributedEnv& env,
                                               std::chrono::milliseconds timeout);
// `device` is this rank's CUDA device (cuda:<local rank>).
std::unique_ptr<CollectiveGroup> makeNcclGroup(const c10::intrusive_ptr<c10d::Store>& store,
                                               const DistributedEnv& env, at::Device device,
                                               std::chrono::milliseconds timeout);

}  // namespace ts::train
