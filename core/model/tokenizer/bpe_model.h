#pragma once
// The byte-level BPE model: a vocabulary of byte-level token strings, ranked
// merge rules, and the merge loop that turns one pre-token (raw bytes) into
// token ids. Stateless after construction, so encodeWord is thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/model/tokenizer/merge_table.h"

namespace ts {

// The largest token id a tokenizer may use, in the vocabulary or among the
// added tokens (the largest real vocabularies hold 262,144 ids). Tables
// indexed by id are sized by the largest id present, so an absurd id in a
// tokenizer.json is refused instead of sizing them.
inline constexpr std::int32_t kMaxTokenId = (std::int32_t(1) << 22) - 1;

struct BpeModelSpec {
    std::vector<std::pair<std::string, std::int32_t>> vocab;  // token -> id
    std::vector<std::pair<std::string, std::string>> merges;  // ranked, best first
    bool ignoreMerges = false;  // a pre-token already in the vocabulary is emitted whole
    std::optional<std::string> unkToken;
    bool fuseUnk = false;
};

struct StringViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;

class BpeModel {
public:
    // Throws ts::Error with key "model.vocab" / "model.merges[i]" / "model.unk_token"
    // for duplicate ids, malformed merges or merges whose parts are not in the vocabulary.
    explicit BpeModel(const BpeModelSpec& spec);

    // Appends the ids of one pre-token given as raw bytes (not byte-level text).
    void encodeWord(std::string_view bytes, std::vector<std::int32_t>& out) const;

    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    // The byte-level token string of an id, or nullptr when the id is not in the vocabulary.
    const std::string* idToToken(std::int32_t id) const;
    // One past the highest id of the vocabulary.
    std::int32_t idLimit() const { return std::int32_t(tokens_.size()); }
    std::size_t mergeCount() const { return merges_.size(); }
    bool ignoreMerges() const { return ignoreMerges_; }

private:
    void mergeSymbols(std::string_view bytes, std::vector<std::int32_t>& out) const;

    StringMap<std::int32_t> vocab_;
    std::vector<std::string> tokens_;  // by id; holes are empty with present_ false
    std::vector<bool> present_;
    std::array<std::int32_t, 256> byteIds_{};  // id of each single byte's token, -1 if none
    MergeTable merges_;
    StringMap<std::int32_t> rawVocab_;  // raw bytes -> id, only for ignore_merges
    bool ignoreMerges_ = false;
    std::int32_t unkId_ = -1;
    bool fuseUnk_ = false;
};

}  // namespace ts
