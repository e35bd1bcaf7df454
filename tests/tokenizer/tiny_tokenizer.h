#pragma once
// Hand-made byte-level BPE tokenizer.json files for the unit tests: ids 0..255
// are the byte-level characters of bytes 0..255 (so a byte's id is its
// value), followed by the merge results in merge order.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts::test {

struct TinyTokenizerOptions {
    // Merges in byte-level spelling ("Ġ" is a space), best first.
    std::vector<std::pair<std::string, std::string>> merges = {
        {"l", "l"}, {"h", "e"}, {"he", "ll"}, {"hell", "o"},
        {"Ġ", "w"}, {"o", "r"}, {"Ġw", "or"}, {"a", "a"}};
    bool mergesAsStrings = false;  // "a b" instead of ["a", "b"]
    bool ignoreMerges = false;
    bool nfc = false;
    std::vector<std::pair<std::string, int>> extraVocab;  // tokens reachable only whole
    nlohmann::json addedTokens = nlohmann::json::array();
    nlohmann::json postProcessor = nullptr;
};

// Ids of the merged tokens of the default merges, as the tests name them.
enum TinyIds {
    kLL = 256,
    kHe = 257,
    kHell = 258,
    kHello = 259,
    kSpaceW = 260,
    kOr = 261,
    kSpaceWor = 262,
    kAa = 263
};

nlohmann::json tinyTokenizerJson(const TinyTokenizerOptions& options = {});
nlohmann::json addedToken(int id, const std::string& content, bool special = true,
                          bool lstrip = false, bool rstrip = false, bool singleWord = false,
                          bool normalized = false);

}  // namespace ts::test
