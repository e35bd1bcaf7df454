#pragma once
// The statistics as text: a rich-text summary for the statistics page, and
// the tables the page shows as an export file - through core's one table
// formatter, so an export holds exactly what `tracescope-cli tables` prints.
#include <QString>

#include "core/store/table_report.h"
#include "ui/session/statistics_loader.h"

namespace ts::ui {

// "0.073", "3.2e-12", "< 1e-300" (from the log when p underflows), "–" for NaN.
QString formatP(double p, double logP);
// A number with `digits` decimals, "–" for NaN, "∞" for infinities.
QString formatNumber(double value, int digits = 3);

// The statistics of one step table for the page (rich text, several lines).
QString statisticsHtml(const store::StepTable& table, const QString& stepName);

// The tables the statistics page shows (a run's or pooled ones; under the
// human rule with the rule-versus-human agreement) as an export document.
std::string tablesExportText(const StatisticsData& data, const std::string& runName, store::TableFormat format);

// The row/column labels of a step table: {"trace ok", "trace wrong"}.
QString stepLabel(store::TraceStep step);

}  // namespace ts::ui
