#pragma once
// A model folder's chat template as a ChatRenderer (torch-free): the template
// of tokenizer_config.json (or chat_template.jinja) with its bos/eos tokens,
// rendered like transformers' apply_chat_template(tokenize=False).
#include <filesystem>

#include "core/train/sft_tokenization.h"

namespace ts::train {

// Throws ts::Error naming the folder when it has no chat template, or the
// template does not parse.
ChatRenderer chatRendererForModel(const std::filesystem::path& modelDir);

}  // namespace ts::train
