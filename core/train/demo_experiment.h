#pragma once
// The embedded default experiment (`./run.sh --headless`, the GUI's demo
// project): resources/experiments/demo.json - a tiny Llama-architecture model
// trained from scratch on the CPU, with a tokenizer learned from the
// project's bAbI-style sample data, under the vanilla, correct and incorrect
// conditions. The runs land in the given project so a newcomer sees runs they
// just trained, beside the sample data's free-form run (template-made thinking
// over the same test items; its steps need a human, docs/study.md).
// Torch-free API; safe to call on a worker thread.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/jobs/progress.h"
#include "core/train/experiment_runner.h"

namespace ts {

// <source dir>/resources/experiments/demo.json (TRACESCOPE_DEMO_EXPERIMENT overrides).
std::filesystem::path demoExperimentFile();

// Runs (or resumes) the demo experiment into projectPath. When the sample
// data folder is missing it is generated first (into the work folder) from
// the project's own generators with their default seed. cpuThreads 0: the
// file's setting (all cores); seed: replaces the file's seeds (robustness
// checks, bench_demo).
train::ExperimentReport runDemoExperiment(const std::filesystem::path& projectPath,
                                          const ProgressSink& progress = {},
                                          const train::ExperimentObserver& observer = {},
                                          int cpuThreads = 0,
                                          std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace ts
