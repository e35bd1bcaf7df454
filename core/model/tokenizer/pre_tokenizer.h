#pragma once
// Runs the pre-tokenizer steps of a TokenizerSpec (Split regexes, then
// ByteLevel) and yields the pre-tokens as raw byte ranges. The byte-level
// character mapping itself is not materialized: the BPE model works on raw
// bytes and maps them through its byte table.
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/tokenizer/regex_splitter.h"
#include "core/model/tokenizer/tokenizer_spec.h"

namespace ts {

class PreTokenizer {
public:
    // Compiles the patterns; throws ts::Error naming the pre_tokenizer step.
    explicit PreTokenizer(const std::vector<PreTokenizerStep>& steps);

    // Replaces `pieces` with the pre-tokens of text (views into text or into
    // `storage`, which holds pieces that got a prefix space). Not reentrant
    // for the same output vectors; the PreTokenizer itself is immutable.
    void run(std::string_view text, std::vector<std::string_view>& pieces,
             std::deque<std::string>& storage) const;

private:
    struct Step {
        SplitBehavior behavior = SplitBehavior::Isolated;
        bool invert = false;
        bool prefixSpace = false;
        const RegexSplitter* splitter = nullptr;  // null: no split in this step
    };
    void applySplit(const Step& step, std::string_view piece,
                    std::vector<std::string_view>& out) const;

    std::deque<RegexSplitter> splitters_;
    std::vector<Step> steps_;
};

}  // namespace ts
