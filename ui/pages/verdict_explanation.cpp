#include "ui/pages/verdict_explanation.h"

#include <QStringList>

#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

QString chip(StepVerdict v) {
    return QStringLiteral("<span style='background:%1;color:%2;'>&nbsp;%3&nbsp;</span>")
        .arg(verdictColor(v).name(), verdictTextColor(v).name(), verdictText(v));
}

QString joinQuoted(const std::vector<std::string>& values) {
    QStringList out;
    for (const auto& v : values) out << QStringLiteral("“%1”").arg(esc(v));
    return out.isEmpty() ? QStringLiteral("(none)") : out.join(QStringLiteral(", "));
}

QString unevaluatedText(UnevaluatedReason r) {
    switch (r) {
        case UnevaluatedReason::NoThinkWord:
            return QStringLiteral(
                "the prediction does not contain the word “think”, so the "
                "original script skipped it");
        case UnevaluatedReason::EmptyTrace:
            return QStringLiteral("the text before the first “&lt;/think&gt;” is empty");
        case UnevaluatedReason::NoGoldRow:
            return QStringLiteral("no gold CSV row matched and there was no earlier row to reuse");
        case UnevaluatedReason::RetrievalNotApplicable:
            return QStringLiteral("the gold answer is “No Answer Present.”: no passage holds it");
        case UnevaluatedReason::NeedsHuman:
            return QStringLiteral(
                "a free-form trace: no rule can judge free text, so a person decides (confirm "
                "the proposed evidence or mark a span)");
        case UnevaluatedReason::None:
            break;
    }
    return {};
}

QString classParagraph(const ItemVerdict& v) {
    const auto& e = v.evidence;
    QString s = QStringLiteral("<b>Class step</b> %1: ").arg(chip(v.classStep));
    if (v.rule == ScoringRuleKind::Strict) {
        s += v.predictedLabel.empty()
                 ? QStringLiteral("the trace names no label")
                 : QStringLiteral("the trace names <b>%1</b>").arg(esc(v.predictedLabel));
        s += QStringLiteral("; the gold label is <b>%1</b> (exact, case-insensitive).")
                 .arg(esc(e.goldLabel));
        // A class sentence read leniently says how, so the reader can judge it.
        if (!e.classReading.empty())
            s += QStringLiteral(" The class sentence “%1” was read as a person would: %2.")
                     .arg(esc(e.classSegment), esc(e.classReading));
    } else {
        s += QStringLiteral("legacy test: is the gold label <b>%1</b> a substring of “%2”?")
                 .arg(esc(e.goldLabel), esc(e.classSegment));
    }
    return s;
}

QString retrievalParagraph(const Item& item, const ItemVerdict& v, RetrievalMode mode) {
    const auto& e = v.evidence;
    if (e.unevaluatedReason == UnevaluatedReason::RetrievalNotApplicable)
        return QStringLiteral("<b>Retrieval step</b> n/a: not applicable (%1).")
            .arg(unevaluatedText(e.unevaluatedReason));
    QString s = QStringLiteral("<b>Retrieval step</b> %1: ").arg(chip(v.retrievalStep));
    if (v.rule == ScoringRuleKind::Strict) {
        s += QStringLiteral("cited %1 of %2 gold units").arg(v.goldCited).arg(v.goldCount);
        if (v.retrievalPrecision)
            s += QStringLiteral(" (precision %1)").arg(*v.retrievalPrecision, 0, 'f', 2);
        s += mode == RetrievalMode::All ? QStringLiteral("; every gold unit must be quoted.")
                                        : QStringLiteral("; one gold unit is enough (mode any).");
        QStringList missed;
        for (int g : item.goldRetrieval) {
            bool cited = false;
            for (const auto& c : v.cited) cited = cited || c.contextIndex == g;
            if (!cited && g >= 0 && g < static_cast<int>(item.context.size()))
                missed << QStringLiteral("“%1”").arg(esc(item.context[g].text));
        }
        if (!missed.isEmpty())
            s += QStringLiteral("<br/>Missed: %1").arg(missed.join(QStringLiteral(", ")));
        if (!v.unmatched.empty())
            s += QStringLiteral("<br/>%1 quoted text(s) match no context unit.")
                     .arg(v.unmatched.size());
    } else {
        if (e.goldRow >= 0)
            s += QStringLiteral("gold row %1 (CSV line %2, id %3)%4%5; ")
                     .arg(e.goldRow)
                     .arg(e.goldRowLine)
                     .arg(esc(e.goldRowId),
                          e.goldRowStale ? QStringLiteral(", reused from the previous item")
                                         : QString(),
                          e.goldRowIsOwn ? QString() : QStringLiteral(", not the item's own row"));
        s += e.matchedUnit >= 0 ? QStringLiteral("the trace contains the row's fact “%1”.")
                                      .arg(esc(e.matchedUnitText))
                                : QStringLiteral("none of the row's facts occurs in the trace.");
    }
    return s;
}

}  // namespace

