#pragma once
// The run summary as `tracescope-cli score` prints it: the JSON document of
// docs/scoring.md (key order fixed) and a readable text form.
#include <string>

#include <nlohmann/json.hpp>

#include "core/score/run_scorer.h"
#include "core/stats/table_report.h"

namespace ts {

// {"rule", "items", "unevaluated", ["no_trace" (strict only)], "missing_trace",
//  ["missing_trace_excluded"], "answer_correct", "class_correct",
//  "retrieval_correct", "trace_correct", "tables": {"class", "retrieval",
//  "trace"} (each as stats::stepTableJson writes it), "answer_metrics": [...]}.
// Undefined statistics (NaN) are written as null.
nlohmann::ordered_json runScoreToJson(const RunScore& run);

// The same figures for people: counts, the three tables (Markdown, from the
// one table formatter), and the answer metrics per file.
std::string formatRunScore(const RunScore& run);

// The run's tables as a report of the one table formatter (name: its label).
stats::TableReport runScoreReport(const RunScore& run, const std::string& name);

}  // namespace ts
