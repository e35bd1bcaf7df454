#pragma once
// One fine-tuning or inference job described by plain values (torch-free,
// Qt-free): what the CLI's train/infer commands and the GUI's "Fine-tune..."
// and "Run inference..." dialogs fill in, and the functions that carry them
// out on the calling (worker) thread. The GUI installs these functions as its
// job runners, so the widget library itself never links the trainer.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/decompose/sft_example.h"
#include "core/jobs/progress.h"
#include "core/store/run_writer.h"
#include "core/train/inference_job.h"
#include "core/train/sft_trainer.h"
#include "core/train/training_config.h"

namespace ts::train {

// Where the examples come from: dataset files and a split (+ limit).
struct DataSelection {
    std::vector<std::filesystem::path> files;
    std::string format = "auto";
    std::string split;
    int limit = 0;  // 0: every item of the split
};

struct FineTuneRequest {
    std::filesystem::path modelDir;   // Hugging Face folder (weights, tokenizer, chat template)
    DataSelection data{{}, "auto", "train", 0};
    SftCondition condition = SftCondition::Correct;
    std::filesystem::path sftFile;    // a build-sft JSONL instead of data + condition
    std::string family = "Llama";     // names the model in the system message
    bool systemMessage = true;
    TrainingConfig config;            // the paper's defaults
    std::filesystem::path outputDir;  // checkpoints/, final/, result.json
    std::string device = "cpu";
    int cpuThreads = 0;
    // This process's rank when data-parallel (`train --nproc`, srun); none: alone.
    std::optional<DistributedEnv> distributed;
};

struct InferenceRequest {
    std::filesystem::path modelDir;
    std::filesystem::path adapterDir;  // optional PEFT adapter (merged for speed)
    DataSelection data{{}, "auto", "test", 0};
    InferenceOptions options;
    std::filesystem::path predictionsFile;
    std::string device = "cpu";
    std::string dtype = "float32";
    int cpuThreads = 0;
    // Optional: store the scored run in a project.
    std::filesystem::path projectPath;
    std::string runName;
    std::string condition;
    std::optional<long long> seed;
};

struct InferenceOutcome {
    InferenceResult inference;
    std::optional<store::ImportSummary> stored;  // when a project was given
};

// Tokenized rows of the request's SFT set (used by runFineTune; public for tests).
TokenizedSet fineTuneRows(const FineTuneRequest& request, const ProgressSink& progress = {});

// Loads the model, builds and tokenizes the SFT set and trains (resuming from
// the output folder's checkpoints). Throws ts::Cancelled after saving a
// checkpoint when cancelled.
TrainingResult runFineTune(const FineTuneRequest& request, const ProgressSink& progress = {},
                           const StepCallback& onStep = {});

// Generates (resuming the predictions file), then scores and stores the run
// when a project is given (a run of that name must not exist yet).
InferenceOutcome runInferenceRequest(const InferenceRequest& request, const ProgressSink& progress = {},
                                     const BatchCallback& onBatch = {});

// Folders among paths become their data files (sorted; dot files and .md
// files skipped), so "sample_data/babi" names every task file in it.
std::vector<std::filesystem::path> expandDataPaths(const std::vector<std::filesystem::path>& paths);

// The items of a selection (the split, limited), with the dataset's kind and name.
Dataset selectItems(const DataSelection& selection, const ProgressSink& progress = {});

// The items of `all` in `split`, in file order, at most `limit` of them (0 =
// every one); kind, name and source files carried over. May be empty.
Dataset keepSplit(Dataset all, const std::string& split, int limit);

}  // namespace ts::train
