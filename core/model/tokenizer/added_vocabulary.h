#pragma once
// Added tokens (special tokens such as <|im_start|>, and user-added words) are
// found in the text before pre-tokenization and BPE, and emitted whole, as in
// Hugging Face's AddedVocabulary: leftmost-longest, non-overlapping matches,
// with the lstrip / rstrip / single_word flags. Tokens with `normalized: false`
// are matched on the raw text, those with `normalized: true` on the text after
// the normalizer.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ts {

struct AddedToken {
    std::int32_t id = -1;
    std::string content;
    bool special = false;     // skipped by decode(skipSpecialTokens)
    bool lstrip = false;      // the match swallows whitespace on its left
    bool rstrip = false;      // ... and on its right
    bool singleWord = false;  // only matches with no word character on either side
    bool normalized = false;  // matched after normalization instead of on raw text
};

struct TextSegment {
    std::size_t begin = 0, end = 0;  // byte range in the text that was split
    std::int32_t tokenId = -1;       // the added token there, or -1 for plain text
};

class AddedVocabulary {
public:
    AddedVocabulary() = default;
    explicit AddedVocabulary(std::vector<AddedToken> tokens);

    // Splits text into plain-text segments and added-token matches (in order,
    // covering the text except whitespace swallowed by lstrip/rstrip). Only
    // tokens whose `normalized` flag equals `normalizedPass` take part.
    void split(std::string_view text, bool normalizedPass, std::vector<TextSegment>& out) const;

    bool hasTokens(bool normalizedPass) const { return normalizedPass ? hasNormalized_ : hasRaw_; }
    const std::vector<AddedToken>& tokens() const { return tokens_; }
    const AddedToken* findById(std::int32_t id) const;
    const AddedToken* findByContent(std::string_view content) const;

private:
    struct Node {
        std::vector<std::pair<unsigned char, std::int32_t>> children;  // sorted by byte
        std::int32_t token = -1;                                       // index into tokens_
    };
    struct Trie {
        std::vector<Node> nodes{Node{}};
        std::array<bool, 256> firstByte{};
        void add(std::string_view s, std::int32_t tokenIndex);
        // Index of the token of the longest match starting at pos, and its length.
        std::int32_t longestMatch(std::string_view text, std::size_t pos,
                                  std::size_t& length) const;
    };

    std::vector<AddedToken> tokens_;
    std::unordered_map<std::int32_t, std::size_t> byId_;
    std::unordered_map<std::string, std::size_t> byContent_;
    Trie raw_, normalized_;
    bool hasRaw_ = false, hasNormalized_ = false;
};

}  // namespace ts
