#pragma once
// One supervised fine-tuning example: the chat an SFT run trains on, built
// from one Item under one trace condition (METHOD.md section 1, step 3).
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
};

// "vanilla", "class-only", "correct", "incorrect", "wrong-class-only", "wrong-retrieval-only".
std::string_view sftConditionName(SftCondition c);
std::optional<SftCondition> parseSftCondition(std::string_view name);
const std::vector<SftCondition>& allSftConditions();

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
