#include "core/stats/rank_tests.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct PooledRanks {
    std::vector<double> ranks;  // mid-ranks (R's rank(), ties.method "average")
    double tieSum = 0.0;        // sum over tie groups of t^3 - t
    bool allTied = false;       // one distinct value: no rank variance at all
};

// Mid-ranks of the pooled sample. Ranks are integers or halves, and t^3 - t is
// an integer, so both are exact in double for any realistic sample.
PooledRanks rankPooled(const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t i, std::size_t j) { return x[i] < x[j]; });
    PooledRanks r;
    r.ranks.assign(n, 0.0);
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && x[order[end]] == x[order[start]]) ++end;
        const double midRank = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t i = start; i < end; ++i) r.ranks[order[i]] = midRank;
        const double t = static_cast<double>(end - start);
        r.tieSum += t * t * t - t;
        r.allTied = start == 0 && end == n;
        start = end;
    }
    return r;
}

void checkGroup(const std::vector<double>& g, const std::string& test, const std::string& name) {
    if (g.empty()) throw Error(test + ": " + name + " is empty; every group needs a rating");
    for (std::size_t i = 0; i < g.size(); ++i)
        if (!std::isfinite(g[i]))
            throw Error(test + ": " + name + ", value " + std::to_string(i) + " is " +
                        (std::isnan(g[i]) ? "NaN" : "infinite") + "; ratings must be finite");
}

}  // namespace

KruskalWallisResult kruskalWallis(const std::vector<std::vector<double>>& groups) {
    const std::string test = "Kruskal-Wallis test";
    if (groups.size() < 2)
        throw Error(test + " needs at least two groups, got " + std::to_string(groups.size()));
    std::vector<double> pooled;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        checkGroup(groups[g], test, "group " + std::to_string(g));
        pooled.insert(pooled.end(), groups[g].begin(), groups[g].end());
    }
    KruskalWallisResult r;
    r.df = static_cast<int>(groups.size()) - 1;
    const PooledRanks ranks = rankPooled(pooled);
    if (ranks.allTied) {
        r.h = r.p = kNaN;
        return r;
    }
    // R: sum(tapply(r, g, sum)^2 / tapply(r, g, length)), R's sums in long double.
    long double s = 0.0L;
    std::size_t offset = 0;
    for (const auto& g : groups) {
        long double rankSum = 0.0L;
        for (std::size_t i = 0; i < g.size(); ++i) rankSum += ranks.ranks[offset + i];
        offset += g.size();
        const auto sum = static_cast<double>(rankSum);
        s += sum * sum / static_cast<double>(g.size());
    }
    const auto n = static_cast<double>(pooled.size());
    const double h = 12.0 * static_cast<double>(s) / (n * (n + 1.0)) - 3.0 * (n + 1.0);
    r.h = h / (1.0 - ranks.tieSum / (n * n * n - n));
    r.p = chiSquareSurvival(r.h, r.df);
    return r;
}

MannWhitneyResult mannWhitney(const std::vector<double>& a, const std::vector<double>& b) {
    const std::string test = "Mann-Whitney test";
    checkGroup(a, test, "the first sample");
    checkGroup(b, test, "the second sample");
    std::vector<double> pooled(a);
    pooled.insert(pooled.end(), b.begin(), b.end());
    const PooledRanks ranks = rankPooled(pooled);

    const auto n1 = static_cast<double>(a.size());
    const auto n2 = static_cast<double>(b.size());
    long double rankSumA = 0.0L;
    for (std::size_t i = 0; i < a.size(); ++i) rankSumA += ranks.ranks[i];
    MannWhitneyResult r;
    r.w = static_cast<double>(rankSumA) - n1 * (n1 + 1.0) / 2.0;
    r.rankBiserial = 2.0 * r.w / (n1 * n2) - 1.0;
    if (ranks.allTied) {
        r.p = kNaN;  // sigma is 0: R's z is 0 / 0
        return r;
    }
    const double z = r.w - n1 * n2 / 2.0;
    const double sigma = std::sqrt(
        (n1 * n2 / 12.0) * ((n1 + n2 + 1.0) - ranks.tieSum / ((n1 + n2) * (n1 + n2 - 1.0))));
    // Continuity correction towards 0: sign(z) * 0.5 (0 when z == 0).
    const double correction = z > 0.0 ? 0.5 : (z < 0.0 ? -0.5 : 0.0);
    const double zc = (z - correction) / sigma;
    // 2 * min(pnorm(z), pnorm(-z)) = erfc(|z| / sqrt(2)), accurate in the far tail.
    r.p = std::erfc(std::fabs(zc) / std::sqrt(2.0));
    return r;
}

}  // namespace ts::stats
