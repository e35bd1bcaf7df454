#pragma once
// The statistics as text: a rich-text summary for the statistics page and
// the current run's three tables as CSV, Markdown or LaTeX for export. Core
// has no table formatter yet (tracescope-cli prints its own text); these only
// lay out numbers core computed, so switching to a core formatter later
// changes nothing else.
#include <QString>

#include "core/store/run_tables.h"

namespace ts::ui {

enum class TableFormat { Csv, Markdown, Latex };

// "0.073", "3.2e-12", "< 1e-300" (from the log when p underflows), "–" for NaN.
QString formatP(double p, double logP);
// A number with `digits` decimals, "–" for NaN, "∞" for infinities.
QString formatNumber(double value, int digits = 3);

// The statistics of one step table for the page (rich text, several lines).
QString statisticsHtml(const store::StepTable& table, const QString& stepName);

// The three step x answer tables of a run with counts, percentages and
// statistics, in one document of the given format.
QString formatRunTables(const store::RunTables& tables, const QString& runName, TableFormat format);

// The row/column labels of a step table: {"trace ok", "trace wrong"}.
QString stepLabel(store::TraceStep step);

}  // namespace ts::ui
