#pragma once
// A Hugging Face compatible byte-level BPE tokenizer (Qwen2/Qwen3, Llama 3,
// GPT-2 style tokenizer.json), torch-free. It reproduces the ids of the
// `tokenizers` library: added tokens first, then NFC (when configured), the
// Split regex and ByteLevel pre-tokenizers, and ranked BPE merges.
//
// Thread-safety: a loaded Tokenizer is safe to use from many threads at once
// (encode/decode are const). The per-word cache is internally synchronized
// (see word_cache.h); setWordCacheCapacity must not race with encoding.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/tokenizer/added_vocabulary.h"
#include "core/model/tokenizer/tokenizer_spec.h"
#include "core/model/tokenizer/word_cache.h"

namespace ts {

struct EncodeOptions {
    // Apply the post-processor (e.g. Llama 3.2's <|begin_of_text|> prefix).
    bool addSpecialTokens = false;
    // Match added/special tokens in the text (Hugging Face's default). When
    // false, "<|im_start|>" in the text is tokenized as ordinary characters.
    bool parseSpecialTokens = true;
};

struct DecodeOptions {
    bool skipSpecialTokens = false;
};

class Tokenizer {
public:
    static constexpr std::size_t kDefaultWordCacheCapacity = 50000;

    // A tokenizer.json file, or a directory holding one.
    static Tokenizer load(const std::filesystem::path& fileOrDirectory);
    static Tokenizer fromJson(std::string_view tokenizerJson,
                              const std::string& sourceName = "tokenizer.json");
    explicit Tokenizer(const TokenizerSpec& spec);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // Throws ts::Error when text is not valid UTF-8 (the byte offset is named).
    std::vector<std::int32_t> encode(std::string_view text,
                                     const EncodeOptions& options = {}) const;
    void encodeInto(std::string_view text, std::vector<std::int32_t>& out,
                    const EncodeOptions& options = {}) const;

    // Text of the ids; invalid UTF-8 (a sequence cut mid-character) becomes
    // U+FFFD as in Hugging Face. Throws ts::Error for an unknown id.
    std::string decode(std::span<const std::int32_t> ids, const DecodeOptions& options = {}) const;
    // The raw bytes one token stands for (for streaming output, where a
    // character may span two tokens). Throws ts::Error for an unknown id.
    std::string_view tokenBytes(std::int32_t id) const;

    // The vocabulary string of an id ("Ġworld", "<|im_end|>"), or nullopt.
    std::optional<std::string> idToToken(std::int32_t id) const;
    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    // One past the highest id (model vocabulary and added tokens).
    std::size_t vocabSize() const;
    const std::vector<AddedToken>& addedTokens() const;
    bool isSpecialToken(std::int32_t id) const;

    // 0 disables the word cache (every pre-token goes through the merge loop).
    void setWordCacheCapacity(std::size_t entries);
    void clearWordCache() const;
    WordCacheStats wordCacheStats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ts
