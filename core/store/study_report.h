#pragma once
// The statistics of a rating study (the CLI's `study report`, the Analyse
// workspace): per arm and scale n, mean, median and a 95% bootstrap interval
// of the mean; Kruskal-Wallis across the arms; pairwise Mann-Whitney U with
// Holm's correction over the pairs of a scale, and the rank-biserial effect
// size; Krippendorff's alpha (ordinal) between the participants, whose units
// are the (item, arm) pairs. Each figure is the R call core/stats names, so
// tests/stats/study_report_reference.R reproduces a report from the CSV.
#include <cstdint>
#include <string>
#include <vector>

#include "core/stats/rating_stats.h"
#include "core/store/study_csv.h"

namespace ts::store {

struct ArmSummary {
    std::string label;
    stats::RatingSummary summary;
};

struct PairComparison {
    std::string a, b;  // arm labels; rank-biserial > 0: a rated higher
    stats::MannWhitneyResult test;
    double pHolm = 0.0;
};

struct ScaleReport {
    std::string scale;  // "interpretability" or "cognitive_load"
    std::vector<ArmSummary> arms;
    // NaN fields when fewer than two arms have ratings.
    stats::KruskalWallisResult kruskalWallis;
    std::vector<PairComparison> pairs;
    // NaN when no (item, arm) pair has ratings from two participants.
    double krippendorffAlpha = 0.0;
};

struct StudyReport {
    std::uint32_t seed = 0;  // of every arm's bootstrap: set.seed(seed) before each
    std::size_t ratings = 0;
    std::size_t participants = 0;
    std::vector<ScaleReport> scales;  // interpretability, then cognitive load
};

inline const char* const kStudyScales[] = {"interpretability", "cognitive_load"};

// armOrder: the arms' labels in report order (arms without ratings are listed
// with n = 0); labels in `rows` that are not in it are an error.
StudyReport studyReport(const std::vector<RatingRow>& rows,
                        const std::vector<std::string>& armOrder, std::uint32_t seed);

// The study's stored ratings as rows (armLabel from the study's arms).
std::vector<RatingRow> ratingRows(Project& project, const Study& study);

// What the Analyse workspace draws of a study, per arm: how many ratings
// took each value 1-5 on each scale (the diverging stacked bars), and the
// paper's key comparison - the arm's run's answer accuracy (strict rule,
// exact match, over all its items) beside its mean interpretability.
struct ArmFigure {
    std::string label;
    std::string runName;
    long long counts[2][5] = {};        // [scale: interpretability, cognitive load][rating - 1]
    double meanInterpretability = 0.0;  // NaN without ratings
    long long items = 0;                // the run's items
    long long answersCorrect = 0;
};
std::vector<ArmFigure> studyFigures(Project& project, const Study& study);

std::string studyReportText(const StudyReport& report);
std::string studyReportJson(const StudyReport& report);  // numbers at full precision

}  // namespace ts::store
