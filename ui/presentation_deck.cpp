#include "ui/presentation_deck.h"

#include "ui/export/table_formats.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/item_table_page.h"
#include "ui/session/filter_stack.h"
#include "ui/session/statistics_loader.h"

namespace ts::ui {

namespace {

constexpr store::TraceStep kSteps[] = {store::TraceStep::Class, store::TraceStep::Retrieval,
                                       store::TraceStep::Trace};

void addTables(std::vector<Slide>& deck, const store::RunTables& tables, const QString& runName,
               const QString& note) {
    for (store::TraceStep step : kSteps) {
        Slide s;
        s.kind = Slide::Kind::Table;
        s.title = QObject::tr("%1 × answer — %2 (%3 rule)")
                      .arg(stepLabel(step), runName,
                           QString::fromUtf8(store::toString(tables.view.rule).data()));
        s.note = note;
        s.tables = tables;
        s.step = step;
        deck.push_back(std::move(s));
    }
}

}  // namespace

std::vector<Slide> findingsDeck(const FindingsReport& report) {
    std::vector<Slide> deck;
    for (const ReportSection& r : report.sections) {
        const store::Finding& f = r.finding;
        const QString note = QString::fromStdString(f.note);
        if (r.tables) {
            addTables(deck, *r.tables, QString::fromStdString(f.runName), note);
            continue;
        }
        Slide s;
        s.title = QString::fromStdString(f.title);
        s.note = note;
        if (f.kind == store::FindingKind::Item) {
            s.kind = Slide::Kind::Item;
            s.runId = f.runId;
            s.itemId = QString::fromStdString(f.itemId);
        } else {
            s.kind = Slide::Kind::Chart;
            s.image = renderChart(r, {1400, 700});
        }
        deck.push_back(std::move(s));
    }
    return deck;
}

std::vector<Slide> filterDeck(const StatisticsData* statistics, const QString& runName,
                              long long runId, const ItemTablePage& items, int maxItems) {
    std::vector<Slide> deck;
    if (statistics) addTables(deck, statistics->tables, runName, {});
    if (runId == 0 || !items.filters()->canGoBack()) return deck;  // unfiltered: the tables only
    const ItemTableModel& model = *items.model();
    const QString filter = describeFilter(items.filters()->current());
    for (int row = 0; row < model.rowCount() && static_cast<int>(deck.size()) < maxItems + 3;
         ++row) {
        const store::ItemRow* r = model.rowAt(row);
        if (!r) continue;  // a page not loaded yet
        Slide s;
        s.kind = Slide::Kind::Item;
        s.title = QStringLiteral("%1 · %2").arg(QString::fromStdString(r->itemId), filter);
        s.runId = runId;
        s.itemId = QString::fromStdString(r->itemId);
        deck.push_back(std::move(s));
    }
    return deck;
}

}  // namespace ts::ui
