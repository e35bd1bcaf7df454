#include "core/stats/fisher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

FisherResult fisherExactTwoSided(long long a, long long b, long long c, long long d) {
    if (a < 0 || b < 0 || c < 0 || d < 0)
        throw Error("Fisher's exact test needs non-negative counts");
    const long long row1 = a + b, row2 = c + d, col1 = a + c, n = row1 + row2;
    FisherResult result;
    if (n == 0) {
        result.p = result.logP = std::numeric_limits<double>::quiet_NaN();
        return result;
    }
    // With all margins fixed the table is determined by its top-left cell x,
    // which is hypergeometric on [lo, hi]. The normalising constant
    // log C(n, col1) is common to every term and cancels in the ratio below,
    // but keeping it makes each term a true log-probability.
    const long long lo = std::max(0LL, col1 - row2);
    const long long hi = std::min(row1, col1);
    const double logNorm = logChoose(n, col1);
    auto logProb = [&](long long x) {
        return logChoose(row1, x) + logChoose(row2, col1 - x) - logNorm;
    };
    const double logObserved = logProb(a);
    const double threshold = logObserved + std::log1p(1e-7);
    double logSum = -std::numeric_limits<double>::infinity();
    double logTotal = -std::numeric_limits<double>::infinity();
    for (long long x = lo; x <= hi; ++x) {
        const double lp = logProb(x);
        logTotal = logAddExp(logTotal, lp);
        if (lp <= threshold) logSum = logAddExp(logSum, lp);
    }
    // Dividing by the summed total (which is 1 up to rounding) keeps p <= 1
    // exactly when every table is counted.
    result.logP = std::min(0.0, logSum - logTotal);
    result.p = std::exp(result.logP);
    return result;
}

}  // namespace ts::stats
