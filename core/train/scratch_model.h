#pragma once
// A tiny Llama-architecture model trained from scratch on the experiment's own
// data (torch-free): a byte-level BPE tokenizer learned from the training
// chats with core/model/tokenizer's trainer, written as a Hugging Face
// tokenizer.json + tokenizer_config.json (with a Llama-3-style chat
// template), a generation_config.json and a config.json sized by the spec.
// The folder is then a valid Hugging Face model folder without weights; every
// run initialises its own weights from its seed.
#include <filesystem>
#include <string>
#include <vector>

#include "core/jobs/progress.h"
#include "core/model/model_config.h"
#include "core/train/experiment_spec.h"

namespace ts::train {

// The Llama-3-style template of scratch models (Jinja, as transformers reads it).
const std::string& scratchChatTemplate();
// Its special tokens, ids 0..5 in this order.
const std::vector<std::string>& scratchSpecialTokens();

// The model config for a spec and a tokenizer of vocabSize ids.
model::ModelConfig scratchModelConfig(const ScratchModelSpec& spec, std::int64_t vocabSize);

// Writes the folder (atomically: a crash leaves no half folder) unless it
// already holds a config.json and tokenizer.json; returns the config.
model::ModelConfig prepareScratchModel(const std::filesystem::path& dir, const ScratchModelSpec& spec,
                                       const std::vector<std::string>& trainingTexts,
                                       const ProgressSink& progress = {});

}  // namespace ts::train
