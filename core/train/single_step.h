#pragma once
// One optimizer step outside the trainer, torch-free: the procedure of the
// parity fixtures' `adamw_step` (../shared/data/parity/README.md) - masked
// causal-LM loss over one sequence, backward, global gradient norm, one
// torch.optim.AdamW step on every weight (weight decay on all of them, no
// clipping). The model is left with the updated weights.
#include <cstdint>
#include <vector>

namespace ts::model {
class CausalLM;
}

namespace ts::train {

struct AdamwSettings {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0;
};

struct SingleStepReport {
    double lossBefore = 0.0;
    double gradNorm = 0.0;  // global L2 norm before the step
};

SingleStepReport fullFineTuneStep(model::CausalLM& model, const std::vector<std::int64_t>& ids,
                                  const std::vector<std::int64_t>& labels, double learningRate,
                                  const AdamwSettings& settings);

}  // namespace ts::train
