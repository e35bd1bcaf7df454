#include "core/stats/krippendorff.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"

namespace ts::stats {

double krippendorffAlphaOrdinal(
    const std::vector<std::vector<std::optional<double>>>& raterByUnit) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const std::size_t units = raterByUnit.empty() ? 0 : raterByUnit.front().size();
    for (std::size_t r = 0; r < raterByUnit.size(); ++r) {
        if (raterByUnit[r].size() != units)
            throw Error("Krippendorff's alpha: rater " + std::to_string(r) + " has " +
                        std::to_string(raterByUnit[r].size()) + " units, rater 0 has " +
                        std::to_string(units) + "; use std::nullopt for a missing rating");
        for (std::size_t u = 0; u < units; ++u)
            if (raterByUnit[r][u] && !std::isfinite(*raterByUnit[r][u]))
                throw Error("Krippendorff's alpha: rater " + std::to_string(r) + ", unit " +
                            std::to_string(u) + " is " +
                            (std::isnan(*raterByUnit[r][u]) ? "NaN" : "infinite") +
                            "; use std::nullopt for a missing rating");
    }

    // The ratings of each pairable unit (m_u >= 2), and the categories: the
    // distinct values among them in ascending order (the ordinal metric needs
    // only their order and frequencies, not their numeric distances).
    std::vector<std::vector<double>> pairable;
    std::vector<double> categories;
    for (std::size_t u = 0; u < units; ++u) {
        std::vector<double> values;
        for (const auto& row : raterByUnit)
            if (row[u]) values.push_back(*row[u]);
        if (values.size() < 2) continue;
        categories.insert(categories.end(), values.begin(), values.end());
        pairable.push_back(std::move(values));
    }
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    const std::size_t k = categories.size();
    if (k < 2) return kNaN;  // nothing pairable, or no variation at all

    // o_ck = sum over units of (pairs of ratings c, k by different raters) / (m_u - 1),
    // from the unit's category counts: n_uc n_uk pairs, n_uc (n_uc - 1) when c == k.
    std::vector<std::vector<double>> o(k, std::vector<double>(k, 0.0));
    // n_c = sum_k o_ck is the number of pairable values c (each unit's row sums
    // to n_uc (m_u - 1) / (m_u - 1)), so count it exactly instead of summing fractions.
    std::vector<double> margins(k, 0.0);
    std::vector<double> counts(k);
    for (const auto& values : pairable) {
        std::fill(counts.begin(), counts.end(), 0.0);
        for (double v : values) {
            const auto c = std::lower_bound(categories.begin(), categories.end(), v);
            counts[static_cast<std::size_t>(c - categories.begin())] += 1.0;
        }
        for (std::size_t c = 0; c < k; ++c) margins[c] += counts[c];
        const double weight = 1.0 / static_cast<double>(values.size() - 1);
        for (std::size_t c = 0; c < k; ++c)
            for (std::size_t d = 0; d < k; ++d)
                o[c][d] += counts[c] * (counts[d] - (c == d ? 1.0 : 0.0)) * weight;
    }

    double n = 0.0;
    for (double m : margins) n += m;

    // Sums over c < d only: delta^2 is symmetric and 0 on the diagonal.
    double observed = 0.0, expected = 0.0;
    for (std::size_t c = 0; c < k; ++c) {
        double between = 0.0;  // sum_{g=c..d} n_g
        for (std::size_t d = c; d < k; ++d) {
            between += margins[d];
            if (d == c) continue;
            const double delta = between - (margins[c] + margins[d]) / 2.0;
            observed += o[c][d] * delta * delta;
            expected += margins[c] * margins[d] * delta * delta;
        }
    }
    return 1.0 - (n - 1.0) * observed / expected;
}

}  // namespace ts::stats
