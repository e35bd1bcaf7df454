#include "ui/charts/charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/charts/chart_frame.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

// A vertical error bar with short caps, as one line series.
QLineSeries* errorBar(double x, double low, double high, const QColor& color) {
    auto* s = new QLineSeries;
    const double cap = 0.06;
    s->append(x - cap, low);
    s->append(x + cap, low);
    s->append(x, low);
    s->append(x, high);
    s->append(x - cap, high);
    s->append(x + cap, high);
    QPen pen(color, 1.6);
    s->setPen(pen);
    return s;
}

}  // namespace

ConditionalChart::ConditionalChart(QWidget* parent)
    : QWidget(parent), view_(makeChartView(this, QSize(320, 220))) {}

void ConditionalChart::setPoints(const std::vector<ConditionalPoint>& points, const QString& stepName,
                                 const QString& title) {
    QChart* chart = view_->chart();
    clearChart(chart);
    labels_.clear();
    for (const auto& p : points) labels_ << p.run;
    QString heading = tr("P(answer ok | %1 ok) vs P(answer ok | %1 wrong), 95% Wilson intervals").arg(stepName);
    if (!title.isEmpty()) heading = title + QStringLiteral(" — ") + heading;
    chart->setTitle(heading);
    // One category per run, centred on its index; the two points sit either side.
    auto* xAxis = new QCategoryAxis;
    xAxis->setMin(-0.5);
    xAxis->setMax(std::max<double>(0.5, static_cast<double>(points.size()) - 0.5));
    xAxis->setStartValue(-0.5);
    xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    for (std::size_t i = 0; i < points.size(); ++i)
        xAxis->append(points[i].run, static_cast<double>(i) + 0.5);
    if (points.size() > 5) xAxis->setLabelsAngle(-20);
    auto* yAxis = new QValueAxis;
    yAxis->setRange(0.0, 1.0);
    yAxis->setTickCount(6);  // 0, 0.2, ... 1.0: every tick label exact
    yAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    const QColor okColor = verdictColor(StepVerdict::Ok), badColor = verdictColor(StepVerdict::Wrong);
    auto* okSeries = new QScatterSeries;
    okSeries->setName(tr("answer ok | %1 ok").arg(stepName));
    okSeries->setColor(okColor);
    okSeries->setMarkerSize(11);
    auto* badSeries = new QScatterSeries;
    badSeries->setName(tr("answer ok | %1 wrong").arg(stepName));
    badSeries->setColor(badColor);
    badSeries->setMarkerSize(11);
    badSeries->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    std::vector<QLineSeries*> bars;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = static_cast<double>(i);
        const auto add = [&](const stats::Proportion& p, double dx, QScatterSeries* s, const QColor& c) {
            if (p.total == 0 || std::isnan(p.estimate)) return;
            s->append(x + dx, p.estimate);
            bars.push_back(errorBar(x + dx, p.low, p.high, c));
        };
        add(points[i].okGivenStepOk, -0.12, okSeries, okColor);
        add(points[i].okGivenStepBad, 0.12, badSeries, badColor);
    }
    for (QLineSeries* s : bars) {
        chart->addSeries(s);
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
    }
    for (QScatterSeries* s : {okSeries, badSeries}) {
        chart->addSeries(s);
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
        // The run's full name (and its counts) where the pointer is.
        connect(s, &QScatterSeries::hovered, this, [this, points, s, okSeries](const QPointF& p, bool state) {
            if (!state) return QToolTip::hideText();
            const auto i = static_cast<std::size_t>(std::lround(p.x() + (s == okSeries ? 0.12 : -0.12)));
            if (i >= points.size()) return;
            const stats::Proportion& pr = s == okSeries ? points[i].okGivenStepOk : points[i].okGivenStepBad;
            QToolTip::showText(QCursor::pos(), QStringLiteral("%1\n%2 = %3 / %4")
                                                   .arg(points[i].fullName.isEmpty() ? points[i].run : points[i].fullName,
                                                        s->name())
                                                   .arg(pr.successes)
                                                   .arg(pr.total));
        });
    }
    // Only the two point series belong in the legend.
    for (QLegendMarker* m : chart->legend()->markers())
        m->setVisible(m->series() == okSeries || m->series() == badSeries);
}

LabelAccuracyChart::LabelAccuracyChart(QWidget* parent)
    : QWidget(parent), view_(makeChartView(this, QSize(320, 220))) {}

void LabelAccuracyChart::setBars(const std::vector<LabelBar>& bars, const QString& runName) {
    setBarsTitled(bars, tr("Answer accuracy per label — %1").arg(runName));
}

