// tracescope-cli import: read prediction files with their gold files, score
// them under the strict and legacy rules, and store the run in a project
// (created when missing) in one transaction. The work is core/store/run_import.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/load_option_args.h"
#include "core/score/score_report.h"
#include "core/store/project.h"
#include "core/store/run_import.h"

namespace {

using ts::cli::UsageError;

// A run's tables as every report prints them (core's one table formatter).
void printScore(const ts::RunScore& s, const std::string& runName) {
    std::printf("\n%s", ts::stats::formatTableReport(ts::runScoreReport(s, runName),
                                                     ts::stats::TableFormat::Markdown)
                            .c_str());
}

int runImport(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli import --project P.tsproj --format trace-check-qa|jsonl "
        "--dataset cotempqa|babi|msmarco --run NAME --pair PREDICTIONS:GOLD [--pair ...]",
        "Score a run's predictions under the strict and legacy rules and store the run, its "
        "items, predictions and verdicts in the project (created if missing), all in one "
        "transaction: on any error the project is left as it was.\n"
        "trace-check-qa pairs a Trace_Check_QA evaluation_outputs file with its gold SFT CSV; "
        "jsonl pairs native {item_id, prediction} JSON Lines with a dataset file.");
    parser.option("--project", "P.tsproj", "the project file")
        .option("--format", "F", "trace-check-qa or jsonl")
        .option("--dataset", "KIND", "cotempqa, babi or msmarco")
        .option("--run", "NAME", "a name for the run, unique in the project")
        .repeated("--pair", "PREDICTIONS:GOLD", "a predictions file and its gold file")
        .option("--model", "M", "the model that made the predictions", "")
        .option("--checkpoint", "PATH", "the adapter or checkpoint path", "")
        .option("--condition", "C", "the training condition, e.g. correct-trace", "")
        .option("--seed", "N", "the training seed")
        .option("--trace-type", "T",
                "rule-based (default), or a free-form kind whose steps a person judges: "
                "free-form, summary, explanation, swapped",
                "rule-based");
    ts::cli::addLoadChoiceOptions(parser);  // jsonl pairs: how a source dataset is loaded
    const ts::cli::ParsedArgs a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;

    const auto format = ts::store::parseImportFormat(a.get("--format"));
    if (!format)
        throw UsageError("unknown --format '" + a.get("--format") + "' (trace-check-qa or jsonl)");
    const auto kind = ts::parseDatasetKind(a.get("--dataset"));
    if (!kind || *kind == ts::DatasetKind::Generic)
        throw UsageError("unknown --dataset '" + a.get("--dataset") +
                         "' (cotempqa, babi or msmarco)");
    if (a.all("--pair").empty()) throw UsageError("give at least one --pair PREDICTIONS:GOLD");
    std::vector<ts::store::ImportPairSpec> specs;
    for (const std::string& value : a.all("--pair")) {
        const auto [predictions, gold] = ts::cli::splitPair(value, "--pair");
        specs.push_back({predictions, gold});
    }
    ts::store::RunInfo run;
    run.name = a.get("--run");
    run.model = a.get("--model");
    run.checkpoint = a.get("--checkpoint");
    run.condition = a.get("--condition");
    if (a.has("--seed")) run.seed = a.getInt("--seed");
    const auto traceType = ts::parseTraceType(a.get("--trace-type"));
    if (!traceType)
        throw UsageError("unknown --trace-type '" + a.get("--trace-type") +
                         "' (rule-based, free-form, summary, explanation or swapped)");
    run.traceType = *traceType;

    const auto start = std::chrono::steady_clock::now();
    // Read everything before touching the project: a bad file never creates one.
    ts::LoadOptions loadOptions;
    ts::cli::applyLoadChoices(a, loadOptions);
    const std::vector<ts::ScoringPair> pairs =
        ts::store::readImportPairs(*format, *kind, specs, loadOptions);
    auto project = ts::store::Project::openOrCreate(a.get("--project"));
    ts::ProgressSink progress;
    if (::isatty(STDERR_FILENO))
        progress = ts::ProgressSink([](const ts::Progress& p) {
            std::fprintf(stderr, "\r%3d%% %-60.60s", static_cast<int>(p.fraction * 100),
                         p.message.c_str());
            if (p.fraction >= 1.0) std::fprintf(stderr, "\r%-66s\r", "");
            return true;
        });
    const auto result = ts::store::importScoredRun(project, *format, *kind, run, pairs, progress);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf(
        "imported run '%s' into %s: %lld predictions, %lld new items, %lld verdicts (%.2f s)\n",
        run.name.c_str(), project.path().c_str(), result.stored.predictions,
        result.stored.itemsAdded, result.stored.verdicts, seconds);
    printScore(result.strict, run.name);
    if (result.legacy)
        printScore(*result.legacy, run.name);
    else
        std::printf("legacy: not scored (these gold files have no legacy gold rows)\n");
    if (result.unansweredItems > 0)
        std::printf("note: %lld gold items have no prediction in these files\n",
                    result.unansweredItems);
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"import", "score prediction files and store the run in a project", &runImport}};

}  // namespace
