#pragma once
// How verdicts and context units look everywhere in the workbench: one place
// for the chip colours (green ok, red wrong, amber partial, grey not
// evaluated) and the words, so tables, item views and exports agree.
#include <QColor>
#include <QString>

#include "core/score/verdict.h"

namespace ts::ui {

// The state of a context unit in the item view.
enum class ContextUnitState {
    Plain,         // neither gold nor cited
    CitedGold,     // green: cited and gold
    CitedNonGold,  // red: cited but not gold
    GoldNotCited,  // amber outline: gold, missed by the trace
    Gold,          // a bare dataset: gold retrieval (nothing was cited)
};

QColor verdictColor(StepVerdict v);
QColor verdictTextColor(StepVerdict v);
QString verdictText(StepVerdict v);
// A colour for "no verdict here" (items without a run, unscored rules, absent traces).
QColor noVerdictColor();
// The chip of a step whose trace is absent (no <think> block): "no trace".
QString noTraceText();
// A retrieval or trace step left unjudged while the class step was judged:
// the strict rule's "retrieval not applicable" (an MS MARCO item whose gold
// answer is "No Answer Present.": no passage holds it). Shown as "n/a".
inline bool notApplicable(StepVerdict classStep, StepVerdict step) {
    return step == StepVerdict::Unevaluated && classStep != StepVerdict::Unevaluated;
}
QString notApplicableText();
QString notApplicableTip();
// A step of a free-form trace that no rule can judge and no person has judged
// yet (UnevaluatedReason::NeedsHuman): its own colour (violet), so a reader
// sees "waiting for you", not "wrong" or "not evaluated".
QColor needsHumanColor();
QString needsHumanText();
// What a chip too narrow for needsHumanText() says ("to judge").
QString needsHumanShortText();
QString needsHumanTip();

QColor unitFill(ContextUnitState s);     // transparent for Plain/GoldNotCited
QColor unitOutline(ContextUnitState s);  // transparent when none
QString unitStateText(ContextUnitState s);

// A heat colour for a share 0..1 of a table (light blue to deep blue), and a
// text colour that reads on it.
QColor heatColor(double share);
QColor heatTextColor(double share);

}  // namespace ts::ui
