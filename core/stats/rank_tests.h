#pragma once
// Rank tests for ordinal ratings: Likert scores are ordered but not interval
// data, so groups are compared by ranks, with the tie corrections that Likert
// data (five values, many ties) makes essential. Each result equals the R call
// named beside it (checked in tests/stats/test_rating_stats.cpp).
//
// Input rules, shared by both tests: every value must be finite (ts::Error
// naming the group and position otherwise) and every group non-empty (ts::Error:
// R refuses empty groups too). When every value is tied, the rank variance is
// 0 and the statistic has no distribution: the statistic and p are NaN, as in R.
#include <vector>

namespace ts::stats {

struct KruskalWallisResult {
    double h = 0.0;  // tie-corrected H (R's "Kruskal-Wallis chi-squared")
    int df = 0;      // groups - 1
    double p = 0.0;  // P(chi-square_df > h)
};

// kruskal.test(groups) in R (groups as a list). Needs at least two groups, each
// with at least one value; a group of one is fine.
KruskalWallisResult kruskalWallis(const std::vector<std::vector<double>>& groups);

struct MannWhitneyResult {
    // R's W: the sum of a's ranks in the pooled sample minus n1 (n1 + 1) / 2,
    // i.e. the number of pairs (x from a, y from b) with x > y plus half the ties.
    double w = 0.0;
    // Two-sided p of wilcox.test(a, b, exact = FALSE, correct = TRUE): normal
    // approximation with the tie-corrected variance and the continuity correction.
    double p = 0.0;
    // 2 W / (n1 n2) - 1 = P(x > y) - P(x < y) for x from a, y from b: positive
    // when a tends to be rated higher than b, in [-1, 1]. 0 when all values tie.
    double rankBiserial = 0.0;
};

// wilcox.test(a, b, exact = FALSE, correct = TRUE) in R. Throws ts::Error when a
// or b is empty or holds a non-finite value.
MannWhitneyResult mannWhitney(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ts::stats
