#include "ui/widgets/verdict_style.h"

#include <algorithm>

namespace ts::ui {

QColor verdictColor(StepVerdict v) {
    switch (v) {
        case StepVerdict::Ok:
            return QColor(0x2e, 0x9e, 0x4f);
        case StepVerdict::Wrong:
            return QColor(0xd3, 0x3f, 0x3f);
        case StepVerdict::Partial:
            return QColor(0xe8, 0xa3, 0x17);
        case StepVerdict::Unevaluated:
            return noVerdictColor();
    }
    return noVerdictColor();
}

QColor verdictTextColor(StepVerdict v) {
    return v == StepVerdict::Partial ? QColor(0x2b, 0x20, 0x00) : QColor(Qt::white);
}

QString verdictText(StepVerdict v) {
    switch (v) {
        case StepVerdict::Ok:
            return QStringLiteral("ok");
        case StepVerdict::Wrong:
            return QStringLiteral("wrong");
        case StepVerdict::Partial:
            return QStringLiteral("partial");
        case StepVerdict::Unevaluated:
            return QStringLiteral("not evaluated");
    }
    return {};
}

QColor noVerdictColor() {
    return QColor(0x8a, 0x8f, 0x98);
}

QString noTraceText() {
    return QStringLiteral("no trace");
}
QString notApplicableText() {
    return QStringLiteral("n/a");
}
QString notApplicableTip() {
    return QStringLiteral(
        "not applicable: the gold answer is \u201CNo Answer Present.\u201D, so no passage "
        "holds it; the retrieval and trace tables leave the item out");
}

QColor needsHumanColor() {
    return QColor(0x7a, 0x4f, 0xc9);
}
QString needsHumanText() {
    return QStringLiteral("needs a human");
}
QString needsHumanShortText() {
    return QStringLiteral("to judge");
}
QString needsHumanTip() {
    return QStringLiteral(
        "a free-form trace: no rule can judge free text. Confirm the proposed evidence in the "
        "item view (or mark a span); the human rule then counts your verdict");
}

QColor unitFill(ContextUnitState s) {
    switch (s) {
        case ContextUnitState::CitedGold:
            return QColor(0x2e, 0x9e, 0x4f, 70);
        case ContextUnitState::CitedNonGold:
            return QColor(0xd3, 0x3f, 0x3f, 70);
        case ContextUnitState::Gold:
            return QColor(0xe8, 0xa3, 0x17, 45);
        default:
            return Qt::transparent;
    }
}

QColor unitOutline(ContextUnitState s) {
    switch (s) {
        case ContextUnitState::CitedGold:
            return QColor(0x2e, 0x9e, 0x4f);
        case ContextUnitState::CitedNonGold:
            return QColor(0xd3, 0x3f, 0x3f);
        case ContextUnitState::GoldNotCited:
        case ContextUnitState::Gold:
            return QColor(0xe8, 0xa3, 0x17);
        default:
            return Qt::transparent;
    }
}

QString unitStateText(ContextUnitState s) {
    switch (s) {
        case ContextUnitState::CitedGold:
            return QStringLiteral("cited, gold");
        case ContextUnitState::CitedNonGold:
            return QStringLiteral("cited, not gold");
        case ContextUnitState::GoldNotCited:
            return QStringLiteral("gold, not cited");
        case ContextUnitState::Gold:
            return QStringLiteral("gold");
        default:
            return {};
    }
}

QColor heatColor(double share) {
    const double t = std::clamp(share, 0.0, 1.0);
    // From a pale blue (#e8f1fb) to a deep blue (#1f5fa8).
    auto mix = [t](int a, int b) { return static_cast<int>(a + (b - a) * t); };
    return QColor(mix(0xe8, 0x1f), mix(0xf1, 0x5f), mix(0xfb, 0xa8));
}

QColor heatTextColor(double share) {
    return share > 0.45 ? QColor(Qt::white) : QColor(0x10, 0x20, 0x30);
}

}  // namespace ts::ui
