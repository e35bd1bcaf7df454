#include "ui/export/findings_report.h"

#include <QBuffer>
#include <QDateTime>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

#include <algorithm>

#include "core/store/catalog.h"
#include "core/store/label_accuracy.h"
#include "core/util/error.h"
#include "ui/export/table_formats.h"
#include "ui/models/context_unit_model.h"
#include "ui/widgets/run_labels.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

// --- loading (any thread) ---------------------------------------------------------

void loadChart(store::Project& project, ReportSection& s) {
    const store::Finding& f = s.finding;
    const std::vector<store::RunSummary> runs = store::listRuns(project);
    const auto found =
        std::find_if(runs.begin(), runs.end(), [&](const auto& r) { return r.id == f.runId; });
    if (found == runs.end()) throw Error("the pinned run no longer exists");
    const store::RunSummary& self = *found;
    if (f.chart == "labels") {
        for (const auto& c : store::answerCountsByLabel(project, f.runId, f.view))
            s.bars.push_back({QString::fromStdString(c.label),
                              c.items ? double(c.answerOk) / double(c.items) : 0.0, c.items});
        s.chartTitle =
            QObject::tr("Answer accuracy per label — %1").arg(QString::fromStdString(self.name));
        return;
    }
    for (const auto& run : runs) {
        if (run.datasetId != self.datasetId) continue;
        const auto t = store::runTables(project, run.id, f.view, f.mode);
        s.points.push_back({distinctRunLabel(run, runs), t.trace.statistics.answerOkGivenStepOk,
                            t.trace.statistics.answerOkGivenStepBad,
                            QString::fromStdString(run.name)});
    }
    s.chartTitle = QString::fromStdString(self.dataset);
}

// --- HTML pieces --------------------------------------------------------------------

QString chip(const QString& text, const QColor& fill, const QColor& fg) {
    return QStringLiteral("<span class='chip' style='background:%1;color:%2'>&nbsp;%3&nbsp;</span>")
        .arg(fill.name(), fg.name(), text.toHtmlEscaped());
}

QString chipsHtml(const ItemVerdict& v) {
    const bool noTrace = hasNoTrace(v.parse) && v.rule == ScoringRuleKind::Strict;
    const std::pair<const char*, StepVerdict> steps[] = {{"class", v.classStep},
                                                         {"retrieval", v.retrievalStep},
                                                         {"trace", v.trace},
                                                         {"answer", v.answer}};
    QStringList out;
    for (int i = 0; i < 4; ++i) {
        const bool grey = noTrace && i < 3;
        const QString text = QStringLiteral("%1: %2").arg(
            QLatin1String(steps[i].first), grey ? noTraceText() : verdictText(steps[i].second));
        out << chip(text, grey ? noVerdictColor() : verdictColor(steps[i].second),
                    grey ? QColor(Qt::white) : verdictTextColor(steps[i].second));
    }
    return QStringLiteral("<p>%1</p>").arg(out.join(QStringLiteral(" ")));
}

QString contextHtml(const Item& item, const ItemVerdict* v) {
    const auto states = contextUnitStates(item, v);
    QString out = QStringLiteral("<table class='units' cellspacing='3'>");
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        const QColor fill = unitFill(states[i]), line = unitOutline(states[i]);
        const QString bg = fill.alpha() > 0
                               ? QColor(fill.red(), fill.green(), fill.blue()).lighter(150).name()
                               : QStringLiteral("#ffffff");
        const QString border = line.alpha() > 0 ? line.name() : QStringLiteral("#dddddd");
        out +=
            QStringLiteral(
                "<tr><td style='background:%1;border:2px solid %2;padding:3px'>%3. %4%5</td></tr>")
                .arg(bg, border)
                .arg(i + 1)
                .arg(esc(item.context[i].text))
                .arg(states[i] == ContextUnitState::Plain
                         ? QString()
                         : QStringLiteral(" <i>(%1)</i>").arg(unitStateText(states[i])));
    }
    return out + QStringLiteral("</table>");
}

