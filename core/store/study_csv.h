#pragma once
// A study's ratings as long CSV, one row per (participant, item, scale):
//   participant,item,trace_type,scale,rating,seconds,comment
// trace_type is the arm's label (studies.h), scale "interpretability" or
// "cognitive_load", rating 1-5, seconds the time on the item. R reads it
// as is (read.csv); `study import` merges such files from other machines.
#include <filesystem>
#include <string>
#include <vector>

#include "core/store/studies.h"

namespace ts::store {

// One participant's two ratings of one item, as read from a CSV.
struct RatingRow {
    std::string participant;
    std::string itemKey;
    std::string armLabel;
    int interpretability = 0;
    int cognitiveLoad = 0;
    double seconds = 0.0;
    std::string comment;
    std::size_t line = 0;  // of its first row
};

void exportRatingsCsv(Project& project, const Study& study, const std::filesystem::path& path);

// Reads and pairs the rows. Throws ts::Error naming the file and line for a
// missing column, an unknown scale, a rating that is not an integer 1-5, a
// bad time, a scale given twice or missing for an item, or a row whose
// trace_type differs from its partner's.
std::vector<RatingRow> readRatingsCsv(const std::filesystem::path& path);

struct RatingImport {
    long long added = 0;      // ratings new to the project
    long long unchanged = 0;  // already there with the same values
};

// Merges a CSV into the study in one transaction: every row is checked first
// (participant joined, item in the study, trace_type the arm the participant's
// sequence shows, the same ratings where one is already stored); any problem
// is an error naming the file and line, and nothing is written.
RatingImport importRatingsCsv(Project& project, const Study& study,
                              const std::filesystem::path& path);

}  // namespace ts::store
