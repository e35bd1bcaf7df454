#pragma once
// The findings as a report for a lab meeting: every pinned item, table and
// chart in its order with its note, read from the project as it is now, as
// one self-contained HTML file (styles inline, charts as embedded PNG) or a
// PDF (QPdfWriter, one finding per page). Presentation mode shows the same
// sections. Loading reads the store (any thread); rendering draws charts and
// so runs on the GUI thread.
#include <QImage>
#include <QString>

#include <optional>
#include <vector>

#include "core/store/findings.h"
#include "core/store/run_tables.h"
#include "ui/charts/charts.h"
#include "ui/session/item_view_data.h"

namespace ts::ui {

struct ReportSection {
    store::Finding finding;
    // Kind Item: the item with its verdict under the finding's rule.
    std::optional<ItemViewData> item;
    std::optional<ItemVerdict> verdict;
    // Kind Tables: the run's three tables under the finding's rule.
    std::optional<store::RunTables> tables;
    // Kind Chart: the points (conditional) or bars (labels) it draws.
    std::vector<ConditionalPoint> points;
    std::vector<LabelBar> bars;
    QString chartTitle;
};

struct FindingsReport {
    QString project;  // the project file's name
    std::vector<ReportSection> sections;
};

FindingsReport loadFindingsReport(store::Project& project, const QString& projectName);

// A chart section drawn at the given size (GUI thread).
QImage renderChart(const ReportSection& section, const QSize& size);

// The whole report as HTML. Charts are <img src="chart-N.png"> when
// embedImages is false (the PDF adds them as document resources), else data
// URIs, so the file stands alone.
QString findingsHtml(const FindingsReport& report, bool embedImages);

bool writeFindingsHtml(const FindingsReport& report, const QString& path, QString* error);
bool writeFindingsPdf(const FindingsReport& report, const QString& path, QString* error);
// One page (0-based) of the PDF's layout as an image at dpi (GUI thread).
QImage renderReportPage(const FindingsReport& report, int page, int dpi = 96);

}  // namespace ts::ui
