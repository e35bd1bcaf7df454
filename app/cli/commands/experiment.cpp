// tracescope-cli experiment: runs an experiment file (the paper's protocol:
// conditions x seeds, train -> infer -> score -> tables) into a project, or
// prints the summary of the runs already there.
#include <cstdio>
#include <string>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/job_console.h"
#include "core/store/project.h"
#include "core/train/experiment_runner.h"

namespace {

using ts::cli::UsageError;
namespace train = ts::train;

// How a cell's training started: fresh, resumed from a checkpoint, or done earlier.
std::string trainingOrigin(const train::TrainingResult& t) {
    if (t.alreadyFinished) return ", finished earlier";
    if (t.resumedFromStep > 0) return ", resumed at step " + std::to_string(t.resumedFromStep);
    return "";
}

// How a cell's inference started: answers found in its predictions file are kept.
std::string inferenceOrigin(const train::InferenceResult& r) {
    if (r.alreadyDone == 0) return "";
    return ", resumed with " + std::to_string(r.alreadyDone) + " of " + std::to_string(r.items) + " answered";
}

void printCells(const train::ExperimentReport& report) {
    std::printf("Runs (work files in %s)\n", report.workDir.string().c_str());
    for (const auto& c : report.cells) {
        if (c.skipped) {
            std::printf("  %-44s already in the project\n", c.key.runName.c_str());
            continue;
        }
        std::printf("  %-44s train %6.1fs (%lld steps, final loss %.3f%s)  infer %6.1fs (%.0f tok/s%s)  answer %5.1f%%\n",
                    c.key.runName.c_str(), c.trainSeconds, static_cast<long long>(c.training.steps),
                    c.training.finalLoss(), trainingOrigin(c.training).c_str(), c.inferSeconds,
                    c.inference.tokensPerSecond(), inferenceOrigin(c.inference).c_str(),
                    100.0 * c.inference.score.answerAccuracy());
    }
}

int runExperimentCommand(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli experiment run|summary FILE --project P.tsproj [--device cpu|cuda] [--work-dir DIR] "
        "[--threads N] [--model DIR]",
        "run: trains every condition x seed of the experiment file, runs inference on the test split, scores "
        "the predictions and stores the runs in the project, then prints the paper-style summary (answer "
        "accuracy per condition, the trace x answer tables with chi-square and phi, P(answer ok | trace ok)). "
        "Interrupted runs (Ctrl-C, a crash, a kill) resume where they stopped when the same command is run "
        "again. summary: prints the summary of the runs already in the project.");
    p.positional("ACTION", "run or summary")
        .positional("FILE", "experiment JSON (see resources/experiments/)")
        .option("--project", "P", "project file (.tsproj; created when missing)")
        .option("--device", "DEV", "overrides the file's device: cpu, cuda or cuda:N")
        .option("--work-dir", "DIR", "checkpoints and predictions (default: <project>.runs/<experiment>)")
        .option("--threads", "N", "CPU threads (0: all; overrides the file)")
        .option("--model", "DIR", "overrides the file's model.path");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const std::string action = a.positionals().at(0);
    if (action != "run" && action != "summary") throw UsageError("ACTION must be run or summary, got '" + action + "'");
    if (!a.has("--project")) throw UsageError("--project is required");
    const auto spec = train::loadExperimentSpec(a.positionals().at(1));

    if (action == "summary") {
        auto project = ts::store::Project::open(a.get("--project"));
        std::fputs(train::formatSummary(train::summarizeExperiment(project, spec)).c_str(), stdout);
        return ts::cli::kExitOk;
    }
    train::ExperimentOptions options;
    options.projectPath = a.get("--project");
    if (const auto d = a.find("--device")) options.device = *d;
    if (const auto w = a.find("--work-dir")) options.workDir = *w;
    if (a.has("--threads")) options.cpuThreads = a.getInt("--threads");
    if (const auto m = a.find("--model")) options.modelPath = *m;

    ts::cli::JobConsole console;
    train::ExperimentObserver observer;
    observer.onStage = [&](const train::CellKey& key, train::CellStage stage) {
        console.line("== " + key.runName + ": " + train::cellStageName(stage));
    };
    const auto report = train::runExperiment(spec, options, console.sink(), observer);
    printCells(report);
    std::printf("\n%s", train::formatSummary(report.summary).c_str());
    std::printf("\nexperiment '%s' finished in %.1f s\n", spec.name.c_str(), report.seconds);
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"experiment", "run an experiment file (train, infer, score, tables) or print its summary", &runExperimentCommand}};

}  // namespace
