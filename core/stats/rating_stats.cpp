#include "core/stats/rating_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/stats/r_random.h"
#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// R's mean() of doubles: a long double sum, divided, then one refinement pass
// with the residuals. Copied rather than approximated so that non-integer
// ratings (averages of items) round as they do in R.
template <typename Value>
double rMean(std::size_t n, Value value) {
    long double s = 0.0L;
    for (std::size_t i = 0; i < n; ++i) s += value(i);
    s /= static_cast<long double>(n);
    if (std::isfinite(static_cast<double>(s))) {
        long double t = 0.0L;
        for (std::size_t i = 0; i < n; ++i) t += value(i) - s;
        s += t / static_cast<long double>(n);
    }
    return static_cast<double>(s);
}

double rMean(const std::vector<double>& x) {
    return rMean(x.size(), [&](std::size_t i) { return x[i]; });
}

// R's median(): the middle value, or the R mean of the two middle values.
double rMedian(std::vector<double> x) {
    std::sort(x.begin(), x.end());
    const std::size_t half = (x.size() + 1) / 2;  // 1-based, as in R
    if (x.size() % 2 == 1) return x[half - 1];
    return rMean(std::vector<double>{x[half - 1], x[half]});
}

// quantile(x, p, type = 7) on sorted x, with R's exact arithmetic: the lower
// order statistic is returned unchanged when the upper one equals it, so a
// constant sample gives its value without rounding.
double quantileType7(const std::vector<double>& sorted, double p) {
    const double index = 1.0 + static_cast<double>(sorted.size() - 1) * p;
    const double lo = std::floor(index);
    const double hi = std::ceil(index);
    const double qLo = sorted[static_cast<std::size_t>(lo) - 1];
    const double qHi = sorted[static_cast<std::size_t>(hi) - 1];
    if (!(index > lo && qHi != qLo)) return qLo;
    const double h = index - lo;
    return (1.0 - h) * qLo + h * qHi;
}

}  // namespace

RatingSummary summarizeRatings(const std::vector<double>& ratings, std::uint32_t seed,
                               int resamples, double level) {
    if (resamples < 1)
        throw Error("rating summary: the bootstrap needs at least one resample, got " +
                    std::to_string(resamples));
    if (!(level > 0.0 && level < 1.0))
        throw Error("rating summary: the interval level must lie strictly between 0 and 1, got " +
                    std::to_string(level));
    for (std::size_t i = 0; i < ratings.size(); ++i)
        if (!std::isfinite(ratings[i]))
            throw Error("rating summary: rating " + std::to_string(i) + " is " +
                        (std::isnan(ratings[i]) ? "NaN" : "infinite") +
                        "; every rating must be a finite number");

    RatingSummary r;
    r.n = ratings.size();
    if (ratings.empty()) {
        r.mean = r.median = r.ciLow = r.ciHigh = kNaN;
        return r;
    }
    r.mean = rMean(ratings);
    r.median = rMedian(ratings);

    // One sample.int call per replicate, in order, so the RNG stream matches R's.
    RRandom rng(seed);
    const auto n = static_cast<std::int64_t>(ratings.size());
    std::vector<double> means(static_cast<std::size_t>(resamples));
    for (double& m : means) {
        const std::vector<std::int64_t> idx = rng.sampleWithReplacement(n, ratings.size());
        m = rMean(idx.size(),
                  [&](std::size_t i) { return ratings[static_cast<std::size_t>(idx[i] - 1)]; });
    }
    std::sort(means.begin(), means.end());
    // The same floating-point expressions as the R call, so the probabilities
    // (0.025000000000000022 for level 0.95) agree to the last bit.
    const double pLow = (1.0 - level) / 2.0;
    const double pHigh = 1.0 - pLow;
    r.ciLow = quantileType7(means, pLow);
    r.ciHigh = quantileType7(means, pHigh);
    return r;
}

}  // namespace ts::stats
