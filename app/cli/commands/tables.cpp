// tracescope-cli tables: a stored run's three 2x2 tables (class, retrieval,
// trace x answer) with their statistics, as JSON, CSV, Markdown or LaTeX.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/store/run_tables.h"
#include "core/store/table_report.h"

namespace {

using ts::cli::UsageError;

int runTables(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli tables --project P.tsproj --run NAME --rule strict|legacy "
        "[--retrieval all|any] [--format json|csv|markdown|latex]",
        "Print the class x answer, retrieval x answer and trace x answer tables of a run with "
        "chi-square (with and without Yates), Fisher's exact p, phi, the odds ratio and the "
        "conditional answer accuracies with 95% intervals.");
    parser.option("--project", "P.tsproj", "the project file")
        .option("--run", "NAME", "the run")
        .option("--rule", "RULE", "strict or legacy", "strict")
        .option("--retrieval", "MODE", "a partial retrieval counts as wrong (all) or correct (any)",
                "all")
        .option("--format", "F", "json, csv, markdown or latex", "markdown");
    const ts::cli::ParsedArgs a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;

    const auto rule = ts::parseScoringRuleKind(a.get("--rule"));
    if (!rule) throw UsageError("unknown --rule '" + a.get("--rule") + "' (strict or legacy)");
    const auto mode = ts::parseRetrievalMode(a.get("--retrieval"));
    if (!mode) throw UsageError("unknown --retrieval '" + a.get("--retrieval") + "' (all or any)");
    const auto format = ts::store::parseTableFormat(a.get("--format"));
    if (!format)
        throw UsageError("unknown --format '" + a.get("--format") +
                         "' (json, csv, markdown or latex)");

    auto project = ts::store::Project::open(a.get("--project"));
    const std::string runName = a.get("--run");
    const auto tables = ts::store::runTables(project, runName, *rule, *mode);
    if (tables.items == 0)
        std::fprintf(stderr, "note: run '%s' has no %s verdicts; the tables are empty\n",
                     runName.c_str(), a.get("--rule").c_str());
    std::fputs(ts::store::formatRunTables(tables, runName, *format).c_str(), stdout);
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"tables", "a stored run's 2x2 tables with their statistics", &runTables}};

}  // namespace
