#pragma once
// The rule box's four choices - strict, legacy, and the human rule with the
// annotators' majority or with only this user's overrides - as one value the
// session, the settings and the combo boxes pass around. Which verdicts a
// choice reads is core's (store::VerdictView, effective_verdicts.h).
#include <QString>

#include "core/store/verdict_rule.h"

namespace ts::ui {

struct RuleChoice {
    store::VerdictRule rule = store::VerdictRule::Strict;
    bool onlyMine = false;  // human: only the user's overrides
    bool operator==(const RuleChoice&) const = default;
};

// For QComboBox data and the settings file: "strict", "legacy", "human", "human-mine".
inline QString ruleChoiceName(RuleChoice c) {
    const QString rule = QString::fromUtf8(store::toString(c.rule).data());
    return c.rule == store::VerdictRule::Human && c.onlyMine ? rule + QStringLiteral("-mine")
                                                             : rule;
}

inline RuleChoice ruleChoiceFromName(const QString& name) {
    if (name == QLatin1String("human-mine")) return {store::VerdictRule::Human, true};
    const auto rule = store::parseVerdictRule(name.toStdString());
    return {rule.value_or(store::VerdictRule::Strict), false};
}

}  // namespace ts::ui
