#include "core/stats/mantel_haenszel.h"

#include <cmath>
#include <limits>

#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The Robins-Breslow-Greenland variance of log(OR_MH) needs these per-stratum sums.
struct OddsRatioSums {
    double r = 0, s = 0;               // sum(a d / n), sum(b c / n)
    double pr = 0, ps_qr = 0, qs = 0;  // sum(P R), sum(P S + Q R), sum(Q S)
};

void addStratum(OddsRatioSums& o, double a, double b, double c, double d) {
    const double n = a + b + c + d;
    const double r = a * d / n, s = b * c / n;
    const double p = (a + d) / n, q = (b + c) / n;
    o.r += r;
    o.s += s;
    o.pr += p * r;
    o.ps_qr += p * s + q * r;
    o.qs += q * s;
}

void setOddsRatio(MantelHaenszel& m, const OddsRatioSums& o) {
    m.commonOddsRatio =
        o.s > 0 ? o.r / o.s : (o.r > 0 ? std::numeric_limits<double>::infinity() : kNaN);
    if (!(o.r > 0 && o.s > 0)) {
        m.oddsRatioLow = m.oddsRatioHigh = kNaN;
        return;
    }
    const double variance =
        o.pr / (2 * o.r * o.r) + o.ps_qr / (2 * o.r * o.s) + o.qs / (2 * o.s * o.s);
    const double half = kZ95 * std::sqrt(variance);
    m.oddsRatioLow = std::exp(std::log(m.commonOddsRatio) - half);
    m.oddsRatioHigh = std::exp(std::log(m.commonOddsRatio) + half);
}

}  // namespace

TwoByTwo pooled(const std::vector<TwoByTwo>& strata) {
    TwoByTwo sum;
    for (const TwoByTwo& t : strata) {
        sum.ok_ok += t.ok_ok;
        sum.ok_bad += t.ok_bad;
        sum.bad_ok += t.bad_ok;
        sum.bad_bad += t.bad_bad;
    }
    return sum;
}

MantelHaenszel mantelHaenszel(const std::vector<TwoByTwo>& strata) {
    MantelHaenszel m;
    OddsRatioSums sums;
    for (const TwoByTwo& t : strata) {
        if (t.ok_ok < 0 || t.ok_bad < 0 || t.bad_ok < 0 || t.bad_bad < 0)
            throw Error("a 2x2 table count is negative");
        const double a = double(t.ok_ok), b = double(t.ok_bad), c = double(t.bad_ok),
                     d = double(t.bad_bad);
        const double n = a + b + c + d;
        if (n < 2) {
            ++m.strataDropped;
            continue;
        }
        ++m.strata;
        m.observed += a;
        m.expected += (a + b) * (a + c) / n;
        m.variance += (a + b) * (c + d) * (a + c) * (b + d) / (n * n * (n - 1));
        addStratum(sums, a, b, c, d);
    }
    if (m.variance > 0) {
        const double dev = std::fabs(m.observed - m.expected);
        m.chiSquareUncorrected = dev * dev / m.variance;
        m.chiSquareUncorrectedP = chiSquare1Survival(m.chiSquareUncorrected);
        // As R: the continuity correction applies only when |O - E| >= 0.5.
        const double corrected = dev >= 0.5 ? dev - 0.5 : dev;
        m.chiSquare = corrected * corrected / m.variance;
        m.chiSquareP = chiSquare1Survival(m.chiSquare);
    } else {
        m.chiSquare = m.chiSquareP = m.chiSquareUncorrected = m.chiSquareUncorrectedP = kNaN;
    }
    setOddsRatio(m, sums);
    return m;
}

}  // namespace ts::stats
