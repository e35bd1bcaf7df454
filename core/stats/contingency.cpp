#include "core/stats/contingency.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/stats/fisher.h"
#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void computeOddsRatio(const TwoByTwo& t, TableStatistics& s) {
    double a = static_cast<double>(t.ok_ok), b = static_cast<double>(t.ok_bad);
    double c = static_cast<double>(t.bad_ok), d = static_cast<double>(t.bad_bad);
    s.oddsRatioCorrected = t.ok_ok == 0 || t.ok_bad == 0 || t.bad_ok == 0 || t.bad_bad == 0;
    if (s.oddsRatioCorrected) {
        a += 0.5;
        b += 0.5;
        c += 0.5;
        d += 0.5;
    }
    const double logOr = std::log(a) + std::log(d) - std::log(b) - std::log(c);
    const double se = std::sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d);
    s.oddsRatio = std::exp(logOr);
    s.oddsRatioLow = std::exp(logOr - kZ95 * se);
    s.oddsRatioHigh = std::exp(logOr + kZ95 * se);
}

}  // namespace

TableStatistics analyze(const TwoByTwo& t) {
    if (t.ok_ok < 0 || t.ok_bad < 0 || t.bad_ok < 0 || t.bad_bad < 0)
        throw Error("a 2x2 table count is negative");
    TableStatistics s;
    s.counts = t;
    s.n = t.total();
    s.answerOkGivenStepOk = wilsonProportion(t.ok_ok, t.stepOk());
    s.answerOkGivenStepBad = wilsonProportion(t.bad_ok, t.stepBad());
    s.stepOkGivenAnswerOk = wilsonProportion(t.ok_ok, t.answerOk());
    s.bothOkShare = wilsonProportion(t.ok_ok, t.total());

    const FisherResult fisher = fisherExactTwoSided(t.ok_ok, t.ok_bad, t.bad_ok, t.bad_bad);
    s.fisherP = fisher.p;
    s.fisherLogP = fisher.logP;

    const double n = static_cast<double>(s.n);
    const double rows[2] = {static_cast<double>(t.stepOk()), static_cast<double>(t.stepBad())};
    const double cols[2] = {static_cast<double>(t.answerOk()), static_cast<double>(t.answerBad())};
    s.minExpected = std::numeric_limits<double>::infinity();
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            s.expected[i][j] = s.n == 0 ? 0.0 : rows[i] * cols[j] / n;
            s.minExpected = std::min(s.minExpected, s.expected[i][j]);
        }
    s.lowExpectedCount = s.minExpected < 5.0;
    s.degenerate = s.n == 0 || rows[0] == 0 || rows[1] == 0 || cols[0] == 0 || cols[1] == 0;

    if (s.degenerate) {
        s.chiSquare = s.chiSquareP = s.chiSquareLogP = kNaN;
        s.chiSquareYates = s.chiSquareYatesP = kNaN;
        s.phi = kNaN;
        s.oddsRatio = s.oddsRatioLow = s.oddsRatioHigh = kNaN;
        s.oddsRatioCorrected = false;
        return s;
    }

    // long double keeps a*d - b*c exact for counts up to 2^32 each.
    const long double cross = static_cast<long double>(t.ok_ok) * t.bad_bad -
                              static_cast<long double>(t.ok_bad) * t.bad_ok;
    const long double marginProduct =
        static_cast<long double>(rows[0]) * rows[1] * cols[0] * cols[1];
    s.chiSquare = static_cast<double>(static_cast<long double>(n) * cross * cross / marginProduct);
    s.chiSquareP = chiSquare1Survival(s.chiSquare);
    s.chiSquareLogP = chiSquare1LogSurvival(s.chiSquare);

    // In a 2x2 table every |O - E| equals |ad - bc| / n.
    const long double absDev = std::fabs(cross) / n;
    const long double yatesDev = absDev - std::min<long double>(0.5L, absDev);
    long double yates = 0.0L;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) yates += yatesDev * yatesDev / s.expected[i][j];
    s.chiSquareYates = static_cast<double>(yates);
    s.chiSquareYatesP = chiSquare1Survival(s.chiSquareYates);

    s.phi = static_cast<double>(cross / std::sqrt(marginProduct));
    computeOddsRatio(t, s);
    return s;
}

}  // namespace ts::stats
