// tracescope-cli taxonomy: where a run's traces and answers go wrong
// (docs/analysis.md) - the class confusion matrix, the retrieval and answer
// error types per item counted from the project's item_error_types rows,
// each type's 2x2 against the answer with its statistics, ranked; several
// runs pooled with the Cochran-Mantel-Haenszel test, and two runs on the same
// items compared type by type with McNemar's test.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "app/cli/rule_options.h"
#include "core/store/project.h"
#include "core/store/taxonomy_report.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

bool sameDataset(const std::vector<store::RunTaxonomy>& runs) {
    return runs.size() == 2 && runs[0].dataset == runs[1].dataset;
}

int runTaxonomyCommand(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli taxonomy --project P.tsproj --run NAME [--run NAME...] "
        "[--rule strict|legacy|human [--annotator NAME]] [--format json|csv|markdown]",
        "Print the error taxonomy of each run: the class confusion matrix (predicted label x gold "
        "label, with rows for no label and for labels not in the dataset), the count of every "
        "class, retrieval and answer error type, and per type the 2x2 table present/absent x "
        "answer ok/wrong with Fisher's p (Holm-adjusted over the types), the odds ratio and the "
        "drop in answer accuracy, ranked. With several runs, the tables pooled with the "
        "Cochran-Mantel-Haenszel test over the runs; with two runs on the same items, the types "
        "compared item by item with McNemar's test. Definitions: docs/analysis.md.");
    parser.option("--project", "P.tsproj", "the project file")
        .repeated("--run", "NAME", "a run (repeat for pooled tables and a comparison)")
        .option("--format", "F", "json, csv or markdown", "markdown");
    ts::cli::addRuleOptions(parser);
    const ts::cli::ParsedArgs a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    if (!a.has("--project")) throw UsageError("--project is required");
    const auto& runs = a.all("--run");
    if (runs.empty()) throw UsageError("--run is required");
    const auto format = store::parseTaxonomyFormat(a.get("--format"));
    if (!format)
        throw UsageError("unknown --format '" + a.get("--format") + "' (json, csv or markdown)");

    store::TaxonomyDocument d;
    d.view = ts::cli::verdictViewOf(a);
    auto project = ts::cli::openProject(a.get("--project"));
    for (const std::string& run : runs) d.runs.push_back(store::runTaxonomy(project, run, d.view));
    if (runs.size() >= 2) d.pooled = store::pooledTaxonomy(d.runs);
    if (sameDataset(d.runs))
        d.comparison = store::compareTaxonomies(project, runs[0], runs[1], d.view);
    else if (runs.size() == 2)
        d.comparisonNote = "runs '" + runs[0] + "' and '" + runs[1] +
                           "' are on different datasets: no paired comparison";
    std::fputs(store::formatTaxonomy(d, *format).c_str(), stdout);
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"taxonomy", "where a run's traces and answers go wrong, counted and cross-tabulated",
     &runTaxonomyCommand}};

}  // namespace
