#pragma once
// One supervised fine-tuning example: the chat an SFT run trains on, built
// from one Item under one trace condition (METHOD.md section 1, step 3; the
// free-form conditions are the paper's second arm, arXiv 2505.13792 v2).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ts {

enum class SftCondition {
    Vanilla,             // answer only
    ClassOnly,           // <think>{class}</think> <answer>..</answer>
    Correct,             // <think>{class}{retrieval}</think> <answer>..</answer>
    Incorrect,           // wrong class and wrong retrieval, same answer
    WrongClassOnly,      // ablation: wrong class, gold retrieval
    WrongRetrievalOnly,  // ablation: gold class, wrong retrieval
    // The second arm: <think>{trace}</think> <answer>..</answer> with the
    // trace text read from a file per item (trace_texts.h).
    FreeForm,     // R1-style thinking
    Summary,      // a summary of that thinking
    Explanation,  // a post-hoc explanation of the answer
    Swapped,      // another item's trace of a source condition (a seeded derangement)
};

// "vanilla", "class-only", "correct", "incorrect", "wrong-class-only",
// "wrong-retrieval-only", "free-form", "summary", "explanation", "swapped".
std::string_view sftConditionName(SftCondition c);
std::optional<SftCondition> parseSftCondition(std::string_view name);
// The rule-based conditions (the first six): built from the dataset alone,
// with no other input, so every list that offers a bare choice of condition
// (the fine-tune dialog, the sample-data checks) keeps meaning what it did.
const std::vector<SftCondition>& allSftConditions();
// free-form, summary, explanation: their traces come from a file.
const std::vector<SftCondition>& freeFormSftConditions();
// Every condition, the rule-based ones first, then the free-form ones and swapped.
const std::vector<SftCondition>& everySftCondition();
// The names of the conditions joined by ", " (for messages listing the choices).
std::string sftConditionNames(const std::vector<SftCondition>& conditions);

// True for free-form, summary and explanation.
bool sftConditionNeedsTraceFile(SftCondition c);
// True for the conditions swapped can take its traces from: every one whose
// target has a think block, except swapped itself.
bool sftConditionIsSwapSource(SftCondition c);

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;

    bool operator==(const ChatMessage&) const = default;
};

struct SftExample {
    std::string itemId;
    SftCondition condition = SftCondition::Vanilla;
    std::vector<ChatMessage> messages;

    bool operator==(const SftExample&) const = default;

    // The assistant message's content (the training target); empty if absent.
    const std::string& assistantContent() const;
};

}  // namespace ts
