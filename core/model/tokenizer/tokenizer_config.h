#pragma once
// tokenizer_config.json: the chat template and the named special tokens
// (bos/eos/pad) that transformers keeps beside tokenizer.json.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/tokenizer/tokenizer_spec.h"

namespace ts {

struct TokenizerConfig {
    std::optional<std::string> chatTemplate;  // the "default" template
    // A list-valued chat_template ([{"name": ..., "template": ...}]) besides "default".
    std::vector<std::pair<std::string, std::string>> namedChatTemplates;
    std::optional<std::string> bosToken, eosToken, padToken, unkToken;
    bool addBosToken = false, addEosToken = false;
    std::string tokenizerClass;
    std::optional<std::int64_t> modelMaxLength;
};

// Token fields may be strings, {"content": ...} objects or null. Throws
// ts::Error naming the key for malformed values.
TokenizerConfig parseTokenizerConfig(std::string_view jsonText, const std::string& sourceName);
// A tokenizer_config.json file, or a directory holding one; in a directory, a
// chat_template.jinja file (newer transformers) supplies a missing template.
TokenizerConfig loadTokenizerConfig(const std::filesystem::path& fileOrDirectory);

std::string writeTokenizerConfig(const TokenizerConfig& config,
                                 const std::vector<AddedToken>& addedTokens);
// Writes tokenizer.json and tokenizer_config.json into dir (created if needed).
void writeTokenizerFiles(const std::filesystem::path& dir, const TokenizerSpec& spec,
                         const TokenizerConfig& config);

}  // namespace ts
