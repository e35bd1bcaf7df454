#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace ts::train {

CosineSchedule::CosineSchedule(double baseRate, std::int64_t totalSteps, double warmupRatio)
    : base_(baseRate),
      total_(totalSteps),
      warmup_(static_cast<std::int64_t>(std::ceil(static_cast<double>(totalSteps) * warmupRatio))) {}

double CosineSchedule::factor(std::int64_t step) const {
    if (step < warmup_) return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup_));
    const double progress = static_cast<double>(step - warmup_) /
                            static_cast<double>(std::max<std::int64_t>(1, total_ - warmup_));
    return std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace ts::train
