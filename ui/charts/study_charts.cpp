#include "ui/charts/study_charts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLayout>
#include <QLegend>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>

#include "ui/charts/chart_frame.h"

namespace ts::ui {

namespace {

// Red to blue through grey: a diverging palette that reads in grey scale too.
const QColor kRatingColors[5] = {QColor(0xb2, 0x18, 0x2b), QColor(0xef, 0x8a, 0x62),
                                 QColor(0xbd, 0xbd, 0xbd), QColor(0x67, 0xa9, 0xcf),
                                 QColor(0x21, 0x66, 0xac)};

// The legend as a row of swatches in rating order 1..5: Qt Charts lists
// markers in stacking order (3, 2, 1, 4, 5), which reads as a muddle.
QLabel* ratingLegend(QWidget* parent) {
    QString html;
    for (int r = 1; r <= 5; ++r)
        html += QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2&nbsp;&nbsp;&nbsp;")
                    .arg(kRatingColors[r - 1].name())
                    .arg(r);
    auto* label = new QLabel(html, parent);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

}  // namespace

LikertChart::LikertChart(QWidget* parent)
    : QWidget(parent), view_(makeChartView(this, QSize(360, 240))) {
    layout()->addWidget(ratingLegend(this));
}

void LikertChart::setArms(const std::vector<store::ArmFigure>& arms, int scale) {
    QChart* chart = view_->chart();
    clearChart(chart);
    shares_.clear();
    chart->setTitle(scale == 0 ? tr("Interpretability (1 hard to follow … 5 easy)")
                               : tr("Cognitive load (1 little effort … 5 much)"));
    // Stacks grow away from zero: the left half is drawn as negative values,
    // ordered from the middle outwards (3-, 2, 1), the right half 3+, 4, 5.
    QBarSet* sets[6];
    const char* const names[6] = {"3", "2", "1", "3 ", "4", "5"};
    const int rating[6] = {3, 2, 1, 3, 4, 5};
    auto* series = new QHorizontalStackedBarSeries;
    for (int k = 0; k < 6; ++k) {
        sets[k] = new QBarSet(QString::fromLatin1(names[k]).trimmed());
        sets[k]->setColor(kRatingColors[rating[k] - 1]);
        sets[k]->setBorderColor(kRatingColors[rating[k] - 1]);
    }
    QStringList categories;
    for (const auto& a : arms) {
        long long n = 0;
        for (long long c : a.counts[scale]) n += c;
        std::vector<double> share(5, 0.0);
        for (int r = 0; r < 5; ++r)
            share[r] = n ? 100.0 * double(a.counts[scale][r]) / double(n) : 0.0;
        shares_.push_back(share);
        *sets[0] << -share[2] / 2;
        *sets[1] << -share[1];
        *sets[2] << -share[0];
        *sets[3] << share[2] / 2;
        *sets[4] << share[3];
        *sets[5] << share[4];
        categories << QStringLiteral("%1 (n=%2)").arg(QString::fromStdString(a.label)).arg(n);
    }
    for (QBarSet* s : sets) series->append(s);
    chart->addSeries(series);
    chart->legend()->setVisible(false);  // ratingLegend() stands beneath the chart
    auto* y = new QBarCategoryAxis;
    y->append(categories);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = new QValueAxis;
    x->setRange(-100, 100);
    x->setLabelFormat(QStringLiteral("%d%"));
    x->setTitleText(tr("share of ratings (left: 1-2, right: 4-5, 3 split)"));
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
}

AccuracyInterpretabilityChart::AccuracyInterpretabilityChart(QWidget* parent)
    : QWidget(parent), view_(makeChartView(this, QSize(360, 240))) {}

void AccuracyInterpretabilityChart::setArms(const std::vector<store::ArmFigure>& arms) {
    QChart* chart = view_->chart();
    clearChart(chart);
    chart->setTitle(tr("Answer accuracy after SFT vs mean interpretability, per trace type"));
    chart->legend()->setVisible(false);
    auto* x = new QValueAxis;
    x->setRange(1, 5);
    x->setTitleText(tr("mean interpretability (1-5)"));
    auto* y = new QValueAxis;
    // Headroom above 100% for the point labels.
    y->setRange(0, 115);
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(25);
    y->setLabelFormat(QStringLiteral("%d%"));
    y->setTitleText(tr("answer accuracy"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    points_ = 0;
    // One series per arm: Qt Charts labels a point only through its series' format.
    for (std::size_t i = 0; i < arms.size(); ++i) {
        const auto& a = arms[i];
        if (std::isnan(a.meanInterpretability) || a.items == 0) continue;
        auto* point = new QScatterSeries;
        point->setMarkerSize(13);
        point->setColor(kRatingColors[i % 2 ? 0 : 4]);
        point->append(a.meanInterpretability, 100.0 * double(a.answersCorrect) / double(a.items));
        point->setPointLabelsVisible(true);
        point->setPointLabelsClipping(false);
        point->setPointLabelsFormat(QString::fromStdString(a.label) +
                                    QStringLiteral(" (@xPoint, @yPoint%)"));
        chart->addSeries(point);
        point->attachAxis(x);
        point->attachAxis(y);
        ++points_;
    }
}

}  // namespace ts::ui
