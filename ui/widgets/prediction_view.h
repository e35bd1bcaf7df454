#pragma once
// The raw model output with the parsed spans highlighted: the class label the
// trace names, each cited unit (green gold, red non-gold), quoted text that
// matches no unit (red underline) and the extracted answer (blue). Spans are
// core's byte offsets into the UTF-8 text.
#include <QTextBrowser>

#include <string>
#include <vector>

#include "core/score/verdict.h"

namespace ts::ui {

class PredictionView : public QTextBrowser {
    Q_OBJECT
public:
    explicit PredictionView(QWidget* parent = nullptr);
    // verdict may be nullptr (no highlighting).
    void setPrediction(const std::string& text, const ItemVerdict* verdict);
    // Sized to its text at the current width (a long output scrolls past
    // maxHeight), so a typical output reads without a scroll bar - for a
    // view in a scrolling column (the item view). Otherwise it fills the
    // space it is given (the compare page's two sides).
    void fitToContent(int maxHeight);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    int maxHeight_ = 0;  // 0: not fitted to its content
    int lastWidth_ = -1;
};

// utf16[k] = the UTF-16 index of byte k of utf8 (size + 1 entries), so byte
// spans map onto QString positions.
std::vector<int> utf16Offsets(const std::string& utf8);

// A row of four chips (class, retrieval, trace, answer) for one verdict. An
// output without a trace shows grey "no trace" chips for the three trace
// steps, not red "wrong" ones.
class VerdictChipRow : public QWidget {
    Q_OBJECT
public:
    explicit VerdictChipRow(QWidget* parent = nullptr);
    void setVerdict(const ItemVerdict* verdict);  // nullptr: grey "no verdict"
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The four chip texts as drawn ("class: ok", "trace: no trace", ...).
    QStringList chipTexts() const;
    // Whether every chip shows its whole text at the current width.
    bool textsFit() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int chipWidth(const QString& text) const;
    bool has_ = false;
    bool noTrace_ = false;
    bool needsHuman_ = false;  // a free-form trace: unjudged steps wait for a person
    bool waitsForHuman(int i) const {
        return has_ && needsHuman_ && i < 3 && steps_[i] == StepVerdict::Unevaluated;
    }
    StepVerdict steps_[4] = {StepVerdict::Unevaluated, StepVerdict::Unevaluated,
                             StepVerdict::Unevaluated, StepVerdict::Unevaluated};
};

}  // namespace ts::ui
