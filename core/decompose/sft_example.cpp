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
    {SftCondition::FreeForm, "free-form"},
    {SftCondition::Summary, "summary"},
    {SftCondition::Explanation, "explanation"},
    {SftCondition::Swapped, "swapped"},
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
    static const std::vector<SftCondition> kRuleBased = {
        SftCondition::Vanilla,   SftCondition::ClassOnly,      SftCondition::Correct,
        SftCondition::Incorrect, SftCondition::WrongClassOnly, SftCondition::WrongRetrievalOnly};
    return kRuleBased;
}

const std::vector<SftCondition>& freeFormSftConditions() {
    static const std::vector<SftCondition> kFreeForm = {
        SftCondition::FreeForm, SftCondition::Summary, SftCondition::Explanation};
    return kFreeForm;
}

const std::vector<SftCondition>& everySftCondition() {
    static const std::vector<SftCondition> kEvery = [] {
        std::vector<SftCondition> v;
        for (const auto& n : kNames) v.push_back(n.condition);
        return v;
    }();
    return kEvery;
}

std::string sftConditionNames(const std::vector<SftCondition>& conditions) {
    std::string out;
    for (auto c : conditions) {
        if (!out.empty()) out += ", ";
        out += sftConditionName(c);
    }
    return out;
}

bool sftConditionNeedsTraceFile(SftCondition c) {
    return c == SftCondition::FreeForm || c == SftCondition::Summary ||
           c == SftCondition::Explanation;
}

bool sftConditionIsSwapSource(SftCondition c) {
    return c != SftCondition::Vanilla && c != SftCondition::Swapped;
}

const std::string& SftExample::assistantContent() const {
    static const std::string kEmpty;
    for (const auto& m : messages)
        if (m.role == "assistant") return m.content;
    return kEmpty;
}

}  // namespace ts
