#pragma once
// Tiny Llama-architecture models and synthetic SFT rows for the trainer tests.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/model/model_config.h"
#include "core/train/sft_tokenization.h"

namespace ts::test {

// vocab 64, hidden 32, 2 layers, 4 heads, 2 KV heads, head_dim 8, SwiGLU 64, tied.
model::ModelConfig tinyLlamaConfig();

// A Hugging Face model folder of our own making in dir: a scratch tokenizer
// (byte-level BPE of the bAbI sample, the Llama-3 chat template) and random
// weights (seed 7): vocab 300, hidden 64, 2 layers, 4 heads (2 KV), SwiGLU 128.
// What `tracescope-cli train` runs on in the interop and data-parallel tests.
void writeTinyHfModel(const std::filesystem::path& dir);

// `count` rows of 6..17 tokens: a prompt (label -100) then a target that is a
// fixed function of the prompt, so a model can learn it.
train::TokenizedSet syntheticRows(int count, std::uint64_t seed);

}  // namespace ts::test
