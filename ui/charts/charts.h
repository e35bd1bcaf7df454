#pragma once
// Every chart of the workbench, and the only code that includes Qt Charts:
// swap this module for Qt Graphs (Qt Charts is deprecated from Qt 6.10) and
// nothing else changes. Charts are plain QWidgets to the rest of the UI, so
// the exporters render them like any other widget.
#include <QWidget>

#include <string>
#include <vector>

#include "core/stats/proportion.h"

class QChartView;

namespace ts::ui {

// One run's conditional answer accuracies (the points with their Wilson
// intervals as error bars).
struct ConditionalPoint {
    QString run;
    stats::Proportion okGivenStepOk;
    stats::Proportion okGivenStepBad;
};

struct LabelBar {
    QString label;
    double accuracy = 0.0;  // 0..1
    long long items = 0;
};

// P(answer ok | step ok) vs P(answer ok | step wrong) per run, with error bars.
class ConditionalChart : public QWidget {
    Q_OBJECT
public:
    explicit ConditionalChart(QWidget* parent = nullptr);
    void setPoints(const std::vector<ConditionalPoint>& points, const QString& stepName);

private:
    QChartView* view_;
};

// Answer accuracy per gold label (task / class) of one run.
class LabelAccuracyChart : public QWidget {
    Q_OBJECT
public:
    explicit LabelAccuracyChart(QWidget* parent = nullptr);
    void setBars(const std::vector<LabelBar>& bars, const QString& runName);

private:
    QChartView* view_;
};

// Applies the application palette (light or dark) to every chart below root.
void applyChartTheme(QWidget* root, bool dark);

}  // namespace ts::ui
