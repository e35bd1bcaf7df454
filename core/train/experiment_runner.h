#pragma once
// Runs an experiment file's protocol (torch-free API): for every dataset x
// condition x seed, train -> infer -> score -> store, then the paper-style
// summary. Every stage can be interrupted (cancel, crash, SIGKILL) and the
// run resumed with the same command:
//   - a run already in the project is skipped;
//   - training resumes from its last complete checkpoint (or is skipped when
//     its final folder and result.json exist);
//   - inference skips the items already in its predictions file;
//   - the import into the project is one transaction.
// Work files live in <work dir>/<dataset>/<condition>/s<seed>/ (train/,
// predictions.jsonl); the default work dir is <project>.runs/<experiment>.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/progress.h"
#include "core/train/experiment_spec.h"
#include "core/train/experiment_summary.h"
#include "core/train/inference_job.h"
#include "core/train/sft_trainer.h"

namespace ts::train {

struct ExperimentOptions {
    std::filesystem::path projectPath;
    std::filesystem::path workDir;      // empty: <project>.runs/<experiment name>
    std::optional<std::string> device;  // overrides the file's "device"
    std::optional<int> cpuThreads;      // overrides the file's "cpu_threads"
    std::filesystem::path modelPath;    // overrides the file's model.path (not scratch models)
    // Only this cell (index in dataset x condition x seed order: a SLURM array
    // task's SLURM_ARRAY_TASK_ID); none: every cell.
    std::optional<std::size_t> onlyCell;
    // Leave each cell's results as a run bundle under <work dir>/bundles
    // instead of storing them in the project (no project is opened).
    bool writeBundles = false;
};

struct CellKey {
    std::string dataset;
    SftCondition condition = SftCondition::Vanilla;
    std::uint64_t seed = 0;
    std::string runName;
};

enum class CellStage { Training, Inference, Import, Done };
std::string cellStageName(CellStage s);

struct CellOutcome {
    CellKey key;
    bool skipped = false;  // the run was already in the project
    TrainingResult training;
    InferenceResult inference;
    double trainSeconds = 0.0, inferSeconds = 0.0, importSeconds = 0.0;
};

// Live events for front ends (called on the worker thread).
struct ExperimentObserver {
    std::function<void(const CellKey&, CellStage)> onStage;
    std::function<void(const CellKey&, const StepRecord&, std::int64_t totalSteps)> onTrainingStep;
    std::function<void(const CellKey&, const LiveScore&)> onPredictions;
};

struct ExperimentReport {
    std::filesystem::path workDir;
    std::vector<CellOutcome> cells;
    ExperimentSummary summary;
    double seconds = 0.0;
};

std::filesystem::path defaultWorkDir(const std::filesystem::path& projectPath, const std::string& experimentName);

ExperimentReport runExperiment(const ExperimentSpec& spec, const ExperimentOptions& options,
                               const ProgressSink& progress = {}, const ExperimentObserver& observer = {});

// dataset x condition x seed.
std::size_t experimentCellCount(const ExperimentSpec& spec);

// A dataset entry's test split, loaded as the runner loads it (named after
// the entry, so runs of it share the project's items).
Dataset loadExperimentTestSplit(const ExperimentDataset& d, const ProgressSink& progress = {});
// Where writeBundles leaves the bundles: <work dir>/bundles.
std::filesystem::path bundleRoot(const std::filesystem::path& workDir);

struct CollectReport {
    std::vector<std::string> imported, alreadyPresent;  // run names
};
// Imports every run bundle under `bundles` into the project, one transaction
// per bundle; runs already in the project are left alone, so collecting again
// imports nothing twice. Every bundle is verified first: a partial or altered
// one is refused with an error naming the file, and nothing is imported.
CollectReport collectBundles(const ExperimentSpec& spec, const std::filesystem::path& projectPath,
                             const std::filesystem::path& bundles,
                             const ProgressSink& progress = {});

}  // namespace ts::train
