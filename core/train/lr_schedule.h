#pragma once
// The learning-rate schedule of the Hugging Face Trainer's "cosine" setting
// (transformers.get_cosine_schedule_with_warmup, half a cosine cycle): linear
// warmup from 0, then cosine decay to 0. The rate of optimizer step k
// (0-based) is base x factor(k), so with warmup the very first step has rate 0,
// exactly as in the Trainer.
#include <cstdint>

namespace ts::train {

class CosineSchedule {
public:
    // warmupSteps = ceil(warmupRatio x totalSteps), as TrainingArguments does.
    CosineSchedule(double baseRate, std::int64_t totalSteps, double warmupRatio);

    double rate(std::int64_t step) const { return base_ * factor(step); }
    double factor(std::int64_t step) const;
    std::int64_t warmupSteps() const { return warmup_; }
    std::int64_t totalSteps() const { return total_; }

private:
    double base_;
    std::int64_t total_;
    std::int64_t warmup_;
};

}  // namespace ts::train
