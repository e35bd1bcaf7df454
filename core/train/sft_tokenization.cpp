#include "core/train/sft_tokenization.h"

#include <algorithm>

#include "core/model/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace ts::train {

std::int64_t TokenizedRow::targetTokens() const {
    return std::count_if(labels.begin(), labels.end(),
                         [](std::int64_t l) { return l != kIgnoreIndex; });
}

PromptTarget splitPromptTarget(const SftExample& example, const ChatRenderer& render) {
    const ErrorLocation where{{}, 0, example.itemId};
    if (example.messages.empty() || example.messages.back().role != "assistant")
        throw Error("the chat does not end with an assistant message", where);
    const std::string& content = example.messages.back().content;
    std::vector<ChatMessage> head(example.messages.begin(), example.messages.end() - 1);
    std::string prompt = render(head, /*addGenerationPrompt=*/true);
    const std::string full = render(example.messages, /*addGenerationPrompt=*/false);
    if (full.compare(0, prompt.size(), prompt) == 0) return {prompt, full.substr(prompt.size())};
    // Templates that rewrite earlier turns once a reply follows: cut before
    // the reply's text instead.
    const auto at = content.empty() ? std::string::npos : full.rfind(content);
    if (at == std::string::npos)
        throw Error("the chat template does not reproduce the assistant message verbatim", where);
    return {full.substr(0, at), full.substr(at)};
}

namespace {

void append(std::vector<std::int64_t>& out, const std::vector<std::int32_t>& ids) {
    out.insert(out.end(), ids.begin(), ids.end());
}

}  // namespace

TokenizedSet tokenizeSftSet(const std::vector<SftExample>& examples, const Tokenizer& tokenizer,
                            const ChatRenderer& render, int maxLength, const ProgressSink& progress,
                            LossOn lossOn) {
    if (maxLength < 2) throw Error("max_length must be at least 2");
    TokenizedSet set;
    set.rows.reserve(examples.size());
    // The templates write their special tokens (BOS included) themselves.
    EncodeOptions encode;
    encode.addSpecialTokens = false;
    encode.parseSpecialTokens = true;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (i % 64 == 0)
            progress.report(static_cast<double>(i) / static_cast<double>(examples.size()),
                            "tokenizing example " + std::to_string(i + 1) + " of " +
                                std::to_string(examples.size()));
        const auto parts = splitPromptTarget(examples[i], render);
        TokenizedRow row;
        row.itemId = examples[i].itemId;
        if (lossOn == LossOn::All) {
            // One piece, as TRL tokenizes the rendered text; every token is a label.
            append(row.ids, tokenizer.encode(parts.prompt + parts.target, encode));
            row.labels = row.ids;
        } else {
            append(row.ids, tokenizer.encode(parts.prompt, encode));
            row.labels.assign(row.ids.size(), kIgnoreIndex);
            const auto target = tokenizer.encode(parts.target, encode);
            append(row.ids, target);
            row.labels.insert(row.labels.end(), target.begin(), target.end());
        }
        if (row.ids.size() > static_cast<std::size_t>(maxLength)) {
            row.ids.resize(static_cast<std::size_t>(maxLength));
            row.labels.resize(static_cast<std::size_t>(maxLength));
            row.truncated = true;
            ++set.truncatedRows;
        }
        const auto targets = row.targetTokens();
        // A label at position 0 is never predicted (labels shift by one).
        const bool learnable = targets > (row.labels[0] != kIgnoreIndex ? 1 : 0);
        if (!learnable) ++set.emptyTargetRows;
        set.tokens += static_cast<std::int64_t>(row.ids.size());
        set.targetTokens += targets;
        set.rows.push_back(std::move(row));
    }
    progress.report(1.0, "tokenized " + std::to_string(examples.size()) + " examples");
    return set;
}

TokenizedSet packRows(const TokenizedSet& set, int maxLength) {
    TokenizedSet out;
    out.truncatedRows = set.truncatedRows;
    out.emptyTargetRows = 0;
    TokenizedRow current;
    auto flush = [&] {
        if (current.ids.empty()) return;
        out.tokens += static_cast<std::int64_t>(current.ids.size());
        out.targetTokens += current.targetTokens();
        out.rows.push_back(std::move(current));
        current = {};
    };
    for (const auto& row : set.rows) {
        std::size_t at = 0;
        while (at < row.ids.size()) {
            const std::size_t room = static_cast<std::size_t>(maxLength) - current.ids.size();
            const std::size_t take = std::min(room, row.ids.size() - at);
            current.ids.insert(current.ids.end(), row.ids.begin() + at,
                               row.ids.begin() + at + take);
            current.labels.insert(current.labels.end(), row.labels.begin() + at,
                                  row.labels.begin() + at + take);
            at += take;
            if (current.ids.size() == static_cast<std::size_t>(maxLength)) flush();
        }
    }
    flush();
    return out;
}

}  // namespace ts::train
