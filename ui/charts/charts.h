#pragma once
// Every chart of the workbench, and the only code that includes Qt Charts:
// swap this module for Qt Graphs (Qt Charts is deprecated from Qt 6.10) and
// nothing else changes. Charts are plain QWidgets to the rest of the UI, so
// the exporters render them like any other widget.
#include <QList>
#include <QPointF>
#include <QWidget>

#include <string>
#include <vector>

#include "core/stats/proportion.h"

class QChartView;
class QValueAxis;

namespace ts::ui {

// One run's conditional answer accuracies (the points with their Wilson
// intervals as error bars).
struct ConditionalPoint {
    QString run;       // the axis label (short: "Llama-1B · correct · s121")
    stats::Proportion okGivenStepOk;
    stats::Proportion okGivenStepBad;
    QString fullName;  // the run's name, shown when a point is hovered
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
    // title: what the runs have in common (their dataset), shown in the chart title.
    void setPoints(const std::vector<ConditionalPoint>& points, const QString& stepName,
                   const QString& title = {});
    // The axis labels as drawn, for tests.
    QStringList labels() const { return labels_; }

private:
    QChartView* view_;
    QStringList labels_;
};

// Answer accuracy per gold label (task / class) of one run.
class LabelAccuracyChart : public QWidget {
    Q_OBJECT
public:
    explicit LabelAccuracyChart(QWidget* parent = nullptr);
    void setBars(const std::vector<LabelBar>& bars, const QString& runName);
    // The same bars under another title (answer accuracy per run).
    void setBarsTitled(const std::vector<LabelBar>& bars, const QString& title);

private:
    QChartView* view_;
};

// One metric of a job against its x (loss against optimizer step), redrawn
// as points arrive. A step back in x (the demo experiment trains one run
// after another, each from step 1) starts a new segment instead of a line
// drawn back across the chart. Non-finite values (a diverged loss) are left
// out of the drawing but kept in points().
class MetricCurveChart : public QWidget {
    Q_OBJECT
public:
    explicit MetricCurveChart(QWidget* parent = nullptr);
    // Replaces the curve; cheap when only points were added (the series keep
    // their objects and take the new point lists).
    void setCurve(const QString& metric, const QString& xTitle, const QList<QPointF>& points);
    void clear();
    const QString& metric() const { return metric_; }
    const QList<QPointF>& points() const { return points_; }
    // Points drawn (finite ones) and the segments they form.
    int drawnPointCount() const;
    int segmentCount() const;

private:
    QChartView* view_;
    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    QString metric_;
    QList<QPointF> points_;
};

// Applies the application palette (light or dark) to every chart below root.
void applyChartTheme(QWidget* root, bool dark);

}  // namespace ts::ui
