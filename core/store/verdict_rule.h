#pragma once
// The rules a project's verdicts are read under. Strict and Legacy are
// core/score's scoring rules, whose verdicts are stored per item at import.
// Human is not stored: it is the strict verdicts with the annotators'
// verdict overrides laid over them when a query runs (effective_verdicts.h),
// so every table, filter, count, comparison and export reads a person's
// judgment through the same queries as a rule's.
#include <optional>
#include <string>
#include <string_view>

#include "core/score/verdict.h"

namespace ts::store {

enum class VerdictRule { Strict, Legacy, Human };
std::string_view toString(VerdictRule rule);  // "strict", "legacy", "human"
std::optional<VerdictRule> parseVerdictRule(std::string_view name);

// The scoring rule whose stored verdicts a rule reads (Human: Strict's).
ScoringRuleKind storedRule(VerdictRule rule);

// Which verdicts a query reads: the rule and, for Human, whose overrides count.
struct VerdictView {
    VerdictRule rule = VerdictRule::Strict;
    // Human only: this annotator's overrides alone. Empty: per step, the
    // verdict most of the annotators who judged it gave (a tie keeps the
    // strict verdict).
    std::string annotator;

    VerdictView() = default;
    VerdictView(VerdictRule r, std::string who = {}) : rule(r), annotator(std::move(who)) {}
    // A scoring rule is a view of its own stored verdicts.
    VerdictView(ScoringRuleKind k)
        : rule(k == ScoringRuleKind::Legacy ? VerdictRule::Legacy : VerdictRule::Strict) {}
    bool operator==(const VerdictView&) const = default;
};

}  // namespace ts::store
