#pragma once
// What a tokenizer.json describes, as typed values: the parser fills it, the
// trainer produces it, the writer serializes it and Tokenizer is built from it.
// Only the byte-level BPE subset that Qwen, Llama 3 and GPT-2 style
// tokenizers use is representable; anything else is refused by the parser.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/model/tokenizer/added_vocabulary.h"
#include "core/model/tokenizer/bpe_model.h"

namespace ts {

// The pre-tokenizer split patterns of well-known tokenizers.
inline constexpr std::string_view kGpt2SplitPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kLlama3SplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kQwen2SplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

enum class SplitBehavior { Isolated, Removed, MergedWithPrevious, MergedWithNext };

struct SplitStep {
    std::string pattern;
    bool isRegex = true;  // false: a literal string ({"String": ...})
    SplitBehavior behavior = SplitBehavior::Isolated;
    bool invert = false;  // the matches become the gaps and vice versa
};

struct ByteLevelStep {
    bool addPrefixSpace = false;  // prepend ' ' to a piece that does not start with one
    bool trimOffsets = false;     // offsets only; kept so the file round-trips
    bool useRegex = true;         // split with the GPT-2 pattern first
};

using PreTokenizerStep = std::variant<SplitStep, ByteLevelStep>;

enum class NormalizerKind { None, Nfc };

// TemplateProcessing for single sequences: tokens around the encoded text
// when special tokens are added ($A between prefix and suffix).
struct PostProcessorSpec {
    enum class Kind { None, ByteLevel, Template } kind = Kind::ByteLevel;
    std::vector<std::int32_t> prefixIds, suffixIds;
};

struct TokenizerSpec {
    std::vector<AddedToken> addedTokens;
    NormalizerKind normalizer = NormalizerKind::None;
    std::vector<PreTokenizerStep> preTokenizer;
    PostProcessorSpec postProcessor;
    BpeModelSpec model;
};

// Parses a Hugging Face tokenizer.json. Unsupported features (other model
// types, normalizers, pre-tokenizers, decoders, truncation/padding, ...) throw
// ts::Error naming the JSON key, e.g. "key 'model.type': unsupported ...".
// sourceName is used as the file in error locations.
TokenizerSpec parseTokenizerJson(std::string_view jsonText, const std::string& sourceName);
TokenizerSpec loadTokenizerJson(const std::filesystem::path& file);

// Serializes a spec as tokenizer.json (Hugging Face layout, vocabulary in id
// order, merges as pairs), loadable by the Hugging Face `tokenizers` library.
std::string writeTokenizerJson(const TokenizerSpec& spec);

}  // namespace ts