QString itemHtml(const ReportSection& s) {
    const ItemViewData& d = *s.item;
    const ItemVerdict* v = s.verdict ? &*s.verdict : nullptr;
    QString out =
        QStringLiteral("<p class='question'><b>Question.</b> %1</p>").arg(esc(d.item.question));
    if (v) out += chipsHtml(*v);
    if (v)
        out += QStringLiteral("<p><b>Class step.</b> predicted %1, gold %2</p>")
                   .arg(esc(v->predictedLabel.empty() ? "(none)" : v->predictedLabel),
                        esc(d.item.goldLabel));
    out += QStringLiteral(
        "<p><b>Context</b> (green: cited gold · red: cited, not gold · amber: gold, not "
        "cited)</p>");
    out += contextHtml(d.item, v);
    QStringList gold;
    for (const auto& a : d.item.goldAnswers) gold << esc(a);
    if (v)
        out += QStringLiteral("<p><b>Answer.</b> extracted “%1”, gold %2 (F1 %3)</p>")
                   .arg(esc(v->extractedAnswer), gold.join(QStringLiteral(", ")))
                   .arg(v->answerScore.f1, 0, 'f', 2);
    out += QStringLiteral("<p><b>Raw model output</b></p><pre>%1</pre>").arg(esc(d.prediction));
    return out;
}

QString countsTable(const store::StepTable& t, const QString& step) {
    const auto& c = t.statistics.counts;
    return QStringLiteral(
               "<table class='counts' border='1' cellspacing='0' cellpadding='5'>"
               "<tr><th></th><th>answer ok</th><th>answer wrong</th><th>total</th></tr>"
               "<tr><th>%1 ok</th><td>%2</td><td>%3</td><td>%4</td></tr>"
               "<tr><th>%1 wrong</th><td>%5</td><td>%6</td><td>%7</td></tr>"
               "<tr><th>total</th><td>%8</td><td>%9</td><td>%10</td></tr></table>")
        .arg(step)
        .arg(c.ok_ok)
        .arg(c.ok_bad)
        .arg(c.stepOk())
        .arg(c.bad_ok)
        .arg(c.bad_bad)
        .arg(c.stepBad())
        .arg(c.answerOk())
        .arg(c.answerBad())
        .arg(c.total());
}

QString tablesHtml(const ReportSection& s) {
    const store::RunTables& t = *s.tables;
    QString out =
        QStringLiteral("<p>%1 items with a verdict, answer ok %2</p>").arg(t.items).arg(t.answerOk);
    for (store::TraceStep step :
         {store::TraceStep::Class, store::TraceStep::Retrieval, store::TraceStep::Trace}) {
        const QString name = stepLabel(step);
        out += QStringLiteral("<h3>%1 × answer</h3>").arg(name) + countsTable(t.table(step), name) +
               statisticsHtml(t.table(step), name);
    }
    return out;
}

QString ruleText(const store::Finding& f) {
    QString rule = QString::fromUtf8(store::toString(f.view.rule).data());
    if (f.view.rule == store::VerdictRule::Human)
        rule += f.view.annotator.empty() ? QStringLiteral(" (annotators' majority)")
                                         : QStringLiteral(" (%1)").arg(esc(f.view.annotator));
    return rule;
}

QString imageSource(const QImage& image, int index, bool embed) {
    if (!embed) return QStringLiteral("chart-%1.png").arg(index);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

constexpr QSize kChartSize(960, 480);

const char* kStyle =
    "body{font-family:sans-serif;margin:24px;color:#1d2330}"
    "h1{font-size:22pt}h2{font-size:16pt;border-bottom:1px solid #ccd;margin-top:28px}"
    ".meta{color:#667}.note{background:#fff8dc;padding:6px;border-left:4px solid #e8a317}"
    ".chip{font-weight:bold}pre{background:#f4f5f7;padding:6px;white-space:pre-wrap}"
    "table.counts td{text-align:right}";

}  // namespace

FindingsReport loadFindingsReport(store::Project& project, const QString& projectName) {
    FindingsReport report;
    report.project = projectName;
    for (store::Finding& f : store::listFindings(project)) {
        ReportSection s;
        s.finding = std::move(f);
        const store::Finding& fd = s.finding;
        if (fd.kind == store::FindingKind::Item) {
            s.item = loadItemView(project, fd.runId, fd.runName, fd.itemId);
            s.verdict = s.item->shownVerdict(fd.view);
        } else if (fd.kind == store::FindingKind::Tables) {
            s.tables = store::runTables(project, fd.runId, fd.view, fd.mode);
        } else {
            loadChart(project, s);
        }
        report.sections.push_back(std::move(s));
    }
    return report;
}

