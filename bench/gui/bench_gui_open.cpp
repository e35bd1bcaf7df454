// bench_gui_open: the workbench on a project with 1,000,000 predictions.
// Prints the time from opening the project to the first paint of the item
// table and of the statistics tables, the latency of filters (verdict cell,
// label, full-text search, reset) and of a jump deep into the list.
//   bench_gui_open [PROJECT.tsproj] [--items N]
// The project is built on first use (one run, strict and legacy verdicts) and
// kept under the build's bench-data folder.
#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/store/project.h"
#include "core/store/run_writer.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/filter_stack.h"
#include "ui/session/item_list_controller.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;
namespace fs = std::filesystem;

namespace {

const char* const kLabels[] = {"equal", "overlap", "during", "mix"};
const char* const kWords[] = {"river", "castle", "orange", "violin", "harbour", "planet", "lantern"};

// Deterministic verdicts from a mixed hash of the index.
ItemVerdict verdict(const Item& item, long long k, ScoringRuleKind rule) {
    std::uint64_t x = static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL + (rule == ScoringRuleKind::Legacy ? 77 : 0);
    x ^= x >> 31;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 29;
    const int h = static_cast<int>(x % 1000003ULL);
    ItemVerdict v;
    v.itemId = item.id;
    v.rule = rule;
    v.parse = h % 19 == 0 ? ParseStatus::NoTrace : ParseStatus::Ok;
    v.classStep = h % 3 ? StepVerdict::Ok : StepVerdict::Wrong;
    v.retrievalStep = h % 5 == 0 ? StepVerdict::Partial : h % 7 == 0 ? StepVerdict::Wrong : StepVerdict::Ok;
    v.trace = v.classStep == StepVerdict::Ok && v.retrievalStep == StepVerdict::Ok ? StepVerdict::Ok : StepVerdict::Wrong;
    if (rule == ScoringRuleKind::Legacy && h % 13 == 0)
        v.classStep = v.retrievalStep = v.trace = StepVerdict::Unevaluated;
    const bool ok = v.trace == StepVerdict::Ok ? h % 4 != 0 : h % 4 == 0;
    v.answer = ok ? StepVerdict::Ok : StepVerdict::Wrong;
    v.predictedLabel = v.classStep == StepVerdict::Ok ? item.goldLabel : kLabels[(k + 1) % 4];
    v.extractedAnswer = ok ? item.goldAnswers.front() : "something else";
    v.cited = {CitedUnit{1, TextSpan{}, true}};
    v.goldCount = 1;
    v.goldCited = 1;
    v.answerScore.exactMatch = ok;
    v.answerScore.f1 = ok ? 1.0 : 0.0;
    return v;
}

void buildProject(const std::string& path, long long n) {
    std::printf("building %s with %lld predictions (once)...\n", path.c_str(), n);
    QElapsedTimer t;
    t.start();
    Dataset d;
    d.kind = DatasetKind::Generic;
    d.name = "bench-items";
    d.items.reserve(n);
    std::vector<store::PredictionRecord> records;
    records.reserve(n);
    for (long long k = 0; k < n; ++k) {
        Item item;
        item.id = "b/" + std::to_string(k);
        item.split = "test";
        item.question = "Where is the " + std::string(kWords[k % 7]) + " " + std::to_string(k) + "?";
        item.context = {ContextUnit{"The " + std::string(kWords[(k + 1) % 7]) + " is north.", 0},
                        ContextUnit{"The " + std::string(kWords[k % 7]) + " is in town " + std::to_string(k % 997) + ".", 1}};
        item.goldAnswers = {"town " + std::to_string(k % 997)};
        item.goldLabel = kLabels[k % 4];
        item.goldRetrieval = {1};
        store::PredictionRecord r;
        r.itemId = item.id;
        r.text = "<think>The relation is " + item.goldLabel + ". " + item.context[1].text + "</think> <answer>" +
                 item.goldAnswers.front() + (k % 1000 == 7 ? " zeppelin" : "") + "</answer>";
        r.verdicts = {verdict(item, k, ScoringRuleKind::Strict), verdict(item, k, ScoringRuleKind::Legacy)};
        records.push_back(std::move(r));
        d.items.push_back(std::move(item));
    }
    store::Project project = store::Project::create(path);
    store::RunInfo info;
    info.name = "bench-run";
    info.model = "synthetic";
    store::importRun(project, d, info, records);
    std::printf("  built in %.1f s\n", t.elapsed() / 1000.0);
}

// Spins the event loop until done() or timeout; returns milliseconds, -1 on timeout.
template <typename F>
qint64 waitFor(F done, qint64 timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs) return -1;
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return t.elapsed();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("TraceScopeBench"));
    long long n = 1000000;
    std::string path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--items" && i + 1 < argc) n = std::atoll(argv[++i]);
        else path = a;
    }
    if (path.empty()) {
        fs::create_directories(TS_BENCH_DATA_DIR);
        path = std::string(TS_BENCH_DATA_DIR) + "/gui_" + std::to_string(n) + ".tsproj";
    }
    if (!fs::exists(path)) buildProject(path, n);
    std::printf("project: %s (%.0f MB)\n", path.c_str(), fs::file_size(path) / 1e6);

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return 1;
    ItemTablePage* page = window.itemPage();
    ItemTableModel* model = page->model();
    QElapsedTimer clock;
    clock.start();
    window.openProject(QString::fromStdString(path));
    // First paint of the item table: rows in the model and the view repainted.
    const qint64 rowsAt = waitFor([&] { return model->rowCount() > 0 && model->rowAt(0) != nullptr; });
    page->view()->viewport()->repaint();
    const qint64 tablePaint = clock.elapsed();
    const qint64 statsAt = waitFor([&] { return window.statisticsPage()->data().has_value(); });
    window.statisticsPage()->tableView(store::TraceStep::Trace)->viewport()->repaint();
    const qint64 statsPaint = clock.elapsed();
    if (rowsAt < 0 || statsAt < 0) {
        std::printf("timed out waiting for the first results\n");
        return 1;
    }
    std::printf("rows listed: %lld (%s)\n", model->totalRows(), model->isComplete() ? "complete" : "paged");
    std::printf("open -> item table painted:  %lld ms\n", tablePaint);
    std::printf("open -> statistics painted:  %lld ms (tables %s)\n", statsPaint,
                window.statisticsPage()->data()->tables.fromCache ? "from cache" : "computed");

    auto timeFilter = [&](const char* name, auto apply) {
        std::vector<double> samples;
        for (int rep = 0; rep < 3; ++rep) {
            page->filters()->reset();
            waitFor([&] { return !page->controller()->busy(); });
            QElapsedTimer t;
            t.start();
            apply();
            waitFor([&] { return !page->controller()->busy() && model->rowAt(0) != nullptr; });
            page->view()->viewport()->repaint();
            samples.push_back(double(t.elapsed()));
        }
        std::printf("filter %-34s %7.0f ms (median of 3) -> %lld rows\n", name, median(samples), model->totalRows());
    };
    timeFilter("trace ok / answer wrong (cell):", [&] { page->filterToCell({store::TraceStep::Trace, true, false}); });
    timeFilter("class wrong:", [&] {
        store::ItemFilter f;
        f.classStep = StepVerdict::Wrong;
        page->filters()->push(f);
    });
    timeFilter("label during:", [&] {
        store::ItemFilter f;
        f.goldLabel = "during";
        page->filters()->push(f);
    });
    timeFilter("text \"zeppelin\" (FTS):", [&] {
        store::ItemFilter f;
        f.text = "zeppelin";
        page->filters()->push(f);
    });
    timeFilter("text \"castle\" (FTS, 1/7 of rows):", [&] {
        store::ItemFilter f;
        f.text = "castle";
        page->filters()->push(f);
    });
    page->filters()->reset();
    waitFor([&] { return !page->controller()->busy(); });
    // A jump deep into the list fetches one page.
    QElapsedTimer jump;
    jump.start();
    const int deep = static_cast<int>(std::min<long long>(model->rowCount() - 1, 900000));
    page->view()->scrollTo(model->index(deep, 0));
    page->view()->viewport()->repaint();
    const qint64 jumped = waitFor([&] { return model->rowAt(deep) != nullptr; });
    page->view()->viewport()->repaint();
    std::printf("jump to row %d -> rows painted: %lld ms\n", deep, jumped < 0 ? -1 : jump.elapsed());
    std::printf("targets: first paint well under 1000 ms, filter under 100 ms\n");
    window.close();
    return 0;
}
