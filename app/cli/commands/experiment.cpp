// tracescope-cli experiment: runs an experiment file (the paper's protocol:
// conditions x seeds, train -> infer -> score -> tables) into a project, or
// prints the summary of the runs already there.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/job_console.h"
#include "app/cli/project_access.h"
#include "core/store/project.h"
#include "core/train/experiment_runner.h"
#include "core/train/slurm_sweep.h"

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

ts::cli::ArgParser experimentParser() {
    ts::cli::ArgParser p(
        "tracescope-cli experiment run|summary|run-cell|submit|status|collect FILE [--project "
        "P.tsproj] "
        "[--work-dir DIR] [--device cpu|cuda] [--threads N] [--model DIR] [--cell N] [--slurm] "
        "[--partition P] [--gres G] [--time T] [--account A] [--cpus N] [--dry-run] "
        "[--resubmit-missing] "
        "[--bundles DIR]",
        "run: trains every condition x seed of the experiment file, runs inference on the test "
        "split, scores "
        "the predictions and stores the runs in the project, then prints the paper-style summary "
        "(answer "
        "accuracy per condition, the trace x answer tables with chi-square and phi, P(answer ok | "
        "trace ok)). "
        "Interrupted runs (Ctrl-C, a crash, a kill) resume where they stopped when the same "
        "command is run "
        "again. summary: prints the summary of the runs already in the project.\n"
        "On a SLURM cluster (docs/cluster.md): submit --slurm writes one sbatch job array with a "
        "task per "
        "cell (--dry-run prints it instead; --resubmit-missing takes only the cells without a "
        "finished "
        "bundle) into the shared --work-dir; each task runs run-cell, which trains, infers and "
        "leaves a run "
        "bundle in <work dir>/bundles; status shows each cell's scheduler state and bundle; "
        "collect imports "
        "every finished bundle into --project, one transaction each, never twice.");
    p.positional("ACTION", "run, summary, run-cell, submit, status or collect")
        .positional("FILE", "experiment JSON (see resources/experiments/)")
        .option("--project", "P", "project file (.tsproj; created when missing)")
        .option("--device", "DEV", "overrides the file's device: cpu, cuda or cuda:N")
        .option(
            "--work-dir", "DIR",
            "checkpoints, predictions and bundles (default: <project>.runs/<experiment>; required "
            "without --project)")
        .option("--threads", "N", "CPU threads (0: all; overrides the file)")
        .option("--model", "DIR", "overrides the file's model.path")
        .option("--cell", "N",
                "run-cell: the cell to run (dataset x condition x seed order, from 0)")
        .flag("--slurm", "submit: to SLURM with sbatch (the scheduler TraceScope supports)")
        .option("--partition", "P", "submit: sbatch --partition")
        .option("--gres", "G", "submit: sbatch --gres (gpu:1 for one GPU per cell)")
        .option("--time", "T", "submit: sbatch --time")
        .option("--account", "A", "submit: sbatch --account")
        .option("--cpus", "N", "submit: CPUs (and threads) per task", "1")
        .flag("--dry-run", "submit: print the sbatch script instead of submitting it")
        .flag("--resubmit-missing", "submit: only the cells without a finished bundle")
        .option("--bundles", "DIR", "collect: the bundles' folder (default: <work dir>/bundles)");
    return p;
}

std::filesystem::path workDirOf(const ts::cli::ParsedArgs& a, const train::ExperimentSpec& spec) {
    if (const auto w = a.find("--work-dir")) return *w;
    if (a.has("--project")) return train::defaultWorkDir(a.get("--project"), spec.name);
    throw UsageError("--work-dir is required without --project");
}

train::ExperimentOptions runOptions(const ts::cli::ParsedArgs& a,
                                    const train::ExperimentSpec& spec) {
    train::ExperimentOptions options;
    if (a.has("--project")) options.projectPath = a.get("--project");
    options.workDir = workDirOf(a, spec);
    if (const auto d = a.find("--device")) options.device = *d;
    if (a.has("--threads")) options.cpuThreads = a.getInt("--threads");
    if (const auto m = a.find("--model")) options.modelPath = *m;
    return options;
}

int runCells(const ts::cli::ParsedArgs& a, const train::ExperimentSpec& spec, bool oneCell) {
    auto options = runOptions(a, spec);
    if (oneCell) {
        if (!a.has("--cell")) throw UsageError("run-cell needs --cell N");
        const int cell = a.getInt("--cell");
        if (cell < 0) throw UsageError("--cell must not be negative");
        options.onlyCell = static_cast<std::size_t>(cell);
        options.writeBundles = true;
    }
    ts::cli::JobConsole console;
    train::ExperimentObserver observer;
    observer.onStage = [&](const train::CellKey& key, train::CellStage stage) {
        console.line("== " + key.runName + ": " + train::cellStageName(stage));
    };
    const auto report = train::runExperiment(spec, options, console.sink(), observer);
    printCells(report);
    if (oneCell) {
        std::printf("bundle in %s\n", train::bundleRoot(options.workDir).string().c_str());
        return ts::cli::kExitOk;
    }
    std::printf("\n%s", train::formatSummary(report.summary).c_str());
    std::printf("\nexperiment '%s' finished in %.1f s\n", spec.name.c_str(), report.seconds);
    return ts::cli::kExitOk;
}

