#pragma once
// Hyper-parameters of one supervised fine-tuning run (torch-free). The
// defaults are the paper's (METHOD.md 1.4: LoRA r 16, alpha 32, dropout 0.05 on
// q/k/v/o/gate/up/down, lr 2e-4, cosine schedule with 10% warmup, batch 4 x
// gradient accumulation 4, 3 epochs, max length 1024) except its 4-bit
// quantisation, which the engine does not implement. The rest follow the
// Hugging Face Trainer's defaults (AdamW betas 0.9/0.999, eps 1e-8, weight
// decay 0, gradient-norm clipping at 1.0).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts::train {

struct LoraSettings {
    bool enabled = true;  // false: full fine-tuning of every weight
    std::int64_t r = 16;
    double alpha = 32.0;
    double dropout = 0.05;
    std::vector<std::string> targetModules = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                              "gate_proj", "up_proj", "down_proj"};
};

// How the forward/backward pass computes.
enum class Precision {
    Auto,          // bf16 autocast on CUDA, float32 on the CPU
    Float32,       // float32 weights and compute
    Bf16Autocast,  // float32 master weights, bf16 matmuls (CUDA or CPU)
    Bf16,          // bf16 weights and compute (what hf_bench.py measures)
};
std::string precisionName(Precision p);  // "auto", "fp32", "bf16-autocast", "bf16"
Precision parsePrecision(const std::string& name, const std::string& where);

// Which tokens of a chat the loss is taken on (docs/training.md).
enum class LossOn {
    Assistant,  // the assistant turn only (a completion-only collator's objective)
    All,        // every token of the rendered chat, system and user turns included:
                // what the paper's TRL SFTTrainer did (no completion-only collator)
};
std::string lossOnName(LossOn l);  // "assistant", "all"
LossOn parseLossOn(const std::string& name, const std::string& where);

struct TrainingConfig {
    LoraSettings lora;
    double learningRate = 2e-4;
    int epochs = 3;
    int microBatchSize = 4;
    int gradientAccumulation = 4;  // effective batch = micro batch x accumulation
    int maxLength = 1024;          // longer sequences are cut (and counted)
    bool packing = false;          // concatenate examples into maxLength rows
    // Micro-batches of rows of similar length (transformers' group_by_length):
    // less padding, the same rows per epoch, batches still in random order.
    bool groupByLength = false;
    LossOn lossOn = LossOn::Assistant;
    double warmupRatio = 0.1;  // warmup steps = ceil(ratio x total steps)
    double weightDecay = 0.0;  // never applied to norm scales or biases
    double adamBeta1 = 0.9;
    double adamBeta2 = 0.999;
    double adamEpsilon = 1e-8;
    double maxGradNorm = 1.0;     // 0 disables clipping
    std::uint64_t seed = 42;      // initialisation (LoRA A, random models) and dropout
    std::uint64_t dataSeed = 42;  // the order of the examples in each epoch
    Precision precision = Precision::Auto;
    int saveEverySteps = 50;  // trainer state checkpoints; 0: only at the end / on cancel
    int keepCheckpoints = 2;  // older complete checkpoints are deleted

    int effectiveBatch() const { return microBatchSize * gradientAccumulation; }
};

// Throws ts::Error naming the key for a value out of range.
void validate(const TrainingConfig& config, const std::string& where = "training config");

// JSON objects with the Hugging Face argument names (learning_rate,
// num_train_epochs, per_device_train_batch_size, gradient_accumulation_steps,
// max_length, lora: {r, lora_alpha, lora_dropout, target_modules}, ...), and
// loss_on ("assistant" or "all").
// Missing keys keep their defaults; unknown keys are an error naming them.
nlohmann::json toJson(const TrainingConfig& config);
TrainingConfig trainingConfigFromJson(const nlohmann::json& j, const std::string& where,
                                      TrainingConfig defaults = {});

}  // namespace ts::train
