// bench_store: a project with 1,000,000 synthetic predictions, each with a
// strict and a legacy verdict, then the queries the GUI runs on it: the 2x2
// tables (GROUP BY and cached), a verdict-filtered item page and its count,
// and full-text search - each against a baseline measured in the same run
// (the uncached GROUP BY, a LIKE scan instead of FTS5).
//   bench_store [N=1000000] [DIR=/tmp] [--open-only]   (--open-only: the open checks on
//   the project a previous run left in DIR)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/store/catalog.h"
#include "core/store/item_query.h"
#include "core/store/own_files.h"
#include "core/store/project.h"
#include "core/store/run_tables.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/schema_check.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Median wall time of `repeats` calls, in milliseconds.
double medianMs(int repeats, const std::function<void()>& f) {
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto t = Clock::now();
        f();
        times.push_back(1000.0 * secondsSince(t));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 31;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 29;
    return x;
}

// Words "w0".."w9999": word w appears in about N/10000 items, so "w42" is rare
// (~100 items per million) while "city" is in every question.
std::string word(std::uint64_t h) { return "w" + std::to_string(h % 10000); }

const char* const kLabels[] = {"equal", "overlap", "during", "mix"};

ts::Dataset makeDataset(int n) {
    ts::Dataset d;
    d.kind = ts::DatasetKind::Generic;
    d.name = "bench";
    d.items.resize(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
        const std::uint64_t h = mix(static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL);
        ts::Item& item = d.items[static_cast<std::size_t>(k)];
        item.id = "b/" + std::to_string(k);
        item.question = "Which city hosted " + word(h) + " event " + std::to_string(k) + "?";
        for (int u = 0; u < 3; ++u)
            item.context.push_back({"The " + word(h >> (8 * (u + 1))) + " event was held in city " +
                                        std::to_string((k + u) % 997) + ".",
                                    -1});
        item.goldAnswers = {"city " + std::to_string(k % 997)};
        item.goldLabel = kLabels[h % 4];
        item.goldRetrieval = {0};
    }
    return d;
}

ts::ItemVerdict makeVerdict(const ts::Item& item, std::uint64_t h, ts::ScoringRuleKind rule) {
    using ts::StepVerdict;
    ts::ItemVerdict v;
    v.itemId = item.id;
    v.rule = rule;
    v.parse = h % 23 == 0 ? ts::ParseStatus::NoTrace : ts::ParseStatus::Ok;
    const bool unevaluated = rule == ts::ScoringRuleKind::Legacy && h % 19 == 0;
    v.classStep = unevaluated ? StepVerdict::Unevaluated : (h % 5 != 0 ? StepVerdict::Ok : StepVerdict::Wrong);
    v.retrievalStep = unevaluated ? StepVerdict::Unevaluated
                      : h % 7 == 0 ? StepVerdict::Partial
                      : h % 3 == 0 ? StepVerdict::Wrong
                                   : StepVerdict::Ok;
    v.trace = unevaluated ? StepVerdict::Unevaluated
              : (v.classStep == StepVerdict::Ok && v.retrievalStep == StepVerdict::Ok) ? StepVerdict::Ok
                                                                                         : StepVerdict::Wrong;
    const bool answerOk = v.trace == StepVerdict::Ok ? (h >> 20) % 10 < 7 : (h >> 20) % 10 < 3;
    v.answer = answerOk ? StepVerdict::Ok : StepVerdict::Wrong;
    v.predictedLabel = v.classStep == StepVerdict::Ok ? item.goldLabel : kLabels[(h >> 8) % 4];
    v.extractedAnswer = answerOk ? item.goldAnswers[0] : "somewhere else";
    v.cited = {ts::CitedUnit{0, ts::TextSpan{40, 80}, true}};
    v.goldCount = 1;
    v.goldCited = 1;
    v.retrievalPrecision = 1.0;
    v.answerScore.exactMatch = answerOk;
    v.answerScore.f1 = answerOk ? 1.0 : 0.0;
    v.evidence.goldLabel = item.goldLabel;
    return v;
}

