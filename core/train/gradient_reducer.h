#pragma once
// The all-reduce behind data_parallel.h, for sft_trainer.cpp only (this header
// includes ATen). One process group per training run; sum() adds tensors of
// the same shape across the ranks in place (gradients are already flat, one
// buffer per parameter group, so each group is one collective).
#include <ATen/ATen.h>

#include <memory>
#include <vector>

#include "core/train/data_parallel.h"

namespace ts::train {

class GradientReducer {
public:
    // Joins the rendezvous (rank 0 serves the store); throws ts::Error when
    // this build has no c10d or the peers do not arrive in time.
    explicit GradientReducer(const DistributedEnv& env);
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