void LabelAccuracyChart::setBarsTitled(const std::vector<LabelBar>& bars, const QString& title) {
    QChart* chart = view_->chart();
    clearChart(chart);
    chart->setTitle(title);
    auto* set = new QBarSet(tr("answer accuracy"));
    set->setColor(QColor(0x3d, 0x7e, 0xd6));
    QStringList categories;
    for (const LabelBar& b : bars) {
        *set << b.accuracy;
        categories << b.label;
    }
    // The axis cuts long labels; hovering a bar tells its label and counts.
    connect(set, &QBarSet::hovered, this, [bars](bool on, int index) {
        if (!on || index < 0 || index >= static_cast<int>(bars.size())) return QToolTip::hideText();
        const LabelBar& b = bars[static_cast<std::size_t>(index)];
        QToolTip::showText(QCursor::pos(), tr("%1\nanswer accuracy %2 (%3 items)")
                                               .arg(b.label)
                                               .arg(b.accuracy, 0, 'f', 3)
                                               .arg(b.items));
    });
    auto* series = new QBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(2);
    // Above each bar, so a short bar's value does not sit on the axis.
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    set->setLabelColor(palette().color(QPalette::WindowText));
    chart->addSeries(series);
    auto* xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    auto* yAxis = new QValueAxis;
    yAxis->setRange(0.0, 1.0);
    yAxis->setTickCount(6);  // 0, 0.2, ... 1.0: every tick label exact
    yAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->legend()->setVisible(false);
}

namespace {

// Finite points split where x steps back.
QList<QList<QPointF>> curveSegments(const QList<QPointF>& points) {
    QList<QList<QPointF>> segments;
    for (const QPointF& p : points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
        if (segments.isEmpty() || (!segments.last().isEmpty() && p.x() < segments.last().last().x()))
            segments.append(QList<QPointF>());
        segments.last().append(p);
    }
    return segments;
}

}  // namespace

MetricCurveChart::MetricCurveChart(QWidget* parent)
    : QWidget(parent),
      view_(makeChartView(this, QSize(320, 220))),
      xAxis_(new QValueAxis),
      yAxis_(new QValueAxis) {
    view_->setMinimumSize(240, 160);
    QChart* chart = view_->chart();
    chart->legend()->setVisible(false);
    xAxis_->setLabelFormat(QStringLiteral("%g"));
    yAxis_->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(xAxis_, Qt::AlignBottom);
    chart->addAxis(yAxis_, Qt::AlignLeft);
    clear();
}

void MetricCurveChart::clear() { setCurve(QString(), QString(), {}); }

void MetricCurveChart::setCurve(const QString& metric, const QString& xTitle, const QList<QPointF>& points) {
    metric_ = metric;
    points_ = points;
    QChart* chart = view_->chart();
    chart->setTitle(metric.isEmpty() ? tr("No curve for this job") : metric);
    xAxis_->setTitleText(xTitle);
    const QList<QList<QPointF>> segments = curveSegments(points);
    QList<QAbstractSeries*> series = chart->series();
    if (series.size() != segments.size()) {
        chart->removeAllSeries();
        series.clear();
        for (qsizetype i = 0; i < segments.size(); ++i) {
            auto* line = new QLineSeries;
            chart->addSeries(line);
            line->attachAxis(xAxis_);
            line->attachAxis(yAxis_);
            series.append(line);
        }
    }
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    bool first = true;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        static_cast<QLineSeries*>(series[i])->replace(segments[i]);
        for (const QPointF& p : segments[i]) {
            if (first) {
                xMin = xMax = p.x();
                yMin = yMax = p.y();
                first = false;
            }
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    }
    // Zero stays in view for non-negative metrics (a loss, an accuracy) so
    // the eye reads the drop against the whole, not a zoomed-in wiggle.
    if (yMin >= 0) yMin = 0;
    if (xMax <= xMin) xMax = xMin + 1;
    if (yMax <= yMin) yMax = yMin + 1;
    xAxis_->setRange(xMin, xMax);
    yAxis_->setRange(yMin, yMax + 0.05 * (yMax - yMin));
}

int MetricCurveChart::drawnPointCount() const {
    int n = 0;
    for (QAbstractSeries* s : view_->chart()->series()) n += static_cast<int>(static_cast<QLineSeries*>(s)->count());
    return n;
}

int MetricCurveChart::segmentCount() const { return static_cast<int>(view_->chart()->series().size()); }

void applyChartTheme(QWidget* root, bool dark) {
    for (QChartView* v : root->findChildren<QChartView*>()) {
        QChart* chart = v->chart();
        chart->setBackgroundBrush(dark ? QColor(0x26, 0x29, 0x2e) : QColor(Qt::white));
        const QColor fg = dark ? QColor(0xe6, 0xe6, 0xe6) : QColor(0x20, 0x20, 0x20);
        chart->setTitleBrush(fg);
        chart->legend()->setLabelColor(fg);
        for (QAbstractAxis* a : chart->axes()) {
            a->setLabelsColor(fg);
            a->setTitleBrush(fg);
            a->setGridLineColor(dark ? QColor(0x44, 0x48, 0x50) : QColor(0xdd, 0xdd, 0xdd));
        }
    }
}

}  // namespace ts::ui
