#pragma once
// The all-reduce behind data_parallel.h, for sft_trainer.cpp only (this header
// includes ATen). One process group per training run; sum() adds tensors of
// the same shape across the ranks in place. The gradients are already flat,
// one buffer per parameter group; each is cut into buckets of at most 25 MiB,
// and all buckets' sums are started before the first is waited for.
//
// Not overlapped with backward: a step accumulates several micro-batches into
// the flat buffers, so a bucket is final only when the step's last backward
// ends, and libtorch 1.13 (the Gloo build) has no post-accumulation hook to
// start it earlier.
#include <ATen/ATen.h>

#include <memory>
#include <vector>

#include "core/train/data_parallel.h"

namespace ts::train {

class GradientReducer {
public:
    // Joins the rendezvous (rank 0 serves the store); throws ts::Error when
    // this build has no c10d or the peers do not arrive in time.
    // Gloo on a CPU `device`, NCCL on a CUDA one.
    GradientReducer(const DistributedEnv& env, at::Device device);
    ~GradientReducer();
    GradientReducer(const GradientReducer&) = delete;
    GradientReducer& operator=(const GradientReducer&) = delete;

    const DistributedEnv& env() const { return env_; }
    void sum(std::vector<at::Tensor>& tensors);
    void barrier();

private:
    struct Impl;
    DistributedEnv env_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ts::train
