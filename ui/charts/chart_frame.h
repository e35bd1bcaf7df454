#pragma once
// What every chart widget of ui/charts starts from: a QChartView filling its
// parent widget, and a way to empty a chart before it is drawn again.
#include <QSize>

class QChart;
class QChartView;
class QWidget;

namespace ts::ui {

// A view on a fresh chart (no animation, legend below, thin margins) laid out
// to fill `parent` in a vertical box, so a caller may add a row beneath it.
QChartView* makeChartView(QWidget* parent, QSize minimumSize);

// Removes every series and axis (the axes are deleted; series go with the chart).
void clearChart(QChart* chart);

}  // namespace ts::ui