// The tracescope-cli beside this executable (the nodes run the same build).
std::filesystem::path thisCli() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "tracescope-cli";
    return self.parent_path() / "tracescope-cli";
}

int submit(const ts::cli::ParsedArgs& a, const train::ExperimentSpec& spec,
           const std::string& file) {
    if (!a.has("--slurm"))
        throw UsageError("submit needs --slurm (the scheduler TraceScope submits to)");
    const auto work = workDirOf(a, spec);
    train::SlurmOptions o;
    o.partition = a.find("--partition").value_or("");
    o.gres = a.find("--gres").value_or("");
    o.time = a.find("--time").value_or("");
    o.account = a.find("--account").value_or("");
    o.cpusPerTask = a.getInt("--cpus");
    if (o.cpusPerTask < 1) throw UsageError("--cpus must be at least 1");
    o.device = a.find("--device").value_or("");
    o.cli = thisCli();
    std::vector<std::size_t> cells;
    if (a.has("--resubmit-missing")) {
        cells = train::cellsWithoutBundle(spec, work);
        if (cells.empty()) {
            std::printf("every cell has a finished bundle in %s: nothing to submit\n",
                        train::bundleRoot(work).string().c_str());
            return ts::cli::kExitOk;
        }
    } else {
        for (std::size_t i = 0; i < train::experimentCellCount(spec); ++i) cells.push_back(i);
    }
    if (a.has("--dry-run")) {
        std::fputs(train::sweepScript(spec, file, work, cells, o).c_str(), stdout);
        return ts::cli::kExitOk;
    }
    const auto sweep = train::submitSweep(spec, file, work, cells, o);
    std::printf("submitted job %s: %zu task(s), cells %s (script %s)\n", sweep.jobId.c_str(),
                sweep.cells.size(), train::arrayRanges(sweep.cells).c_str(),
                sweep.script.string().c_str());
    return ts::cli::kExitOk;
}

int status(const ts::cli::ParsedArgs& a, const train::ExperimentSpec& spec) {
    const auto work = workDirOf(a, spec);
    std::size_t done = 0;
    for (const auto& c : train::sweepStatus(spec, work)) {
        std::printf("  %3zu  %-44s %s\n", c.index, c.runName.c_str(), c.state().c_str());
        done += c.bundle;
    }
    std::printf("%zu of %zu cells finished (bundles in %s)\n", done,
                train::experimentCellCount(spec), train::bundleRoot(work).string().c_str());
    return ts::cli::kExitOk;
}

int collect(const ts::cli::ParsedArgs& a, const train::ExperimentSpec& spec) {
    if (!a.has("--project")) throw UsageError("collect needs --project");
    const std::filesystem::path bundles = a.has("--bundles")
                                              ? std::filesystem::path(a.get("--bundles"))
                                              : train::bundleRoot(workDirOf(a, spec));
    ts::cli::JobConsole console;
    const auto r = train::collectBundles(spec, a.get("--project"), bundles, console.sink());
    for (const auto& name : r.imported) std::printf("  imported  %s\n", name.c_str());
    for (const auto& name : r.alreadyPresent) std::printf("  present   %s\n", name.c_str());
    std::printf("%zu run(s) imported, %zu already in the project (bundles in %s)\n",
                r.imported.size(), r.alreadyPresent.size(), bundles.string().c_str());
    return ts::cli::kExitOk;
}

int runExperimentCommand(const std::vector<std::string>& args) {
    auto p = experimentParser();
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const std::string action = a.positionals().at(0);
    static const std::vector<std::string> actions = {"run",    "summary", "run-cell",
                                                     "submit", "status",  "collect"};
    if (std::find(actions.begin(), actions.end(), action) == actions.end())
        throw UsageError("ACTION must be run, summary, run-cell, submit, status or collect, got '" +
                         action + "'");
    const std::string file = a.positionals().at(1);
    const auto spec = train::loadExperimentSpec(file);
    if (action == "summary") {
        if (!a.has("--project")) throw UsageError("--project is required");
        auto project = ts::cli::openProject(a.get("--project"));
        std::fputs(train::formatSummary(train::summarizeExperiment(project, spec)).c_str(), stdout);
        return ts::cli::kExitOk;
    }
    if (action == "run") {
        if (!a.has("--project")) throw UsageError("--project is required");
        return runCells(a, spec, false);
    }
    if (action == "run-cell") return runCells(a, spec, true);
    if (action == "submit") return submit(a, spec, file);
    if (action == "status") return status(a, spec);
    return collect(a, spec);
}

const ts::cli::RegisterCommand reg{{"experiment",
                                    "run an experiment file (train, infer, score, tables), print "
                                    "its summary, or run it as a SLURM sweep",
                                    &runExperimentCommand}};

}  // namespace
