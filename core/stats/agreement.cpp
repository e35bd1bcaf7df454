#include "core/stats/agreement.h"

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double chanceCorrected(double observed, double expected) {
    // Compare with a tolerance: p_e == 1 exactly only when one category holds
    // every rating, but rounding can leave it at 1 - 1e-16.
    if (std::fabs(1.0 - expected) < 1e-12) return kNaN;
    return (observed - expected) / (1.0 - expected);
}

}  // namespace

KappaResult cohenKappa(const std::vector<std::vector<long long>>& confusion) {
    const std::size_t k = confusion.size();
    KappaResult r;
    long long n = 0;
    for (std::size_t i = 0; i < k; ++i) {
        if (confusion[i].size() != k)
            throw Error("Cohen's kappa needs a square confusion matrix: row " + std::to_string(i) +
                        " has " + std::to_string(confusion[i].size()) + " cells, expected " +
                        std::to_string(k));
        for (long long v : confusion[i]) {
            if (v < 0) throw Error("Cohen's kappa: negative count in row " + std::to_string(i));
            n += v;
        }
    }
    r.items = n;
    if (n == 0) {
        r.observedAgreement = r.expectedAgreement = r.kappa = kNaN;
        return r;
    }
    const double total = static_cast<double>(n);
    double diagonal = 0.0, expected = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        double rowSum = 0.0, colSum = 0.0;
        for (std::size_t j = 0; j < k; ++j) {
            rowSum += static_cast<double>(confusion[i][j]);
            colSum += static_cast<double>(confusion[j][i]);
        }
        diagonal += static_cast<double>(confusion[i][i]);
        expected += (rowSum / total) * (colSum / total);
    }
    r.observedAgreement = diagonal / total;
    r.expectedAgreement = expected;
    r.kappa = chanceCorrected(r.observedAgreement, r.expectedAgreement);
    return r;
}

KappaResult cohenKappa(const std::vector<std::string>& rater1,
                       const std::vector<std::string>& rater2) {
    if (rater1.size() != rater2.size())
        throw Error("Cohen's kappa: the raters labelled different numbers of items (" +
                    std::to_string(rater1.size()) + " and " + std::to_string(rater2.size()) + ")");
    std::map<std::string, std::size_t> index;
    for (const auto* list : {&rater1, &rater2})
        for (const std::string& label : *list) index.emplace(label, 0);
    std::size_t next = 0;
    for (auto& [label, i] : index) i = next++;
    std::vector<std::vector<long long>> confusion(index.size(),
                                                  std::vector<long long>(index.size(), 0));
    for (std::size_t i = 0; i < rater1.size(); ++i) ++confusion[index[rater1[i]]][index[rater2[i]]];
    return cohenKappa(confusion);
}

KappaResult fleissKappa(const std::vector<std::vector<long long>>& counts) {
    KappaResult r;
    r.items = static_cast<long long>(counts.size());
    if (counts.empty()) {
        r.observedAgreement = r.expectedAgreement = r.kappa = kNaN;
        return r;
    }
    const std::size_t k = counts.front().size();
    long long raters = -1;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i].size() != k)
            throw Error("Fleiss' kappa: item " + std::to_string(i) + " has " +
                        std::to_string(counts[i].size()) + " categories, expected " +
                        std::to_string(k));
        long long sum = 0;
        for (long long v : counts[i]) {
            if (v < 0) throw Error("Fleiss' kappa: negative count for item " + std::to_string(i));
            sum += v;
        }
        if (raters < 0) raters = sum;
        if (sum != raters)
            throw Error("Fleiss' kappa needs the same number of raters for every item: item " +
                        std::to_string(i) + " has " + std::to_string(sum) + ", item 0 has " +
                        std::to_string(raters));
    }
    if (raters < 2) throw Error("Fleiss' kappa needs at least two raters per item");

    const double m = static_cast<double>(raters);
    const double itemsN = static_cast<double>(counts.size());
    std::vector<double> categoryTotals(k, 0.0);
    double agreementSum = 0.0;
    for (const auto& row : counts) {
        double squares = 0.0;
        for (std::size_t j = 0; j < k; ++j) {
            const double v = static_cast<double>(row[j]);
            squares += v * v;
            categoryTotals[j] += v;
        }
        agreementSum += (squares - m) / (m * (m - 1.0));
    }
    double expected = 0.0;
    for (double total : categoryTotals) {
        const double p = total / (itemsN * m);
        expected += p * p;
    }
    r.observedAgreement = agreementSum / itemsN;
    r.expectedAgreement = expected;
    r.kappa = chanceCorrected(r.observedAgreement, r.expectedAgreement);
    return r;
}

}  // namespace ts::stats
