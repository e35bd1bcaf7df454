#pragma once
// The run summary as `tracescope-cli score` prints it: the JSON document of
// docs/scoring.md (key order fixed) and a readable text form.
#include <string>

#include <nlohmann/json.hpp>

#include "core/score/run_scorer.h"

namespace ts {

// {"rule", "items", "unevaluated", ["no_trace" (strict only)], "answer_correct",
//  "class_correct", "retrieval_correct", "trace_correct",
//  "tables": {"trace", "class", "retrieval"}, "answer_metrics": [...]}.
// Undefined statistics (NaN) are written as null.
nlohmann::ordered_json runScoreToJson(const RunScore& run);

// The same figures for people: counts, the three tables with chi-square,
// Fisher and the odds ratio, and the answer metrics per file.
std::string formatRunScore(const RunScore& run);

}  // namespace ts
