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
#include <vector>

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

// The adapter over a c10d process group (ProcessGroupGloo, ProcessGroupNCCL:
// the same allreduce/barrier calls), instantiated in each backend's file.
// With NCCL the sum runs on NCCL's own stream, ordered after the work queued
// on the current stream, and the returned wait makes the current stream wait
// for it (the host does not block), so the optimizer step reads the sums.
template <class ProcessGroup>
class ProcessGroupCollectives final : public CollectiveGroup {
public:
    explicit ProcessGroupCollectives(c10::intrusive_ptr<ProcessGroup> group)
        : group_(std::move(group)) {}

    std::function<void()> startSum(at::Tensor& t) override {
        std::vector<at::Tensor> one = {t};
        auto work = group_->allreduce(one);
        return [work] { work->wait(); };
    }

    void barrier() override { group_->barrier()->wait(); }

private:
    c10::intrusive_ptr<ProcessGroup> group_;
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
