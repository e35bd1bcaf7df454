#pragma once
// The one formatter of step x answer tables, for people and for other
// programs: JSON and CSV with full precision (NaN as null / empty), Markdown
// and LaTeX rounded for reading, with a footnote wherever an expected count is
// below 5 or the odds ratio needed the 0.5 correction. A stored run's tables
// (store::formatRunTables), a scored run that was never stored
// (score_report.h), pooled tables and the GUI's exports all come through here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/stats/contingency.h"
#include "core/stats/mantel_haenszel.h"

namespace ts::stats {

enum class TableFormat { Json, Csv, Markdown, Latex };
// "json", "csv", "markdown", "latex".
std::optional<TableFormat> parseTableFormat(std::string_view name);

// One step's table.
struct StepTableReport {
    std::string step;  // "class", "retrieval", "trace"
    TableStatistics statistics;
    // Items left out of this table (the step or the answer unevaluated) and
    // how many of them answered right.
    long long excluded = 0;
    long long excludedAnswerOk = 0;
    // Pooled tables: the Cochran-Mantel-Haenszel test over the strata.
    std::optional<MantelHaenszel> cmh;
};

// Tables of one run (or one pool of runs) under one rule.
struct TableReport {
    std::string run;        // the run's name; for a pool, the runs joined by " + "
    std::string rule;       // "strict", "legacy", "human"
    std::string retrieval;  // "all", "any"
    long long items = 0;    // items with a verdict under the rule
    long long answerOk = 0;
    std::vector<StepTableReport> steps;
    // Further top-level JSON keys (written after "answer_ok") and the phrases
    // that go with them into the Markdown / LaTeX heading.
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();
    std::vector<std::string> headingNotes;
};

// One step's table as JSON (counts, statistics, conditional proportions).
nlohmann::ordered_json stepTableJson(const StepTableReport& table);
nlohmann::ordered_json tableReportJson(const TableReport& report);
std::string formatTableReport(const TableReport& report, TableFormat format);

// A p-value for people: 3 significant digits; a p-value below the double
// range is written from its logarithm (e.g. "2.1e-520"); NaN is "n/a".
std::string formatPValue(double p, double logP);

}  // namespace ts::stats
