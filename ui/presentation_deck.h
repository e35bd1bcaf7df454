#pragma once
// What presentation mode shows: the findings in their order (every pinned
// item, the three tables of a pinned run, a pinned chart drawn as an image,
// each with its note) when there are findings; otherwise the current run's
// three tables and the items the current filter lists (none when the list
// is unfiltered: a thousand slides help nobody).
#include <vector>

#include "ui/export/findings_report.h"
#include "ui/pages/presentation_window.h"

namespace ts::ui {

class ItemTablePage;
struct StatisticsData;

// The findings report as slides.
std::vector<Slide> findingsDeck(const FindingsReport& report);
// The current run's tables and the filtered items (at most maxItems).
std::vector<Slide> filterDeck(const StatisticsData* statistics, const QString& runName,
                              long long runId, const ItemTablePage& items, int maxItems = 500);

}  // namespace ts::ui
