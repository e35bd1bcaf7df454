#pragma once
// Supervised fine-tuning of a CausalLM (torch-free API; the loop lives in
// sft_trainer.cpp). LoRA (PEFT layout) or full fine-tuning, AdamW with linear
// warmup + cosine decay, gradient accumulation with the loss averaged over
// every target token of the optimizer step (as transformers >= 4.46 does),
// gradient-norm clipping, bf16 autocast (CUDA by default, the CPU on request).
//
// Output folder:
//   checkpoints/step-N/   adapter/ (PEFT) or model/ (HF layout), optimizer.safetensors,
//                         trainer_state.json - every saveEverySteps steps and on cancel,
//                         written atomically (see checkpoint_store.h)
//   final/                the adapter or the full model (HF layout with tokenizer files)
//   result.json           written last: a run with it is finished
// train() resumes from the newest complete checkpoint and gives the same loss
// curve as an uninterrupted run: the batches are a pure function of
// (dataSeed, step) and every step reseeds dropout from (seed, step).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jobs/progress.h"
#include "core/train/data_parallel.h"
#include "core/train/sft_tokenization.h"
#include "core/train/training_config.h"

namespace ts::model {
class CausalLM;
}

namespace ts::train {

struct StepRecord {
    std::int64_t step = 0;  // 1-based: optimizer steps completed
    int epoch = 0;          // 0-based
    double loss = 0.0;      // mean over the step's target tokens
    double learningRate = 0.0;
    double gradNorm = 0.0;          // before clipping
    std::int64_t tokens = 0;        // tokens fed (padding excluded)
    std::int64_t targetTokens = 0;  // tokens with a loss
    double seconds = 0.0;           // wall time of this step
};

struct TrainingResult {
    std::int64_t steps = 0;
    std::int64_t totalSteps = 0;
    std::vector<StepRecord> history;  // every step, resumed ones included
    std::filesystem::path finalDir;   // adapter or full model
    bool lora = true;
    std::int64_t rows = 0;
    std::int64_t truncatedRows = 0;
    std::int64_t resumedFromStep = 0;  // 0: started fresh
    bool alreadyFinished = false;      // result.json was there; nothing was trained
    double seconds = 0.0;              // wall time of this call's training
    std::int64_t tokens = 0;           // tokens fed during this call
    double tokensPerSecond() const {
        return seconds > 0 ? static_cast<double>(tokens) / seconds : 0.0;
    }
    double finalLoss() const { return history.empty() ? 0.0 : history.back().loss; }
};

nlohmann::json toJson(const TrainingResult& r);
TrainingResult trainingResultFromJson(const nlohmann::json& j, const std::string& where);

struct TrainerPaths {
    std::filesystem::path outputDir;
    // Files copied beside full-model checkpoints (tokenizer.json,
    // tokenizer_config.json, chat_template.jinja, special_tokens_map.json,
    // generation_config.json) when they exist there.
    std::filesystem::path tokenizerDir;
    // base_model_name_or_path of saved adapters.
    std::string baseModelName;
    // Data-parallel rank and world (data_parallel.h); none: one process.
    std::optional<DistributedEnv> distributed = std::nullopt;
};

// Called after every optimizer step (on the training thread).
using StepCallback = std::function<void(const StepRecord&, std::int64_t totalSteps)>;

// Trains `model` in place. With LoRA a fresh adapter is attached (or the
// checkpoint's adapter when resuming); with full fine-tuning every weight
// trains (a resume reloads them from the checkpoint). Progress: fraction of
// steps, with loss, tokens/s and ETA in the message; cancelling saves a
// checkpoint of the last completed step, then throws ts::Cancelled. When the
// output folder already holds a finished run, returns its result unchanged
// (alreadyFinished) without touching the model.
TrainingResult trainSft(model::CausalLM& model, const TokenizedSet& data,
                        const TrainingConfig& config, const TrainerPaths& paths,
                        const ProgressSink& progress = {}, const StepCallback& onStep = {});

// Whether outputDir holds a finished run, and its result.
std::optional<TrainingResult> finishedTraining(const std::filesystem::path& outputDir);

// Steady-state speed of the training step (forward + backward + clipping +
// AdamW) on one fixed batch of equal-length rows. Times `steps` steps after
// `warmup` ones.
struct StepBenchmark {
    std::int64_t batch = 0, seq = 0;
    bool lora = false;
    std::int64_t trainableParameters = 0;
    std::vector<double> stepSeconds;
    double medianSeconds = 0.0;
    double tokensPerSecond = 0.0;
    double lossFirst = 0.0, lossLast = 0.0;
};
// skipUnlabelledQueries false: the last layer computes every position, as
// transformers does (the benchmark's in-process baseline).
StepBenchmark benchmarkTrainingStep(model::CausalLM& model, const TrainingConfig& config,
                                    const std::vector<TokenizedRow>& batch, int warmup, int steps,
                                    std::uint64_t seed = 0, bool skipUnlabelledQueries = true);

// Rows of random ids in [10, min(1000, vocab)), labels masked on the first
// half of every row, as ../shared/bench/hf_bench.py trains.
std::vector<TokenizedRow> randomBenchmarkBatch(std::int64_t batch, std::int64_t seq,
                                               std::int64_t vocab, std::uint64_t seed);

}  // namespace ts::train
