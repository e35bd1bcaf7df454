#pragma once
// Several 2x2 tables as strata of one question (the paper pools models and
// datasets): the Cochran-Mantel-Haenszel test of conditional independence and
// the Mantel-Haenszel common odds ratio, as R's mantelhaen.test computes them
// for 2x2xK tables.
#include <vector>

#include "core/stats/contingency.h"

namespace ts::stats {

struct MantelHaenszel {
    int strata = 0;         // strata used (those with n >= 2)
    int strataDropped = 0;  // strata with fewer than 2 items: they carry no information
    // Sum over strata of ok_ok, of its expectation and of its variance under
    // conditional independence (hypergeometric).
    double observed = 0.0, expected = 0.0, variance = 0.0;
    // (|O - E| - 0.5)^2 / V and its p (df 1) - mantelhaen.test(correct = TRUE),
    // which corrects only when |O - E| >= 0.5 - and (O - E)^2 / V without the
    // correction. NaN when V == 0.
    double chiSquare = 0.0, chiSquareP = 1.0;
    double chiSquareUncorrected = 0.0, chiSquareUncorrectedP = 1.0;
    // Sum(a d / n) / Sum(b c / n) with the Robins-Breslow-Greenland 95%
    // interval; NaN (or infinite) where a sum is 0.
    double commonOddsRatio = 0.0, oddsRatioLow = 0.0, oddsRatioHigh = 0.0;
};

// Throws ts::Error for a negative count.
MantelHaenszel mantelHaenszel(const std::vector<TwoByTwo>& strata);

// The cell-wise sum of the strata.
TwoByTwo pooled(const std::vector<TwoByTwo>& strata);

}  // namespace ts::stats
