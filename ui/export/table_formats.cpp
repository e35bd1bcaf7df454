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

QString formatRunTables(const store::RunTables& tables, const QString& runName, TableFormat format) {
    QStringList out;
    const QString rule = QString::fromUtf8(toString(tables.rule).data());
    const QString mode = QString::fromUtf8(toString(tables.mode).data());
    auto escapeLatex = [](QString s) {
        s.replace(QLatin1Char('\\'), QStringLiteral("\\textbackslash{}"));
        for (const char* c : {"&", "%", "$", "#", "_", "{", "}"})
            s.replace(QLatin1String(c), QStringLiteral("\\") + QLatin1String(c));
        return s.replace(QStringLiteral("|"), QStringLiteral("$|$"));
    };
    if (format == TableFormat::Csv)
        out << QStringLiteral("run,rule,retrieval_mode,step,step_ok_answer_ok,step_ok_answer_wrong,"
                              "step_wrong_answer_ok,step_wrong_answer_wrong,n,excluded,chi_square,"
                              "chi_square_p,chi_square_yates,chi_square_yates_p,fisher_p,phi,odds_ratio,"
                              "odds_ratio_low,odds_ratio_high,p_answer_ok_given_step_ok,"
                              "p_answer_ok_given_step_wrong,low_expected_count");
    for (store::TraceStep step : {store::TraceStep::Class, store::TraceStep::Retrieval, store::TraceStep::Trace}) {
        const store::StepTable& t = tables.table(step);
        const auto& c = t.statistics.counts;
        const auto& s = t.statistics;
        const QString name = stepLabel(step);
        if (format == TableFormat::Csv) {
            QString quoted = runName;
            quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            const auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 10) : QString(); };
            out << QStringList{QStringLiteral("\"%1\"").arg(quoted), rule, mode, name,
                               QString::number(c.ok_ok), QString::number(c.ok_bad), QString::number(c.bad_ok),
                               QString::number(c.bad_bad), QString::number(s.n), QString::number(t.excluded),
                               num(s.chiSquare), num(s.chiSquareP), num(s.chiSquareYates), num(s.chiSquareYatesP),
                               num(s.fisherP), num(s.phi), num(s.oddsRatio), num(s.oddsRatioLow),
                               num(s.oddsRatioHigh), num(s.answerOkGivenStepOk.estimate),
                               num(s.answerOkGivenStepBad.estimate),
                               s.lowExpectedCount ? QStringLiteral("true") : QStringLiteral("false")}
                       .join(QLatin1Char(','));
            continue;
        }
        const QString okRow = QStringLiteral("%1 ok").arg(name), badRow = QStringLiteral("%1 wrong").arg(name);
        auto cellText = [&](long long v, long long rowTotal) {
            return QStringLiteral("%1 (%2)").arg(v).arg(percentText(v, rowTotal));
        };
        if (format == TableFormat::Markdown) {
            out << QStringLiteral("### %1 × answer — %2 (%3 rule, retrieval %4)").arg(name, runName, rule, mode)
                << QString()
                << QStringLiteral("| | answer ok | answer wrong | total |")
                << QStringLiteral("|---|---:|---:|---:|")
                << QStringLiteral("| %1 | %2 | %3 | %4 |").arg(okRow, cellText(c.ok_ok, c.stepOk()), cellText(c.ok_bad, c.stepOk())).arg(c.stepOk())
                << QStringLiteral("| %1 | %2 | %3 | %4 |").arg(badRow, cellText(c.bad_ok, c.stepBad()), cellText(c.bad_bad, c.stepBad())).arg(c.stepBad())
                << QStringLiteral("| total | %1 | %2 | %3 |").arg(c.answerOk()).arg(c.answerBad()).arg(c.total())
                << QString();
            for (const StatLine& l : statLines(t, name)) out << QStringLiteral("- %1: %2").arg(l.name, l.value);
            if (s.n > 0 && s.lowExpectedCount) out << QStringLiteral("- warning: an expected count is below 5");
            out << QString();
        } else {
            out << QStringLiteral("%% %1 x answer, %2, %3 rule, retrieval %4").arg(name, runName, rule, mode)
                << QStringLiteral("\\begin{tabular}{lrrr}") << QStringLiteral("\\hline")
                << QStringLiteral(" & answer ok & answer wrong & total \\\\ \\hline")
                << QStringLiteral("%1 & %2 & %3 & %4 \\\\").arg(okRow).arg(c.ok_ok).arg(c.ok_bad).arg(c.stepOk())
                << QStringLiteral("%1 & %2 & %3 & %4 \\\\").arg(badRow).arg(c.bad_ok).arg(c.bad_bad).arg(c.stepBad())
                << QStringLiteral("total & %1 & %2 & %3 \\\\ \\hline").arg(c.answerOk()).arg(c.answerBad()).arg(c.total())
                << QStringLiteral("\\end{tabular}");
            QStringList stats;
            for (const StatLine& l : statLines(t, name))
                stats << QStringLiteral("%1: %2").arg(escapeLatex(l.name), escapeLatex(l.value));
            out << QStringLiteral("%% ") + stats.join(QStringLiteral("; ")) << QString();
        }
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace ts::ui
