#pragma once
// McNemar's test for two runs scored on the same items: only the discordant
// pairs carry information. b = items run A got right and run B got wrong,
// c = items run A got wrong and run B got right.
namespace ts::stats {

struct McNemarResult {
    long long b = 0;
    long long c = 0;
    // Exact: two-sided binomial test of b ~ Binomial(b + c, 1/2),
    // min(1, 2 * P(X <= min(b, c))); 1 when there are no discordant pairs.
    double exactP = 1.0;
    double exactLogP = 0.0;
    // Chi-square with Edwards' continuity correction, (|b - c| - 1)^2 / (b + c),
    // exactly as R's mcnemar.test and statsmodels compute it (so b == c gives
    // 1 / (b + c), not 0); NaN with its p-value when b + c == 0.
    double chiSquare = 0.0;
    double chiSquareP = 1.0;
};

// Throws ts::Error for a negative count.
McNemarResult mcnemar(long long b, long long c);

}  // namespace ts::stats
