#pragma once
// Reads tokenizer.json text into a DOM for everything except model.vocab and
// model.merges, which are streamed into vectors (see tokenizer_json_reader.cpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts {

struct TokenizerJsonDocument {
    nlohmann::json root;  // model.vocab is {} and model.merges [] here
    std::vector<std::pair<std::string, std::int32_t>> vocab;
    std::vector<std::pair<std::string, std::string>> merges;
};

// Throws ts::Error for invalid JSON and malformed vocab/merges entries (with
// the key, e.g. "model.merges[12]").
TokenizerJsonDocument readTokenizerJsonDocument(std::string_view text);

}  // namespace ts