QImage renderChart(const ReportSection& s, const QSize& size) {
    QWidget frame;
    frame.setAttribute(Qt::WA_DontShowOnScreen);
    frame.resize(size);
    if (s.finding.chart == "labels") {
        auto* chart = new LabelAccuracyChart(&frame);
        chart->resize(size);
        chart->setBarsTitled(s.bars, s.chartTitle);
    } else {
        auto* chart = new ConditionalChart(&frame);
        chart->resize(size);
        chart->setPoints(s.points, QStringLiteral("trace"), s.chartTitle);
    }
    frame.show();
    return frame.grab().toImage();
}

QString findingsHtml(const FindingsReport& report, bool embedImages) {
    QString html =
        QStringLiteral(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Findings — %1</title>"
            "<style>%2</style></head><body><h1>Findings — %1</h1><p class='meta'>%3 findings, "
            "exported %4 from the project as it was then.</p>")
            .arg(report.project.toHtmlEscaped(), QLatin1String(kStyle))
            .arg(report.sections.size())
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    int chartIndex = 0, n = 0;
    for (const ReportSection& s : report.sections) {
        const store::Finding& f = s.finding;
        html += QStringLiteral("<div style='page-break-before:%1'><h2>%2. %3</h2>")
                    .arg(n == 0 ? QStringLiteral("auto") : QStringLiteral("always"))
                    .arg(n + 1)
                    .arg(esc(f.title));
        ++n;
        html += QStringLiteral("<p class='meta'>%1 · run %2 · %3 rule</p>")
                    .arg(QString::fromUtf8(store::toString(f.kind).data()), esc(f.runName),
                         ruleText(f));
        if (!f.note.empty()) html += QStringLiteral("<p class='note'>%1</p>").arg(esc(f.note));
        if (s.item) html += itemHtml(s);
        if (s.tables) html += tablesHtml(s);
        if (f.kind == store::FindingKind::Chart)
            html += QStringLiteral("<p><img src='%1' width='%2'></p>")
                        .arg(imageSource(embedImages ? renderChart(s, kChartSize) : QImage(),
                                         chartIndex++, embedImages))
                        .arg(kChartSize.width());
        html += QStringLiteral("</div>");
    }
    if (report.sections.empty()) html += QStringLiteral("<p>No findings pinned yet.</p>");
    return html + QStringLiteral("</body></html>");
}

bool writeFindingsHtml(const FindingsReport& report, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    file.write(findingsHtml(report, true).toUtf8());
    if (file.commit()) return true;
    if (error) *error = file.errorString();
    return false;
}

namespace {

// A4 landscape with 15 mm margins: the PDF's pages and the tour's image of one.
QPageLayout reportPageLayout() {
    return QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(15, 15, 15, 15),
                       QPageLayout::Millimeter);
}

// The report laid out in pages of the report's layout at dpi.
void layOutReport(const FindingsReport& report, QTextDocument& doc, int dpi) {
    int chartIndex = 0;
    for (const ReportSection& s : report.sections)
        if (s.finding.kind == store::FindingKind::Chart)
            doc.addResource(QTextDocument::ImageResource,
                            QUrl(QStringLiteral("chart-%1.png").arg(chartIndex++)),
                            renderChart(s, kChartSize));
    doc.setHtml(findingsHtml(report, false));
    doc.setPageSize(reportPageLayout().paintRectPixels(dpi).size());
}

}  // namespace

bool writeFindingsPdf(const FindingsReport& report, const QString& path, QString* error) {
    QPdfWriter writer(path);
    if (!writer.setPageLayout(reportPageLayout())) {
        if (error) *error = QObject::tr("cannot set the page of %1").arg(path);
        return false;
    }
    writer.setTitle(QObject::tr("Findings — %1").arg(report.project));
    writer.setCreator(QStringLiteral("TraceScope"));
    QTextDocument doc;
    layOutReport(report, doc, writer.resolution());
    doc.print(&writer);
    return true;
}

QImage renderReportPage(const FindingsReport& report, int page, int dpi) {
    QTextDocument doc;
    layOutReport(report, doc, dpi);
    const QSizeF size = doc.pageSize();
    QImage image(size.toSize(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.translate(0, -page * size.height());
    doc.drawContents(&painter, QRectF(QPointF(0, page * size.height()), size));
    return image;
}

}  // namespace ts::ui
