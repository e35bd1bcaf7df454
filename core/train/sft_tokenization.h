#pragma once
// Chat examples -> token rows for supervised fine-tuning. With loss on the
// assistant turn (the default), everything the chat template renders up to
// and including the generation prompt (system, user, "assistant" header) gets
// the label -100, the assistant text and the template's end-of-turn tokens
// keep their ids. With loss on all tokens (the paper's TRL SFTTrainer without
// a completion-only collator) the whole rendered chat is encoded in one piece
// and every token is a label. Rows longer than maxLength are cut at maxLength (as TRL does) and
// counted. Optional packing concatenates rows into maxLength windows.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/decompose/sft_example.h"
#include "core/jobs/progress.h"
#include "core/train/training_config.h"

namespace ts {
class Tokenizer;
}

namespace ts::train {

inline constexpr std::int64_t kIgnoreIndex = -100;

// Renders messages with a chat template; addGenerationPrompt appends the
// header that opens the assistant's turn.
using ChatRenderer =
    std::function<std::string(const std::vector<ChatMessage>& messages, bool addGenerationPrompt)>;

struct TokenizedRow {
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> labels;  // ids, or kIgnoreIndex where no loss is taken
    std::string itemId;                // the example's item ("" for packed rows)
    bool truncated = false;

    std::int64_t targetTokens() const;  // labels that are not ignored
};

struct TokenizedSet {
    std::vector<TokenizedRow> rows;
    std::int64_t truncatedRows = 0;    // rows cut at maxLength
    std::int64_t emptyTargetRows = 0;  // rows whose target was cut away entirely
    std::int64_t tokens = 0;
    std::int64_t targetTokens = 0;
};

// Splits one chat into prompt and target text: the prompt is the rendering of
// the messages before the final assistant message with the generation
// prompt, and must be a prefix of the rendering of the whole chat (else the
// text before the assistant content's last occurrence is used). Throws
// ts::Error naming the item when the chat has no final assistant message or
// the template drops its content.
struct PromptTarget {
    std::string prompt;
    std::string target;
};
PromptTarget splitPromptTarget(const SftExample& example, const ChatRenderer& render);

// Tokenizes every example (LossOn::Assistant: prompt and target encoded
// separately so the mask boundary is exact). Progress per example batch;
// cancellable.
TokenizedSet tokenizeSftSet(const std::vector<SftExample>& examples, const Tokenizer& tokenizer,
                            const ChatRenderer& render, int maxLength,
                            const ProgressSink& progress = {}, LossOn lossOn = LossOn::Assistant);

// Concatenates the rows in order and cuts the stream into rows of maxLength
// (the last one shorter), the way TRL packs (examples may attend to the
// previous one in the same window).
TokenizedSet packRows(const TokenizedSet& set, int maxLength);

}  // namespace ts::train
