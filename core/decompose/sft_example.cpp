#include "core/decompose/sft_example.h"

namespace ts {

namespace {

struct ConditionName {
    SftCondition condition;
    std::string_view name;
};

constexpr ConditionName kNames[] = {
    {SftCondition::Vanilla, "vanilla"},
    {SftCondition::ClassOnly, "class-only"},
    {SftCondition::Correct, "correct"},
    {SftCondition::Incorrect, "incorrect"},
    {SftCondition::WrongClassOnly, "wrong-class-only"},
    {SftCondition::WrongRetrievalOnly, "wrong-retrieval-only"},
};

}  // namespace

std::string_view sftConditionName(SftCondition c) {
    for (const auto& n : kNames)
        if (n.condition == c) return n.name;
    return "vanilla";
}

std::optional<SftCondition> parseSftCondition(std::string_view name) {
    for (const auto& n : kNames)
        if (n.name == name) return n.condition;
    return std::nullopt;
}

const std::vector<SftCondition>& allSftConditions() {
    static const std::vector<SftCondition> kAll = [] {
        std::vector<SftCondition> v;
        for (const auto& n : kNames) v.push_back(n.condition);
        return v;
    }();
    return kAll;
}

const std::string& SftExample::assistantContent() const {
    static const std::string kEmpty;
    for (const auto& m : messages)
        if (m.role == "assistant") return m.content;
    return kEmpty;
}

}  // namespace ts