QString parseStatusText(ParseStatus status) {
    switch (status) {
        case ParseStatus::Ok:
            return QStringLiteral("trace and answer found");
        case ParseStatus::NoTrace:
            return QStringLiteral("no think block: the trace is missing");
        case ParseStatus::NoAnswer:
            return QStringLiteral("a trace but no answer after it");
        case ParseStatus::Malformed:
            return QStringLiteral("think markers present but unusable");
    }
    return {};
}

QString explainVerdict(const Item& item, const ItemVerdict& v, RetrievalMode mode) {
    QStringList p;
    p << QStringLiteral("<b>Parse</b>: %1.").arg(parseStatusText(v.parse));
    if (v.evidence.unevaluatedReason == UnevaluatedReason::RetrievalNotApplicable)
        p << QStringLiteral(
                 "<b>Retrieval not applicable</b>: %1, so there is nothing to "
                 "retrieve; the retrieval and trace steps are left out of their "
                 "tables, the class step and the answer count.")
                 .arg(unevaluatedText(v.evidence.unevaluatedReason));
    else if (v.evidence.unevaluatedReason == UnevaluatedReason::NeedsHuman)
        p << QStringLiteral(
                 "<b>Needs a human</b>: %1. Until a person judges its steps the item stays out "
                 "of the step tables (the human rule counts it once they do); the answer "
                 "counts in answer accuracy.")
                 .arg(unevaluatedText(v.evidence.unevaluatedReason));
    else if (v.evidence.unevaluatedReason != UnevaluatedReason::None)
        p << QStringLiteral(
                 "<b>Not evaluated</b>: %1; the item is left out of the tables but "
                 "counts in answer accuracy.")
                 .arg(unevaluatedText(v.evidence.unevaluatedReason));
    if (v.evidence.unevaluatedReason == UnevaluatedReason::NeedsHuman) {
        // A free-form trace: what the steps say comes from the people who
        // confirmed its evidence (their notes are in the annotations below).
        const auto judged = [](StepVerdict s) {
            return s == StepVerdict::Unevaluated
                       ? QStringLiteral("not judged yet: confirm the evidence below")
                       : QStringLiteral(
                             "judged by a person from the evidence they confirmed "
                             "(see their note below)");
        };
        p << QStringLiteral("<b>Class step</b> %1: %2; the gold label is <b>%3</b>.")
                 .arg(chip(v.classStep), judged(v.classStep), esc(v.evidence.goldLabel));
        p << QStringLiteral("<b>Retrieval step</b> %1: %2.")
                 .arg(chip(v.retrievalStep), judged(v.retrievalStep));
    } else {
        p << classParagraph(v);
        p << retrievalParagraph(item, v, mode);
    }
    p << QStringLiteral("<b>Trace</b> %1: class and retrieval both correct?").arg(chip(v.trace));
    p << QStringLiteral("<b>Answer</b> %1: extracted “%2” → predicted %3, gold %4; EM %5, F1 %6.")
             .arg(chip(v.answer), esc(v.extractedAnswer), joinQuoted(v.answerScore.predicted),
                  joinQuoted(v.answerScore.gold),
                  v.answerScore.exactMatch ? QStringLiteral("yes") : QStringLiteral("no"))
             .arg(v.answerScore.f1, 0, 'f', 2);
    return p.join(QStringLiteral("<br/><br/>"));
}

}  // namespace ts::ui
