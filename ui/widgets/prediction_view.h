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
};

// utf16[k] = the UTF-16 index of byte k of utf8 (size + 1 entries), so byte
// spans map onto QString positions.
std::vector<int> utf16Offsets(const std::string& utf8);

// A row of four chips (class, retrieval, trace, answer) for one verdict.
class VerdictChipRow : public QWidget {
    Q_OBJECT
public:
    explicit VerdictChipRow(QWidget* parent = nullptr);
    void setVerdict(const ItemVerdict* verdict);  // nullptr: grey "no verdict"
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool has_ = false;
    StepVerdict steps_[4] = {StepVerdict::Unevaluated, StepVerdict::Unevaluated,
                             StepVerdict::Unevaluated, StepVerdict::Unevaluated};
};

}  // namespace ts::ui
