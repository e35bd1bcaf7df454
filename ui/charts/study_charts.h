#pragma once
// The charts of a rating study (part of ui/charts, the only code that includes
// Qt Charts): diverging stacked bars of the Likert ratings per arm for one
// scale, and the paper's key comparison - per trace type, answer accuracy
// after SFT against mean interpretability.
#include <QWidget>

#include <vector>

#include "core/store/study_report.h"

class QChartView;

namespace ts::ui {

// One bar per arm: ratings 1-2 to the left of zero, 4-5 to the right, 3 split
// across it; lengths are shares of the arm's ratings (percent).
class LikertChart : public QWidget {
    Q_OBJECT
public:
    explicit LikertChart(QWidget* parent = nullptr);
    // scale: 0 interpretability, 1 cognitive load.
    void setArms(const std::vector<store::ArmFigure>& arms, int scale);
    // The shares drawn per arm, ratings 1..5, in percent (for tests).
    const std::vector<std::vector<double>>& shares() const { return shares_; }

private:
    QChartView* view_;
    std::vector<std::vector<double>> shares_;
};

// One labelled point per arm: x mean interpretability (1-5), y answer
// accuracy of its run (percent).
class AccuracyInterpretabilityChart : public QWidget {
    Q_OBJECT
public:
    explicit AccuracyInterpretabilityChart(QWidget* parent = nullptr);
    void setArms(const std::vector<store::ArmFigure>& arms);
    int points() const { return points_; }

private:
    QChartView* view_;
    int points_ = 0;
};

}  // namespace ts::ui
