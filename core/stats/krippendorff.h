#pragma once
// Krippendorff's alpha: agreement between any number of raters who each rated
// any subset of the units (a rating study rarely has every rater on every
// trace), corrected for chance. The ordinal metric suits Likert scales: a
// disagreement between 2 and 4 weighs by how many ratings lie between them, not
// by the numeric gap. Defined as in Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability": the coincidence matrix o_ck over pairable
// values, n_c its margins, delta^2_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2,
// alpha = 1 - (n - 1) sum o_ck delta^2_ck / sum n_c n_k delta^2_ck.
#include <optional>
#include <vector>

namespace ts::stats {

// raterByUnit[r][u] is rater r's rating of unit u, or std::nullopt when r did
// not rate u. Every row must have the same number of units. Units with fewer
// than two ratings are left out (they hold no pair to compare, as Krippendorff
// defines). Returns NaN when no unit has two ratings or all pairable ratings
// are equal (no variation, so chance agreement is certain and alpha undefined).
// Throws ts::Error for rows of different lengths or a NaN / infinite rating,
// naming the rater and the unit.
double krippendorffAlphaOrdinal(const std::vector<std::vector<std::optional<double>>>& raterByUnit);

}  // namespace ts::stats
