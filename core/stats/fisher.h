#pragma once
// Fisher's exact test for a 2x2 table, two-sided, computed in log space so very
// small p-values (1e-300 and below) stay accurate.
namespace ts::stats {

struct FisherResult {
    double p = 1.0;     // two-sided p-value; NaN when the table is empty
    double logP = 0.0;  // natural log of p, finite even when p underflows to 0
};

// Table [[a, b], [c, d]] with non-negative counts (throws ts::Error otherwise).
// Two-sided p as in R's fisher.test: the sum of the conditional (hypergeometric)
// probabilities of every table with the same margins whose probability is at
// most the observed one, times 1 + 1e-7 so that ties lost to rounding count.
// A table with a zero margin has one possible table, so p = 1; an empty table
// (all zero) has nothing to test: NaN.
FisherResult fisherExactTwoSided(long long a, long long b, long long c, long long d);

}  // namespace ts::stats
