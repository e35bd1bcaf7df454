#include "ui/widgets/prediction_view.h"

#include <QPainter>
#include <QResizeEvent>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

#include "ui/widgets/chip_painter.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

std::vector<int> utf16Offsets(const std::string& utf8) {
    std::vector<int> out(utf8.size() + 1, 0);
    int units = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        out[i] = units;
        const auto c = static_cast<unsigned char>(utf8[i]);
        if ((c & 0xC0) != 0x80) units += (c >= 0xF0) ? 2 : 1;  // a lead byte starts a code point
    }
    out[utf8.size()] = units;
    return out;
}

PredictionView::PredictionView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
}

void PredictionView::fitToContent(int maxHeight) {
    maxHeight_ = maxHeight;
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    updateGeometry();
}

QSize PredictionView::sizeHint() const {
    if (maxHeight_ <= 0) return QTextBrowser::sizeHint();
    const int text = static_cast<int>(std::ceil(document()->size().height()));
    const int h = text + 2 * frameWidth() + 6;
    return {QTextBrowser::sizeHint().width(),
            std::clamp(h, fontMetrics().height() * 3, maxHeight_)};
}

QSize PredictionView::minimumSizeHint() const {
    if (maxHeight_ <= 0) return QTextBrowser::minimumSizeHint();
    return {QTextBrowser::minimumSizeHint().width(), fontMetrics().height() * 3};
}

void PredictionView::resizeEvent(QResizeEvent* event) {
    QTextBrowser::resizeEvent(event);
    if (maxHeight_ > 0 && event->size().width() != lastWidth_) {
        lastWidth_ = event->size().width();
        updateGeometry();
    }
}

void PredictionView::setPrediction(const std::string& text, const ItemVerdict* verdict) {
    setPlainText(QString::fromStdString(text));
    updateGeometry();
    if (!verdict) return;
    const std::vector<int> map = utf16Offsets(text);
    auto mark = [&](const TextSpan& span, const QTextCharFormat& format) {
        if (!span.found() || span.end > text.size()) return;
        QTextCursor c(document());
        c.setPosition(map[span.begin]);
        c.setPosition(map[span.end], QTextCursor::KeepAnchor);
        c.mergeCharFormat(format);
    };
    QTextCharFormat label;
    label.setBackground(verdictColor(verdict->classStep).lighter(150));
    label.setFontWeight(QFont::Bold);
    mark(verdict->labelSpan, label);
    for (const CitedUnit& u : verdict->cited) {
        QTextCharFormat f;
        f.setBackground(
            unitFill(u.gold ? ContextUnitState::CitedGold : ContextUnitState::CitedNonGold));
        mark(u.span, f);
    }
    for (const UnmatchedCitation& u : verdict->unmatched) {
        QTextCharFormat f;
        f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        f.setUnderlineColor(verdictColor(StepVerdict::Wrong));
        mark(u.span, f);
    }
    QTextCharFormat answer;
    answer.setBackground(QColor(0x3d, 0x7e, 0xd6, 60));
    answer.setFontUnderline(true);
    mark(verdict->answerSpan, answer);
}

VerdictChipRow::VerdictChipRow(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void VerdictChipRow::setVerdict(const ItemVerdict* v) {
    has_ = v != nullptr;
    noTrace_ = v && hasNoTrace(v->parse) && v->rule == ScoringRuleKind::Strict;
    needsHuman_ = v && v->evidence.unevaluatedReason == UnevaluatedReason::NeedsHuman;
    if (v) {
        steps_[0] = v->classStep;
        steps_[1] = v->retrievalStep;
        steps_[2] = v->trace;
        steps_[3] = v->answer;
    }
    QStringList tips;
    for (const QString& t : chipTexts()) tips << t;
    setToolTip(tips.join(QStringLiteral(" · ")));
    updateGeometry();
    update();
}

QStringList VerdictChipRow::chipTexts() const {
    static const char* const kNames[] = {"class", "retrieval", "trace", "answer"};
    QStringList out;
    for (int i = 0; i < 4; ++i) {
        const QString value = !has_                 ? QStringLiteral("—")
                              : (noTrace_ && i < 3) ? noTraceText()
                              : waitsForHuman(i)    ? needsHumanText()
                              : (i == 1 || i == 2) && notApplicable(steps_[0], steps_[i])
                                  ? notApplicableText()
                                  : verdictText(steps_[i]);
        out << QStringLiteral("%1: %2").arg(QLatin1String(kNames[i]), value);
    }
    return out;
}

int VerdictChipRow::chipWidth(const QString& text) const {
    QFont bold = font();
    bold.setBold(true);
    return QFontMetrics(bold).horizontalAdvance(text) +
           22;  // paintChip's padding and the 2 px margins
}

QSize VerdictChipRow::sizeHint() const {
    int widest = 0;
    for (const QString& t : chipTexts()) widest = std::max(widest, chipWidth(t));
    return {4 * widest, fontMetrics().height() + 12};
}

QSize VerdictChipRow::minimumSizeHint() const {
    return {4 * chipWidth(QStringLiteral("class: ok")), fontMetrics().height() + 12};
}

bool VerdictChipRow::textsFit() const {
    const int w = width() / 4;
    for (const QString& t : chipTexts())
        if (chipWidth(t) > w) return false;
    return true;
}

void VerdictChipRow::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int w = width() / 4;
    const QStringList texts = chipTexts();
    for (int i = 0; i < 4; ++i) {
        const StepVerdict v = steps_[i];
        const bool grey = !has_ || (noTrace_ && i < 3);
        const QColor fill = waitsForHuman(i) ? needsHumanColor()
                            : grey           ? noVerdictColor()
                                             : verdictColor(v);
        paintChip(p, QRect(i * w, 0, w, height()).adjusted(2, 2, -2, -2), font(), texts[i], fill,
                  grey || waitsForHuman(i) ? QColor(Qt::white) : verdictTextColor(v));
    }
}

}  // namespace ts::ui
