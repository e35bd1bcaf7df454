#include "ui/export/table_formats.h"

#include <QStringList>

#include <cmath>

#include "ui/models/contingency_model.h"

namespace ts::ui {

QString formatNumber(double value, int digits) {
    if (std::isnan(value)) return QStringLiteral("–");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
    return QString::number(value, 'f', digits);
}

QString formatP(double p, double logP) {
    if (std::isnan(p)) return QStringLiteral("–");
    if (p == 0.0 && std::isfinite(logP)) {
        const double log10p = logP / std::log(10.0);
        return QStringLiteral("1e%1").arg(static_cast<long long>(std::floor(log10p)));
    }
    if (p < 1e-4) return QString::number(p, 'e', 1);
    return QString::number(p, 'f', 4);
}

QString stepLabel(store::TraceStep step) {
    switch (step) {
        case store::TraceStep::Class: return QStringLiteral("class");
        case store::TraceStep::Retrieval: return QStringLiteral("retrieval");
        case store::TraceStep::Trace: return QStringLiteral("trace");
    }
    return {};
}

namespace {

QString proportionText(const stats::Proportion& p) {
    if (p.total == 0) return QStringLiteral("– (no items)");
    return QStringLiteral("%1 [%2, %3] (%4/%5)")
        .arg(formatNumber(p.estimate), formatNumber(p.low), formatNumber(p.high))
        .arg(p.successes)
        .arg(p.total);
}

struct StatLine {
    QString name;
    QString value;
};

std::vector<StatLine> statLines(const store::StepTable& t, const QString& step) {
    const auto& s = t.statistics;
    std::vector<StatLine> lines;
    lines.push_back({QStringLiteral("n"), QString::number(s.n)});
    if (t.excluded > 0)
        lines.push_back({QStringLiteral("excluded (not evaluated)"),
                         QStringLiteral("%1 (%2 with a correct answer)").arg(t.excluded).arg(t.excludedAnswerOk)});
    lines.push_back({QStringLiteral("chi-square"),
                     QStringLiteral("%1 (p %2)").arg(formatNumber(s.chiSquare), formatP(s.chiSquareP, s.chiSquareLogP))});
    lines.push_back({QStringLiteral("chi-square, Yates"),
                     QStringLiteral("%1 (p %2)").arg(formatNumber(s.chiSquareYates), formatP(s.chiSquareYatesP, std::log(s.chiSquareYatesP)))});
    lines.push_back({QStringLiteral("Fisher exact p"), formatP(s.fisherP, s.fisherLogP)});
    lines.push_back({QStringLiteral("phi"), formatNumber(s.phi)});
    lines.push_back({QStringLiteral("odds ratio (95% CI)"),
                     QStringLiteral("%1 [%2, %3]%4")
                         .arg(formatNumber(s.oddsRatio, 2), formatNumber(s.oddsRatioLow, 2),
                              formatNumber(s.oddsRatioHigh, 2),
                              s.oddsRatioCorrected ? QStringLiteral(" (0.5 added to every cell)") : QString())});
    lines.push_back({QStringLiteral("P(answer ok | %1 ok)").arg(step), proportionText(s.answerOkGivenStepOk)});
    lines.push_back({QStringLiteral("P(answer ok | %1 wrong)").arg(step), proportionText(s.answerOkGivenStepBad)});
    lines.push_back({QStringLiteral("P(%1 ok | answer ok)").arg(step), proportionText(s.stepOkGivenAnswerOk)});
    lines.push_back({QStringLiteral("P(%1 ok and answer ok)").arg(step), proportionText(s.bothOkShare)});
    return lines;
}

}  // namespace

QString statisticsHtml(const store::StepTable& t, const QString& stepName) {
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const StatLine& l : statLines(t, stepName))
        html += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td><b>%2</b></td></tr>")
                    .arg(l.name.toHtmlEscaped(), l.value.toHtmlEscaped());
    html += QStringLiteral("</table>");
    if (t.statistics.n > 0 && t.statistics.lowExpectedCount)
        html += QStringLiteral("<p style='color:#b26a00;'>⚠ An expected count is below 5 (min %1): "
                               "chi-square is unreliable here; read Fisher's p.</p>")
                    .arg(formatNumber(t.statistics.minExpected, 2));
    return html;
}

std::string tablesExportText(const StatisticsData& data, const std::string& runName, store::TableFormat format) {
    store::TablesDocument document;
    document.report = data.pooled ? store::pooledReport(*data.pooled) : store::tableReport(data.tables, runName);
    document.humanVsRule = data.agreement;
    return store::formatTablesDocument(document, format);
}

}  // namespace ts::ui
