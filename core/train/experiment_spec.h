#pragma once
// An experiment file (JSON) describing the paper's protocol: datasets, trace
// conditions, seeds, the model (a Hugging Face folder, or a tiny model trained
// from scratch with its own tokenizer), training hyper-parameters, inference
// and scoring settings. Relative paths are resolved against the file's folder;
// "sample:babi" names a folder of the project's sample data, "shared:babi/en"
// one of ../shared/data (sharedDataDir()). Torch-free.
//
// {
//   "name": "babi-paper",
//   "datasets": [{"name": "babi", "paths": ["sample:babi"], "format": "auto",
//                 "train_babi_items": "first", "marco_retrieval": "overlap",
//                 "max_train_items": 0, "max_test_items": 0,
//                 "traces": {"free-form": "r1.jsonl", "summary": "summary.jsonl",
//                            "explanation": "explanation.jsonl"},
//                 "swap_from": "correct"}],
//   "conditions": ["vanilla", "class-only", "correct", "incorrect",
//                  "wrong-class-only", "wrong-retrieval-only",
//                  "free-form", "summary", "explanation", "swapped"],
//   "seeds": [121, 122, 123],
//   "model": {"path": "/models/Llama-3.2-1B-Instruct", "family": "Llama", "dtype": "float32"},
//   "training": {"learning_rate": 2e-4, ...},           (training_config.h)
//   "inference": {"batch_size": 16, "max_new_tokens": 500, "no_generation_prompt": false,
//                 "prompt_style": "training"},
//   "system_message": true,
//   "device": "cpu", "cpu_threads": 0
// }
// "traces" names the trace file (trace_texts.h) of each free-form condition
// listed, "swap_from" the condition whose traces swapped deals out; both are
// required by the conditions that use them. The runner trains on one split,
// so a trace file may hold the other split's items too.
// A scratch model replaces "path" by
//   "scratch": {"vocab_size": 1024, "hidden_size": 128, "num_hidden_layers": 4,
//               "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 384}
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/load_options.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_example.h"
#include "core/train/inference_job.h"
#include "core/train/training_config.h"

namespace ts::train {

struct ExperimentDataset {
    std::string name;  // names the runs: <experiment>/<dataset>/<condition>/s<seed>
    std::vector<std::filesystem::path> paths;  // resolved
    std::string format = "auto";
    std::string trainSplit = "train", testSplit = "test";
    BabiItems trainBabiItems = BabiItems::FirstQuestionPerStory;
    BabiItems testBabiItems = BabiItems::FirstQuestionPerStory;
    // "marco_retrieval": "overlap" (the paper's choice, default) or "is-selected".
    MarcoRetrieval marcoRetrieval = MarcoRetrieval::MaxWordOverlap;
    int maxTrainItems = 0;  // 0: all (otherwise the first N in dataset order)
    int maxTestItems = 0;
    // "traces": the trace file of each free-form condition (resolved).
    std::map<SftCondition, std::filesystem::path> traceFiles;
    // "swap_from": the condition whose traces swapped deals out.
    std::optional<SftCondition> swapFrom;
};

struct ScratchModelSpec {
    std::int64_t vocabSize = 1024;  // the BPE tokenizer trained on the data
    std::int64_t hiddenSize = 128;
    std::int64_t numLayers = 4;
    std::int64_t numHeads = 4;
    std::int64_t numKvHeads = 2;
    std::int64_t intermediateSize = 384;
    std::int64_t maxPositions = 2048;
    double ropeTheta = 10000.0;
};

struct ExperimentModel {
    std::filesystem::path path;  // a Hugging Face folder; empty with scratch
    std::optional<ScratchModelSpec> scratch;
    std::string family = "Llama";   // names the model in the system message
    std::string dtype = "float32";  // engine dtype: float32 or bfloat16
};

struct ExperimentSpec {
    std::string name = "experiment";
    std::filesystem::path sourceFile;
    std::vector<ExperimentDataset> datasets;
    std::vector<SftCondition> conditions;
    std::vector<std::uint64_t> seeds = {121, 122, 123};
    ExperimentModel model;
    TrainingConfig training;
    InferenceOptions inference;
    bool systemMessage = true;
    std::string device = "cpu";
    int cpuThreads = 0;

    nlohmann::json toJson() const;
};

// Throws ts::Error naming the file and key for anything malformed or unknown.
ExperimentSpec parseExperimentSpec(const nlohmann::json& j,
                                   const std::filesystem::path& sourceFile);
ExperimentSpec loadExperimentSpec(const std::filesystem::path& file);

// The run name in the project: <experiment>/<dataset>/<condition>/s<seed>.
std::string runName(const ExperimentSpec& spec, const ExperimentDataset& dataset,
                    SftCondition condition, std::uint64_t seed);

}  // namespace ts::train
