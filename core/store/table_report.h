#pragma once
// A stored run's three 2x2 tables as a report of core/stats' one table
// formatter (JSON, CSV, Markdown, LaTeX): shared by the CLI's `tables` and the
// GUI's exports. The report names the rule, and for the human rule whose
// overrides counted; with --missing-trace exclude it says how many items
// without a trace were left out.
#include <string>

#include <nlohmann/json.hpp>

#include "core/stats/table_report.h"
#include "core/store/rule_agreement.h"
#include "core/store/run_tables.h"

namespace ts::store {

using stats::formatPValue;
using stats::parseTableFormat;
using stats::TableFormat;

stats::TableReport tableReport(const RunTables& tables, const std::string& runName);
nlohmann::ordered_json runTablesJson(const RunTables& tables, const std::string& runName);
std::string formatRunTables(const RunTables& tables, const std::string& runName, TableFormat format);

// What `tracescope-cli tables` prints and the workbench exports: the tables
// (a run's, or pooled ones) and, under the human rule, the rule-versus-human
// agreement per step (JSON: "human_vs_rule"; Markdown and LaTeX: a second
// table; CSV: the tables only).
struct TablesDocument {
    stats::TableReport report;
    std::vector<RuleHumanAgreement> humanVsRule;  // empty unless the human rule is read
};
std::string formatTablesDocument(const TablesDocument& document, TableFormat format);

}  // namespace ts::store
