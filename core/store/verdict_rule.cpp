#include "core/store/verdict_rule.h"

namespace ts::store {

std::string_view toString(VerdictRule rule) {
    switch (rule) {
        case VerdictRule::Strict:
            return "strict";
        case VerdictRule::Legacy:
            return "legacy";
        case VerdictRule::Human:
            return "human";
    }
    return "strict";
}

std::optional<VerdictRule> parseVerdictRule(std::string_view name) {
    if (name == "strict") return VerdictRule::Strict;
    if (name == "legacy") return VerdictRule::Legacy;
    if (name == "human") return VerdictRule::Human;
    return std::nullopt;
}

ScoringRuleKind storedRule(VerdictRule rule) {
    return rule == VerdictRule::Legacy ? ScoringRuleKind::Legacy : ScoringRuleKind::Strict;
}

}  // namespace ts::store
