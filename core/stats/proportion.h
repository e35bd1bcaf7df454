#pragma once
// A binomial proportion with its Wilson score interval, the interval that keeps
// sensible coverage for small n and for proportions near 0 or 1 (where the
// Wald interval collapses to a point).
#include "core/stats/special_functions.h"

namespace ts::stats {

struct Proportion {
    long long successes = 0;
    long long total = 0;
    double estimate = 0.0;  // successes / total; NaN when total == 0
    double low = 0.0;       // Wilson interval; NaN when total == 0
    double high = 0.0;
};

// Wilson score interval at the given two-sided normal quantile (default 95%).
// Throws ts::Error when successes < 0 or successes > total.
Proportion wilsonProportion(long long successes, long long total, double z = kZ95);

}  // namespace ts::stats
