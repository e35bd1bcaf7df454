// tracescope-cli demo: the embedded default experiment (./run.sh --headless):
// a tiny model trained from scratch on the sample data under the vanilla,
// correct and incorrect conditions, stored in the demo project.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/job_console.h"
#include "core/train/demo_experiment.h"

namespace {

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int runDemo(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli demo --project P.tsproj [--threads N] [--seed S]",
        "Runs the demo experiment (" + ts::demoExperimentFile().string() +
            "): trains a tokenizer and a tiny Llama-architecture model from scratch on the "
            "bAbI-style sample data for the vanilla, correct and incorrect trace conditions, "
            "generates and scores answers on the test split and stores the runs in the project. "
            "A second call only prints the summary; an interrupted call resumes.");
    p.option("--project", "P", "project file (.tsproj; created when missing)")
        .option("--threads", "N", "CPU threads (0: all)", "0")
        .option("--seed", "S",
                "train with this seed instead of the file's (runs are named by seed)");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    if (!a.has("--project")) throw ts::cli::UsageError("--project is required");
    const auto wall0 = std::chrono::steady_clock::now();
    const double cpu0 = cpuSeconds();
    ts::cli::JobConsole console;
    ts::train::ExperimentObserver observer;
    observer.onStage = [&](const ts::train::CellKey& key, ts::train::CellStage stage) {
        console.line("== " + key.runName + ": " + ts::train::cellStageName(stage));
    };
    std::optional<std::uint64_t> seed;
    if (a.has("--seed")) seed = static_cast<std::uint64_t>(a.getInt("--seed"));
    const auto report = ts::runDemoExperiment(a.get("--project"), console.sink(), observer,
                                              a.getInt("--threads"), seed);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    for (const auto& c : report.cells) {
        if (c.skipped) continue;
        std::printf(
            "%-36s train %6.1fs (%lld steps, final loss %.3f)  infer %5.1fs  answer accuracy "
            "%5.1f%%\n",
            c.key.runName.c_str(), c.trainSeconds, static_cast<long long>(c.training.steps),
            c.training.finalLoss(), c.inferSeconds, 100.0 * c.inference.score.answerAccuracy());
    }
    std::printf("\n%s", ts::train::formatSummary(report.summary).c_str());
    std::printf("\ndemo finished: %.1f s wall, %.1f s CPU; project %s\n", wall, cpuSeconds() - cpu0,
                a.get("--project").c_str());
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"demo", "train and score the demo experiment on the sample data (tiny model, CPU)", &runDemo}};

}  // namespace
