#pragma once
// A run's three 2x2 tables with their statistics as text for people and for
// other programs: JSON and CSV with full precision (NaN as null / empty), and
// Markdown and LaTeX rounded for reading, with a footnote wherever an expected
// count is below 5 or the odds ratio needed the 0.5 correction. Shared by the
// CLI's `tables` and the GUI's export.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/store/run_tables.h"

namespace ts::store {

enum class TableFormat { Json, Csv, Markdown, Latex };
// "json", "csv", "markdown", "latex".
std::optional<TableFormat> parseTableFormat(std::string_view name);

// Keys in a fixed, readable order (run, rule, ..., then the tables).
nlohmann::ordered_json runTablesJson(const RunTables& tables, const std::string& runName);
std::string formatRunTables(const RunTables& tables, const std::string& runName, TableFormat format);

// A p-value for people: 3 significant digits; a p-value below the double
// range is written from its logarithm (e.g. "2.1e-520"); NaN is "n/a".
std::string formatPValue(double p, double logP);

}  // namespace ts::store
