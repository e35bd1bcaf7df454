#pragma once
// INTERNAL to core/train .cpp files (includes ATen; never include it from a
// header that other modules, moc or torch-free targets see).
//
// The trainable weights packed into a few flat buffers, one per (dtype, weight
// decay) group: every weight becomes a view of its group's buffer and its
// gradient a view of the group's gradient buffer, so zeroing, clipping and the
// AdamW update are a handful of large operations instead of a dozen small
// ones per weight (what makes small models fast on the CPU).
//
// AdamW follows torch.optim.AdamW (single-tensor path): decoupled weight
// decay p *= 1 - lr*wd, bias-corrected moments, denominator sqrt(v)/sqrt(bc2) + eps.
#include <ATen/ATen.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/train/single_step.h"

namespace ts::train {

struct TrainableTensor {
    std::string name;  // Hugging Face / PEFT key
    at::Tensor* slot;  // where the model keeps it (re-seated as a view)
    bool decay = true;
};

class FlatParameters {
public:
    struct Member {
        std::string name;
        at::Tensor* slot;
        std::int64_t offset = 0, numel = 0;
    };
    struct Group {
        at::Tensor data, grad;  // 1-D
        bool decay = true;
        std::vector<Member> members;
    };

    // Copies the tensors into flat buffers, re-seats every slot as a view of
    // them (requires_grad on) and sets its .grad to a view of the gradient
    // buffer, which backward() then accumulates into in place.
    explicit FlatParameters(std::vector<TrainableTensor> tensors);

    std::vector<Group>& groups() { return groups_; }
    const std::vector<Group>& groups() const { return groups_; }
    std::int64_t numel() const;

    void zeroGrad();
    // Global L2 norm of all gradients (float32 accumulation).
    double gradNorm() const;
    at::Tensor gradNormTensor() const;  // the same, left on the device (no sync)
    // torch.nn.utils.clip_grad_norm_: scales the gradients by
    // min(1, maxNorm / (norm + 1e-6)); returns the norm before clipping.
    double clipGradNorm(double maxNorm);
    at::Tensor clipGradNormTensor(double maxNorm);  // the norm left on the device
    // Turns autograd off for the weights again (inference after training).
    void release();

private:
    std::vector<Group> groups_;
};

class FlatAdamW {
public:
    FlatAdamW(FlatParameters& params, AdamwSettings settings);

    void step(double lr);
    std::int64_t steps() const { return steps_; }

    // exp_avg.<name> / exp_avg_sq.<name> per weight, plus the step count in
    // the metadata; load() checks every name and shape.
    void save(const std::filesystem::path& file) const;
    void load(const std::filesystem::path& file);

private:
    FlatParameters& params_;
    AdamwSettings s_;
    std::vector<at::Tensor> expAvg_, expAvgSq_, scratch_, stepCounts_;
    std::int64_t steps_ = 0;
};

}  // namespace ts::train
