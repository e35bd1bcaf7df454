#pragma once
// Multiplicity correction for the pairwise comparisons that follow an omnibus
// test (e.g. Mann-Whitney between every pair of trace types after
// Kruskal-Wallis). Holm's step-down method controls the family-wise error rate
// under any dependence between the tests and is uniformly more powerful than
// Bonferroni, so it is the one offered.
#include <vector>

namespace ts::stats {

// p.adjust(p, method = "holm") in R: sorted ascending, the i-th smallest of the
// m p-values becomes max over j <= i of min(1, (m - j + 1) p_(j)); results are
// returned in the input order. A NaN entry (a comparison that is undefined,
// e.g. all ratings tied) stays NaN and does not count towards m, as R treats
// NA. Throws ts::Error naming the index of a p-value outside [0, 1].
std::vector<double> holmAdjust(const std::vector<double>& p);

}  // namespace ts::stats
