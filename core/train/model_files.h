#pragma once
// The non-weight files of a Hugging Face model folder (torch-free): what a
// full-model checkpoint needs beside config.json and model.safetensors so
// that transformers' AutoTokenizer / apply_chat_template work on it.
#include <filesystem>
#include <string>
#include <vector>

namespace ts::train {

// tokenizer.json, tokenizer_config.json, chat_template.jinja,
// special_tokens_map.json, generation_config.json.
const std::vector<std::string>& tokenizerFileNames();

// Copies those of them that exist in `from` into `to` (each atomically);
// returns the names copied. An empty `from` copies nothing.
std::vector<std::string> copyTokenizerFiles(const std::filesystem::path& from,
                                            const std::filesystem::path& to);

}  // namespace ts::train
