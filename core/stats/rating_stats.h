#pragma once
// Statistics of a human rating study: Likert ratings (1-5) per trace type and
// scale. Every figure is defined as the R call that reproduces it
// (tests/stats/rating_reference.R), so a reviewer can check any number in R.
//
// This header is the summary of one sample (mean, median, bootstrap interval of
// the mean); it includes the comparisons between groups (rank_tests.h), the
// multiplicity correction (p_adjust.h) and the agreement between raters
// (krippendorff.h), so one include gives the whole rating-study API.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/stats/krippendorff.h"
#include "core/stats/p_adjust.h"
#include "core/stats/rank_tests.h"

namespace ts::stats {

struct RatingSummary {
    std::size_t n = 0;
    double mean = 0.0;    // mean(x)
    double median = 0.0;  // median(x)
    // Percentile bootstrap interval of the mean.
    double ciLow = 0.0;
    double ciHigh = 0.0;
};

// Mean, median and a percentile bootstrap interval of the mean that R
// reproduces exactly (to rounding):
//   set.seed(seed)
//   m <- replicate(resamples, mean(x[sample.int(length(x), length(x), replace = TRUE)]))
//   quantile(m, c((1 - level) / 2, 1 - (1 - level) / 2), type = 7)
// under R >= 3.6's default RNGkind (Mersenne-Twister, Inversion, Rejection);
// see r_random.h for the seed mapping. With n == 1 or all ratings equal every
// resample has the same mean, so the interval is that single value.
// Empty input is not an error: n is 0 and every other field is NaN (a trace type
// nobody rated yet has no mean). Throws ts::Error for a NaN or infinite rating
// (naming its index), resamples < 1, or a level outside (0, 1).
RatingSummary summarizeRatings(const std::vector<double>& ratings, std::uint32_t seed,
                               int resamples = 2000, double level = 0.95);

}  // namespace ts::stats
