#pragma once
// Do the two decode paths compute the same thing? The eager step attends over
// the columns written so far (col + 1); the static step - the one a CUDA graph
// replays - over the whole masked capacity. The sums differ in length, so
// logits differ by rounding, and a near-tied greedy choice may flip. The check
// therefore feeds both paths the same tokens (the eager path's greedy choices,
// teacher-forced) and compares their logits within a tolerance; how often the
// argmax agrees is reported as a figure, never as the verdict. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/causal_lm.h"

namespace ts::model {

struct DecodePathParity {
    std::int64_t rows = 0, steps = 0;  // logits compared: rows x steps
    double maxLogitsAbsDiff = 0.0;
    double limit = 0.0;
    std::int64_t tokensCompared = 0, tokensAgreeing = 0;  // argmax per (row, step)
    bool usedCudaGraph = false;                           // the static path ran as a captured graph
    std::string fallback;  // why not, when a graph was asked for and failed
    bool passed() const { return maxLogitsAbsDiff <= limit; }
    double tokenAgreement() const;  // tokensAgreeing / tokensCompared (1 when none)
    std::string toText() const;
};

// Step logits of both paths, one [rows x vocab] float block per step.
DecodePathParity compareStepLogits(const std::vector<std::vector<float>>& eager,
                                   const std::vector<std::vector<float>>& staticPath,
                                   std::int64_t vocab, double limit);

// Runs both paths on the left-padded prompts for `steps` decode steps: the
// static one as a CUDA graph where the build and device allow, else eagerly.
// The model's own decode session is left alone.
DecodePathParity checkDecodePaths(CausalLM& lm,
                                  const std::vector<std::vector<std::int64_t>>& prompts, int steps,
                                  double limit);

}  // namespace ts::model
