#include "ui/widgets/prediction_view.h"

#include <QPainter>
#include <QTextCursor>

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

void PredictionView::setPrediction(const std::string& text, const ItemVerdict* verdict) {
    setPlainText(QString::fromStdString(text));
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
        f.setBackground(unitFill(u.gold ? ContextUnitState::CitedGold : ContextUnitState::CitedNonGold));
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
    if (v) {
        steps_[0] = v->classStep;
        steps_[1] = v->retrievalStep;
        steps_[2] = v->trace;
        steps_[3] = v->answer;
    }
    update();
}

QSize VerdictChipRow::sizeHint() const {
    return {4 * 150, fontMetrics().height() + 12};
}

void VerdictChipRow::paintEvent(QPaintEvent*) {
    QPainter p(this);
    static const char* const kNames[] = {"class", "retrieval", "trace", "answer"};
    const int w = width() / 4;
    for (int i = 0; i < 4; ++i) {
        const StepVerdict v = steps_[i];
        const QString text = QStringLiteral("%1: %2").arg(QLatin1String(kNames[i]),
                                                          has_ ? verdictText(v) : QStringLiteral("—"));
        paintChip(p, QRect(i * w, 0, w, height()).adjusted(2, 2, -2, -2), font(), text,
                  has_ ? verdictColor(v) : noVerdictColor(), has_ ? verdictTextColor(v) : Qt::white);
    }
}

}  // namespace ts::ui
