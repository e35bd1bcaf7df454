#include "core/stats/mcnemar.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace ts::stats {

McNemarResult mcnemar(long long b, long long c) {
    if (b < 0 || c < 0) throw Error("McNemar's test needs non-negative discordant counts");
    McNemarResult r;
    r.b = b;
    r.c = c;
    const long long discordant = b + c;
    if (discordant == 0) {
        r.exactP = 1.0;
        r.exactLogP = 0.0;
        r.chiSquare = r.chiSquareP = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    // Binomial(n, 1/2) is symmetric, so "all outcomes at most as likely as the
    // observed one" is exactly both tails beyond min(b, c).
    r.exactLogP =
        std::min(0.0, std::numbers::ln2 + logBinomialHalfLowerTail(discordant, std::min(b, c)));
    r.exactP = std::exp(r.exactLogP);
    const double diff = std::fabs(static_cast<double>(b - c)) - 1.0;
    r.chiSquare = diff * diff / static_cast<double>(discordant);
    r.chiSquareP = chiSquare1Survival(r.chiSquare);
    return r;
}

}  // namespace ts::stats