std::vector<ts::store::PredictionRecord> makePredictions(const ts::Dataset& d) {
    std::vector<ts::store::PredictionRecord> out(d.items.size());
    for (std::size_t k = 0; k < d.items.size(); ++k) {
        const ts::Item& item = d.items[k];
        const std::uint64_t h = mix(static_cast<std::uint64_t>(k) * 0xBF58476D1CE4E5B9ULL + 7);
        auto& p = out[k];
        p.itemId = item.id;
        p.text = "assistant <think>The temporal relation is: " + item.goldLabel +
                 ".\nI need to use the following facts: " + item.context[0].text + "</think> <answer>" +
                 item.goldAnswers[0] + " " + word(h) + "</answer>";
        p.verdicts = {makeVerdict(item, h, ts::ScoringRuleKind::Strict),
                      makeVerdict(item, h, ts::ScoringRuleKind::Legacy)};
    }
    return out;
}

}  // namespace

// What opening a file from someone else costs on this project (issue: open
// a colleague's .tsproj safely): the schema check against the migrations'
// schema, SQLite's quick_check, and a whole read-only open, each against
// the bare connection (header reads only) measured in the same run.
// What opening costs, by check: must run before anything else in the process
// verifies a schema, so the first schema check is cold (it builds the
// reference schema from the migrations).
void reportOpenChecks(const std::string& path) {
    const double bare = medianMs(5, [&] {
        ts::store::Database db(path, ts::store::Database::Mode::OpenExisting);
        (void)db.queryInt("PRAGMA application_id");
        (void)db.queryInt("PRAGMA user_version");
    });
    const auto schemaCheck = [&] {
        ts::store::Database db(path, ts::store::Database::Mode::OpenExisting);
        ts::store::verifySchema(db, ts::store::kSchemaVersion);
    };
    const double schemaCold = medianMs(1, schemaCheck);
    const double schema = medianMs(5, schemaCheck);
    const double quick = medianMs(3, [&] {
        ts::store::Database db(path, ts::store::Database::Mode::OpenExisting);
        (void)db.queryText("PRAGMA quick_check(1)");
    });
    std::printf(
        "  open checks: bare connection %.2f ms; + schema check %.2f ms (adds %.2f ms; the first "
        "in a process %.2f ms); quick_check %.0f ms\n",
        bare, schema, schema - bare, schemaCold - bare, quick);
    // The same file as a colleague's (not in this machine's record) and as
    // our own (recorded when the last Project on it closed).
    const std::string record = ts::store::ownFilesRecordPath();
    std::filesystem::remove(record);
    const double foreign = medianMs(3, [&] { (void)ts::store::Project::openReadOnly(path); });
    { (void)ts::store::Project::open(path); }
    const double own = medianMs(3, [&] { (void)ts::store::Project::openReadOnly(path); });
    const double ownReadWrite = medianMs(3, [&] { (void)ts::store::Project::open(path); });
    std::printf(
        "  whole open: a file not in the record (read-only) %.0f ms; this machine's own file "
        "(quick_check skipped) read-only %.1f ms, read-write %.1f ms (%.0fx faster)\n",
        foreign, own, ownReadWrite, foreign / own);
}

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::stoi(argv[1]) : 1000000;
    const std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp";
    const std::string path = (dir / "bench_store.tsproj").string();
    // Its own record of this machine's project files (own_files.h), not the user's.
    ::setenv("TRACESCOPE_STATE_DIR", (dir / "bench_store-state").c_str(), 1);
    if (argc > 3 && std::string(argv[3]) == "--open-only") {
        // The open checks alone, on the project an earlier run left behind.
        std::printf("bench_store --open-only: %s\n", path.c_str());
        reportOpenChecks(path);
        return 0;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    std::printf("bench_store: %d predictions x 2 rules, project %s\n", n, path.c_str());
    auto t = Clock::now();
    const ts::Dataset dataset = makeDataset(n);
    const auto predictions = makePredictions(dataset);
    std::printf("  generate in memory        %8.2f s\n", secondsSince(t));

    {
        auto project = ts::store::Project::create(path);
        t = Clock::now();
        ts::store::RunInfo run;
        run.name = "bench-run";
        ts::store::importRun(project, dataset, run, predictions);
        const double s = secondsSince(t);
        std::printf("  import (one transaction)  %8.2f s  (%.0f predictions/s, items and FTS included)\n", s,
                    n / s);
    }
    std::printf("  file size                 %8.1f MB\n",
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);

    reportOpenChecks(path);
    auto project = ts::store::Project::open(path);
    const long long runId = ts::store::runSummary(project, "bench-run").id;

    const double groupBy = medianMs(3, [&] {
        project.db().exec("DELETE FROM table_cache");
        ts::store::runTables(project, runId, ts::ScoringRuleKind::Strict);
    });
    const double cached = medianMs(20, [&] { ts::store::runTables(project, runId, ts::ScoringRuleKind::Strict); });
    const auto tables = ts::store::runTables(project, runId, ts::ScoringRuleKind::Strict);
    std::printf("  tables, GROUP BY + stats  %8.2f ms  (trace table %lld/%lld/%lld/%lld, chi2 %.0f)\n", groupBy,
                tables.trace.statistics.counts.ok_ok, tables.trace.statistics.counts.ok_bad,
                tables.trace.statistics.counts.bad_ok, tables.trace.statistics.counts.bad_bad,
                tables.trace.statistics.chiSquare);
    std::printf("  tables, cached            %8.2f ms  (%.0fx faster than GROUP BY)\n", cached, groupBy / cached);

    ts::store::ItemFilter filter;
    filter.trace = ts::StepVerdict::Ok;
    filter.answer = ts::StepVerdict::Wrong;
    filter.limit = 200;
    std::size_t rows = 0;
    long long count = 0;
    const double page = medianMs(5, [&] { rows = ts::store::findItems(project, runId, filter).size(); });
    const double counted = medianMs(3, [&] { count = ts::store::countItems(project, runId, filter); });
    std::printf("  filter trace ok & answer wrong: first 200 rows %.2f ms, count %.1f ms (%lld items)\n", page,
                counted, count);
    ts::store::ItemFilter cell;
    cell.view = ts::ScoringRuleKind::Legacy;
    cell.cell = ts::store::TableCell{ts::store::TraceStep::Class, false, true};
    cell.goldLabel = "mix";
    cell.limit = 200;
    const double cellPage = medianMs(5, [&] { rows = ts::store::findItems(project, runId, cell).size(); });
    const double cellCount = medianMs(3, [&] { count = ts::store::countItems(project, runId, cell); });
    std::printf("  filter legacy class-wrong/answer-ok cell, label mix: first 200 %.2f ms, count %.1f ms (%lld)\n",
                cellPage, cellCount, count);

    ts::store::ItemFilter search;
    search.text = "w4242";
    search.limit = 200;
    const double ftsPage = medianMs(5, [&] { rows = ts::store::findItems(project, runId, search).size(); });
    const double ftsCount = medianMs(5, [&] { count = ts::store::countItems(project, runId, search); });
    long long likeCount = 0;
    const double like = medianMs(1, [&] {
        likeCount = project.db().queryInt(
            "SELECT COUNT(*) FROM predictions p JOIN items i ON i.id = p.item_id WHERE p.run_id = " +
            std::to_string(runId) +
            " AND (i.question LIKE '% w4242 %' OR p.raw_text LIKE '% w4242<%' OR EXISTS (SELECT 1 FROM "
            "context_units c WHERE c.item_id = i.id AND c.text LIKE '% w4242 %'))");
    });
    std::printf("  search 'w4242': first page %.2f ms (%zu rows), count %.2f ms (%lld items); LIKE scan %.0f ms "
                "(%lld items) -> FTS5 %.0fx faster\n",
                ftsPage, rows, ftsCount, count, like, likeCount, like / ftsCount);
    search.text = "w4242 mix";
    const double ftsTwo = medianMs(5, [&] { count = ts::store::countItems(project, runId, search); });
    std::printf("  search 'w4242 mix': count %.2f ms (%lld items)\n", ftsTwo, count);
    return 0;
}
