#include "core/stats/proportion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"

namespace ts::stats {

Proportion wilsonProportion(long long successes, long long total, double z) {
    if (successes < 0 || total < 0 || successes > total)
        throw Error("invalid proportion " + std::to_string(successes) + "/" +
                    std::to_string(total));
    Proportion p;
    p.successes = successes;
    p.total = total;
    if (total == 0) {
        p.estimate = p.low = p.high = std::numeric_limits<double>::quiet_NaN();
        return p;
    }
    const double n = static_cast<double>(total);
    const double phat = static_cast<double>(successes) / n;
    const double z2 = z * z;
    const double denom = 1.0 + z2 / n;
    const double centre = (phat + z2 / (2.0 * n)) / denom;
    const double half = z / denom * std::sqrt(phat * (1.0 - phat) / n + z2 / (4.0 * n * n));
    p.estimate = phat;
    // The exact bounds are 0 and 1 at the extremes; clamp away rounding noise.
    p.low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
    p.high = successes == total ? 1.0 : std::min(1.0, centre + half);
    return p;
}

}  // namespace ts::stats
