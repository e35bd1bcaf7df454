#pragma once
// Chance-corrected agreement between annotators: Cohen's kappa for two raters,
// Fleiss' kappa for a fixed number of raters per item. Any number of categories.
#include <string>
#include <vector>

namespace ts::stats {

struct KappaResult {
    long long items = 0;
    double observedAgreement = 0.0;  // p_o (Cohen) or P-bar (Fleiss)
    double expectedAgreement = 0.0;  // p_e (Cohen) or P-bar_e (Fleiss)
    // (p_o - p_e) / (1 - p_e); NaN when there are no items or when p_e == 1
    // (every rating falls in one category, so chance agreement is certain).
    double kappa = 0.0;
};

// Cohen's kappa from a square confusion matrix: confusion[i][j] = number of
// items rater 1 put in category i and rater 2 in category j. Throws ts::Error
// for a non-square matrix or a negative count.
KappaResult cohenKappa(const std::vector<std::vector<long long>>& confusion);
// Cohen's kappa from two parallel label lists (categories are the distinct
// labels seen). Throws ts::Error when the lists differ in length.
KappaResult cohenKappa(const std::vector<std::string>& rater1,
                       const std::vector<std::string>& rater2);

// Fleiss' kappa (Fleiss 1971) from counts[i][j] = number of raters who put item
// i in category j. Every row must sum to the same number of raters m >= 2;
// throws ts::Error naming the first row that does not (or a negative count).
KappaResult fleissKappa(const std::vector<std::vector<long long>>& counts);

}  // namespace ts::stats
