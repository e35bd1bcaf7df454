#include "core/score/verdict.h"

#include <array>
#include <utility>

namespace ts {
namespace {

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
    for (const auto& [value, name] : table)
        if (value == v) return name;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view name) {
    for (const auto& [value, n] : table)
        if (n == name) return value;
    return std::nullopt;
}

constexpr std::array<std::pair<ScoringRuleKind, std::string_view>, 2> kRules{{
    {ScoringRuleKind::Strict, "strict"},
    {ScoringRuleKind::Legacy, "legacy"},
}};
constexpr std::array<std::pair<RetrievalMode, std::string_view>, 2> kModes{{
    {RetrievalMode::All, "all"},
    {RetrievalMode::Any, "any"},
}};
constexpr std::array<std::pair<ParseStatus, std::string_view>, 4> kParse{{
    {ParseStatus::Ok, "ok"},
    {ParseStatus::NoTrace, "no-trace"},
    {ParseStatus::NoAnswer, "no-answer"},
    {ParseStatus::Malformed, "malformed"},
}};
constexpr std::array<std::pair<StepVerdict, std::string_view>, 4> kVerdicts{{
    {StepVerdict::Ok, "ok"},
    {StepVerdict::Wrong, "wrong"},
    {StepVerdict::Partial, "partial"},
    {StepVerdict::Unevaluated, "unevaluated"},
}};
constexpr std::array<std::pair<UnevaluatedReason, std::string_view>, 6> kReasons{{
    {UnevaluatedReason::None, "none"},
    {UnevaluatedReason::NoThinkWord, "no-think-word"},
    {UnevaluatedReason::EmptyTrace, "empty-trace"},
    {UnevaluatedReason::NoGoldRow, "no-gold-row"},
    {UnevaluatedReason::RetrievalNotApplicable, "retrieval-not-applicable"},
    {UnevaluatedReason::NeedsHuman, "needs-human"},
}};

}  // namespace

std::string_view toString(ScoringRuleKind v) {
    return nameOf(kRules, v);
}
std::string_view toString(RetrievalMode v) {
    return nameOf(kModes, v);
}
std::string_view toString(ParseStatus v) {
    return nameOf(kParse, v);
}
std::string_view toString(StepVerdict v) {
    return nameOf(kVerdicts, v);
}
std::string_view toString(UnevaluatedReason v) {
    return nameOf(kReasons, v);
}

std::optional<ScoringRuleKind> parseScoringRuleKind(std::string_view n) {
    return valueOf(kRules, n);
}
std::optional<RetrievalMode> parseRetrievalMode(std::string_view n) {
    return valueOf(kModes, n);
}
std::optional<ParseStatus> parseParseStatus(std::string_view n) {
    return valueOf(kParse, n);
}
std::optional<StepVerdict> parseStepVerdict(std::string_view n) {
    return valueOf(kVerdicts, n);
}
std::optional<UnevaluatedReason> parseUnevaluatedReason(std::string_view n) {
    return valueOf(kReasons, n);
}

std::string_view toString(MissingTrace v) {
    return v == MissingTrace::Exclude ? "exclude" : "wrong";
}

std::optional<MissingTrace> parseMissingTrace(std::string_view n) {
    if (n == "wrong") return MissingTrace::Wrong;
    if (n == "exclude") return MissingTrace::Exclude;
    return std::nullopt;
}

}  // namespace ts
