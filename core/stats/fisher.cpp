#include "core/stats/fisher.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Terms this far (in natural log) below the running sum cannot change it in
// double precision even if a million more of them followed (1e6 * e^-60 ~ 1e-20).
constexpr double kNegligible = 60.0;

// The hypergeometric law of the top-left cell given the margins.
struct Hypergeometric {
    long long row1, row2, col1, lo, hi;
    double logNorm;

    double logProb(long long x) const {
        return logChoose(row1, x) + logChoose(row2, col1 - x) - logNorm;
    }

    // Sum of exp(logProb) over [from, to] walked outward from `start` (one of the
    // ends, the one nearer the mode): terms only shrink going away from the mode,
    // so the walk stops once they are negligible.
    double logSumOutward(long long start, long long end) const {
        const long long step = end >= start ? 1 : -1;
        double acc = kNegInf;
        for (long long x = start;; x += step) {
            const double lp = logProb(x);
            acc = logAddExp(acc, lp);
            if (x == end || lp < acc - kNegligible) break;
        }
        return acc;
    }
};

}  // namespace

FisherResult fisherExactTwoSided(long long a, long long b, long long c, long long d) {
    if (a < 0 || b < 0 || c < 0 || d < 0)
        throw Error("Fisher's exact test needs non-negative counts");
    FisherResult result;
    const long long n = a + b + c + d;
    if (n == 0) {
        result.p = result.logP = std::numeric_limits<double>::quiet_NaN();
        return result;
    }
    // With all margins fixed the table is determined by its top-left cell x,
    // hypergeometric on [lo, hi] and unimodal. The tables at most as likely as
    // the observed one are therefore two tails, [lo, left] and [right, hi];
    // both tails and the total are summed from the inside out in log space, so
    // a table with n = 1e6 costs a few thousand terms, not a million.
    Hypergeometric h{a + b, c + d, a + c, 0, 0, 0.0};
    h.lo = std::max(0LL, h.col1 - h.row2);
    h.hi = std::min(h.row1, h.col1);
    h.logNorm = logChoose(n, h.col1);
    const long long mode =
        std::clamp(static_cast<long long>(std::floor((static_cast<double>(h.row1) + 1.0) *
                                                     (static_cast<double>(h.col1) + 1.0) /
                                                     (static_cast<double>(n) + 2.0))),
                   h.lo, h.hi);
    // R's fisher.test counts tables within a relative 1e-7 of the observed
    // probability, so that exact ties lost to rounding are kept.
    const double threshold = h.logProb(a) + std::log1p(1e-7);
    if (h.logProb(mode) <= threshold) {  // the observed table is (tied for) the most likely
        result.p = 1.0;
        result.logP = 0.0;
        return result;
    }
    // left = the largest x < mode with logProb(x) <= threshold (lo - 1 if none);
    // logProb is non-decreasing on [lo, mode], so binary search.
    long long left = h.lo - 1;
    for (long long l = h.lo, r = mode - 1; l <= r;) {
        const long long m = l + (r - l) / 2;
        if (h.logProb(m) <= threshold) {
            left = m;
            l = m + 1;
        } else {
            r = m - 1;
        }
    }
    // right = the smallest x > mode with logProb(x) <= threshold (hi + 1 if none).
    long long right = h.hi + 1;
    for (long long l = mode + 1, r = h.hi; l <= r;) {
        const long long m = l + (r - l) / 2;
        if (h.logProb(m) <= threshold) {
            right = m;
            r = m - 1;
        } else {
            l = m + 1;
        }
    }
    double logTail = kNegInf;
    if (left >= h.lo) logTail = logAddExp(logTail, h.logSumOutward(left, h.lo));
    if (right <= h.hi) logTail = logAddExp(logTail, h.logSumOutward(right, h.hi));
    // The total is 1 up to rounding; dividing by the summed total keeps the
    // ratio consistent with the terms actually summed.
    double logTotal = h.logSumOutward(mode, h.lo);
    if (mode < h.hi) logTotal = logAddExp(logTotal, h.logSumOutward(mode + 1, h.hi));
    result.logP = std::min(0.0, logTail - logTotal);
    result.p = std::exp(result.logP);
    return result;
}

}  // namespace ts::stats
