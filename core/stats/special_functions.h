#pragma once
// Special functions behind the tests of core/stats, written for accuracy in the
// far tails: p-values are computed as survival functions directly (never as
// 1 - cdf, which cancels to 0 below 1e-16) and, where a value can fall below the
// double range, a natural-log variant is offered so nothing underflows to garbage.
#include <cstdint>

namespace ts::stats {

// 97.5% quantile of the standard normal distribution (two-sided 95% intervals).
inline constexpr double kZ95 = 1.959963984540054;

// log(n!) via lgamma; exact enough (relative error ~1e-15 of the value) for
// n up to 1e15. n must be >= 0.
double logFactorial(long long n);
// log(n choose k); -inf when k < 0 or k > n.
double logChoose(long long n, long long k);

// log(exp(a) + exp(b)) without overflow or underflow; -inf is the identity.
double logAddExp(double a, double b);

// P(X > x) for X ~ chi-square with 1 degree of freedom, = erfc(sqrt(x/2)).
// Accurate to a few ulps down to the smallest normal double; 1 for x <= 0;
// NaN for NaN.
double chiSquare1Survival(double x);
// log P(X > x) for 1 degree of freedom: finite even where the p-value itself
// underflows (x above ~1400), via the asymptotic expansion of erfc.
double chiSquare1LogSurvival(double x);

// log erfc(z) for z >= 0, finite for every finite z.
double logErfc(double z);

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0,
// x >= 0: series for x < a + 1, Lentz continued fraction otherwise (relative
// accuracy ~1e-14). Returns NaN for invalid arguments.
double regularizedGammaQ(double a, double x);
// P(X > x) for X ~ chi-square with df degrees of freedom (df >= 1); df 1 uses
// the erfc form above.
double chiSquareSurvival(double x, int df);

// log P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so the lower tail
// of a large n stays representable. -inf when k < 0, 0 when k >= n.
double logBinomialHalfLowerTail(long long n, long long k);

}  // namespace ts::stats
