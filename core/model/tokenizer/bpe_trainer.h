#pragma once
// Trains a byte-level BPE tokenizer from text, Hugging Face style: the text is
// split by the added special tokens, NFC-normalized, pre-tokenized with a
// Split regex, and pairs of adjacent symbols are merged by frequency (ties go
// to the pair of lower ids) until the vocabulary reaches the target size.
// The result is a TokenizerSpec that writeTokenizerFiles() stores as a
// tokenizer.json that both ts::Tokenizer and Hugging Face `tokenizers` load.
//
// Vocabulary layout: the special tokens first (ids 0..k-1, also listed as
// added tokens), then the 256 byte-level characters (so every text encodes),
// then one token per merge.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/jobs/progress.h"
#include "core/model/tokenizer/tokenizer_spec.h"
#include "core/model/tokenizer/word_cache.h"

namespace ts {

struct BpeTrainerOptions {
    std::size_t vocabSize = 8192;  // total: special tokens + 256 bytes + merges
    std::vector<std::string> specialTokens;
    std::uint64_t minFrequency = 2;  // pairs seen fewer times are never merged
    std::size_t maxTokenBytes = 0;   // 0: no limit on the length of a merged token
    std::string splitPattern = std::string(kLlama3SplitPattern);
    bool nfc = true;
};

class BpeTrainer {
public:
    // Throws ts::Error when the options cannot give a valid tokenizer (a vocab
    // size below the 256 bytes + special tokens, duplicate special tokens, a bad pattern).
    explicit BpeTrainer(BpeTrainerOptions options);
    ~BpeTrainer();

    // Counts the pre-tokens of one document (may be called many times).
    void addText(std::string_view text);
    std::size_t distinctWords() const { return words_.size(); }

    // Learns the merges. Reports progress and honours cancellation via sink.
    TokenizerSpec train(const ProgressSink& sink = {}) const;

private:
    BpeTrainerOptions options_;
    TokenizerSpec base_;  // everything but the learned vocabulary and merges
    StringMap<std::uint64_t> words_;
    struct Pipeline;
    std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace ts
