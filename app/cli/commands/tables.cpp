// tracescope-cli tables: a stored run's three 2x2 tables (class, retrieval,
// trace x answer) with their statistics under a rule - strict, legacy, or a
// person's judgment (human) - as JSON, CSV, Markdown or LaTeX; or several
// runs pooled with the Cochran-Mantel-Haenszel test. Under the human rule the
// report adds the rule-versus-human agreement per step.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "app/cli/rule_options.h"
#include "core/store/pooled_tables.h"
#include "core/store/project.h"
#include "core/store/rule_agreement.h"
#include "core/store/run_tables.h"
#include "core/store/table_report.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

int runTables(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli tables --project P.tsproj --run NAME [--run NAME... --pooled] "
        "[--rule strict|legacy|human [--annotator NAME]] [--retrieval all|any] "
        "[--missing-trace wrong|exclude] [--format json|csv|markdown|latex]",
        "Print the class x answer, retrieval x answer and trace x answer tables of a run with "
        "chi-square (with and without Yates), Fisher's exact p, phi, the odds ratio, the "
        "conditional answer accuracies, P(step ok | answer ok) and P(step ok and answer ok) with "
        "95% intervals. --rule human reads the strict verdicts with the annotators' verdict "
        "overrides laid over them and adds, per step, how often the rule agrees with the people "
        "who judged it (JSON: human_vs_rule). --pooled sums the tables of several runs and adds "
        "the Cochran-Mantel-Haenszel test with the runs as strata.");
    parser.option("--project", "P.tsproj", "the project file")
        .repeated("--run", "NAME", "the run (repeat it with --pooled)")
        .flag("--pooled", "sum the tables of the runs given and test them as strata (CMH)")
        .option("--retrieval", "MODE", "a partial retrieval counts as wrong (all) or correct (any)",
                "all")
        .option("--format", "F", "json, csv, markdown or latex", "markdown");
    ts::cli::addRuleOptions(parser);
    ts::cli::addMissingTraceOption(parser);
    const ts::cli::ParsedArgs a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;

    const store::VerdictView view = ts::cli::verdictViewOf(a);
    const ts::MissingTrace missing = ts::cli::missingTraceOf(a);
    const auto mode = ts::parseRetrievalMode(a.get("--retrieval"));
    if (!mode) throw UsageError("unknown --retrieval '" + a.get("--retrieval") + "' (all or any)");
    const auto format = store::parseTableFormat(a.get("--format"));
    if (!format)
        throw UsageError("unknown --format '" + a.get("--format") +
                         "' (json, csv, markdown or latex)");
    const auto& runs = a.all("--run");
    if (runs.empty()) throw UsageError("--run is required");
    if (runs.size() > 1 && !a.flag("--pooled")) throw UsageError("several --run need --pooled");
    if (a.flag("--pooled") && runs.size() < 2) throw UsageError("--pooled needs two or more --run");

    auto project = ts::cli::openProject(a.get("--project"));
    store::TablesDocument document;
    if (a.flag("--pooled")) {
        document.report =
            store::pooledReport(store::pooledTables(project, runs, view, *mode, missing));
    } else {
        const std::string& runName = runs.front();
        const auto tables = store::runTables(project, runName, view, *mode, missing);
        if (tables.items == 0)
            std::fprintf(stderr, "note: run '%s' has no %s verdicts; the tables are empty\n",
                         runName.c_str(), a.get("--rule").c_str());
        document.report = store::tableReport(tables, runName);
        if (view.rule == store::VerdictRule::Human)
            document.humanVsRule =
                store::ruleVersusHuman(project, tables.runId, view.annotator, *mode);
    }
    std::fputs(store::formatTablesDocument(document, *format).c_str(), stdout);
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"tables", "a stored run's 2x2 tables with their statistics", &runTables}};

}  // namespace
