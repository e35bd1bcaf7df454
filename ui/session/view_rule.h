#pragma once
// The rule the workbench shows verdicts under. Strict and Legacy are core's
// scoring rules. Human is the strict verdicts with the current annotators'
// verdict overrides drawn over them in the item views; its 2x2 tables need a
// core query (see docs/gui.md), so the statistics page shows the strict
// tables with a note while Human is selected.
#include <QString>

#include "core/score/verdict.h"

namespace ts::ui {

enum class ViewRule { Strict, Legacy, Human };

inline ScoringRuleKind scoringRuleOf(ViewRule rule) {
    return rule == ViewRule::Legacy ? ScoringRuleKind::Legacy : ScoringRuleKind::Strict;
}

inline QString viewRuleName(ViewRule rule) {
    switch (rule) {
        case ViewRule::Strict: return QStringLiteral("strict");
        case ViewRule::Legacy: return QStringLiteral("legacy");
        case ViewRule::Human: return QStringLiteral("human");
    }
    return QStringLiteral("strict");
}

inline ViewRule viewRuleFromName(const QString& name) {
    if (name == QLatin1String("legacy")) return ViewRule::Legacy;
    if (name == QLatin1String("human")) return ViewRule::Human;
    return ViewRule::Strict;
}

}  // namespace ts::ui
