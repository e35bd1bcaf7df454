#include "tests/tokenizer/tiny_tokenizer.h"

#include "core/model/tokenizer/byte_level.h"
#include "core/model/tokenizer/tokenizer_spec.h"

namespace ts::test {

nlohmann::json tinyTokenizerJson(const TinyTokenizerOptions& o) {
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        vocab[byte_level::encode(std::string_view(&c, 1))] = b;
    }
    int next = 256;
    nlohmann::json merges = nlohmann::json::array();
    for (const auto& [l, r] : o.merges) {
        if (!vocab.contains(l + r)) vocab[l + r] = next++;
        if (o.mergesAsStrings)
            merges.push_back(l + " " + r);
        else
            merges.push_back({l, r});
    }
    for (const auto& [tok, id] : o.extraVocab) vocab[tok] = id;
    nlohmann::json pre = {{"type", "Sequence"},
                          {"pretokenizers",
                           {{{"type", "Split"},
                             {"pattern", {{"Regex", std::string(kLlama3SplitPattern)}}},
                             {"behavior", "Isolated"},
                             {"invert", false}},
                            {{"type", "ByteLevel"},
                             {"add_prefix_space", false},
                             {"trim_offsets", true},
                             {"use_regex", false}}}}};
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", o.addedTokens},
            {"normalizer", o.nfc ? nlohmann::json{{"type", "NFC"}} : nlohmann::json(nullptr)},
            {"pre_tokenizer", pre},
            {"post_processor", o.postProcessor},
            {"decoder",
             {{"type", "ByteLevel"},
              {"add_prefix_space", true},
              {"trim_offsets", true},
              {"use_regex", true}}},
            {"model",
             {{"type", "BPE"},
              {"dropout", nullptr},
              {"unk_token", nullptr},
              {"continuing_subword_prefix", nullptr},
              {"end_of_word_suffix", nullptr},
              {"fuse_unk", false},
              {"byte_fallback", false},
              {"ignore_merges", o.ignoreMerges},
              {"vocab", vocab},
              {"merges", merges}}}};
}

nlohmann::json addedToken(int id, const std::string& content, bool special, bool lstrip,
                          bool rstrip, bool singleWord, bool normalized) {
    return {{"id", id},          {"content", content}, {"single_word", singleWord},
            {"lstrip", lstrip},  {"rstrip", rstrip},   {"normalized", normalized},
            {"special", special}};
}

}  // namespace ts::test
