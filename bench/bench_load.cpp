// bench_load: how fast the dataset loaders turn the real files into Items,
// against a parse-only baseline measured in the same run on the same bytes:
//   cotempqa  all raw class files; baseline = read lines + nlohmann::json::parse
//   babi      all bAbI en task files; baseline = read lines + split "N text" / TABs
//   sft-csv   the paper's CoTempQA SFT test.csv; baseline = RFC 4180 parse only
// The loaders do more than the baselines (typed field checks, Item building,
// the decomposition rule's gold class and retrieval), so the ratio says what
// that costs. Usage: bench_load [repetitions=5]. Exits 0 with a message when
// ../shared/data is absent.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/csv.h"
#include "core/data/dataset_loader.h"
#include "core/util/file_io.h"
#include "core/util/paths.h"
#include "core/util/text.h"

namespace fs = std::filesystem;

namespace {

// CPU seconds of this thread: the build machine is shared, so wall time
// measures the neighbours as much as the loaders.
double threadSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Best (minimum) CPU seconds over reps runs of fn; fn returns a count that is
// checked to be the same every run (and keeps the work from being optimised out).
double bestSeconds(int reps, const std::function<std::size_t()>& fn, std::size_t& count) {
    double best = 1e30;
    for (int r = 0; r < reps; ++r) {
        const double t0 = threadSeconds();
        const std::size_t n = fn();
        const double s = threadSeconds() - t0;
        if (r > 0 && n != count) {
            std::fprintf(stderr, "bench_load: count changed between runs (%zu vs %zu)\n", n, count);
            std::exit(1);
        }
        count = n;
        best = std::min(best, s);
    }
    return best;
}

std::size_t totalBytes(const std::vector<fs::path>& files) {
    std::size_t n = 0;
    for (const auto& f : files) n += fs::file_size(f);
    return n;
}

std::size_t loadItems(const std::vector<fs::path>& files) {
    std::size_t items = 0;
    for (const auto& f : files) items += ts::loadDataset({f}).items.size();
    return items;
}

std::size_t jsonLinesBaseline(const std::vector<fs::path>& files) {
    std::size_t records = 0;
    std::string line;
    for (const auto& f : files) {
        ts::LineReader reader(f);
        while (reader.next(line)) {
            if (ts::trimView(line).empty()) continue;
            const auto v = nlohmann::json::parse(line);
            records += v.is_object();
        }
    }
    return records;
}

std::size_t babiLinesBaseline(const std::vector<fs::path>& files) {
    std::size_t questions = 0;
    std::string line;
    for (const auto& f : files) {
        ts::LineReader reader(f);
        while (reader.next(line)) {
            const auto space = line.find(' ');
            const std::string_view body = std::string_view(line).substr(space + 1);
            if (body.find('\t') != std::string_view::npos)
                questions += ts::split(body, '\t').size() == 3;
        }
    }
    return questions;
}

std::size_t csvBaseline(const std::vector<fs::path>& files) {
    std::size_t rows = 0;
    for (const auto& f : files) rows += ts::readCsv(f).rows.size();
    return rows;
}

struct Case {
    std::string name;
    std::vector<fs::path> files;
    std::function<std::size_t(const std::vector<fs::path>&)> baseline;
    std::string baselineName;
};

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const fs::path shared = ts::sharedDataDir();
    if (shared.empty() || !fs::exists(shared / "cotempqa") || !fs::exists(shared / "babi" / "en")) {
        std::printf(
            "bench_load: ../shared/data (or TRACESCOPE_SHARED_DATA) not found; nothing to "
            "measure\n");
        return 0;
    }
    std::vector<fs::path> babi;
    for (const auto& e : fs::directory_iterator(shared / "babi" / "en"))
        if (e.path().extension() == ".txt") babi.push_back(e.path());
    std::sort(babi.begin(), babi.end());
    std::vector<fs::path> cotemp;
    for (const char* c : {"equal", "overlap", "during", "mix"})
        if (fs::exists(shared / "cotempqa" / (std::string(c) + ".json")))
            cotemp.push_back(shared / "cotempqa" / (std::string(c) + ".json"));
    std::vector<Case> cases = {
        {"cotempqa", cotemp, jsonLinesBaseline, "lines + json::parse"},
        {"babi-en", babi, babiLinesBaseline, "lines + split"},
    };
    const fs::path sft =
        shared / "cotempqa" / "sft_dataset_reasoning_with_facts_chat_template" / "test.csv";
    if (fs::exists(sft)) cases.push_back({"sft-csv", {sft}, csvBaseline, "csv parse"});

    std::printf(
        "bench_load: best of %d runs, thread CPU time (bAbI items = first question per story)\n\n",
        reps);
    std::printf("%-9s %5s %7s %7s | %12s %9s | %-20s %9s | %8s\n", "format", "files", "items", "MB",
                "load items/s", "load MB/s", "baseline", "MB/s", "load/base");
    for (const Case& c : cases) {
        const double mb = static_cast<double>(totalBytes(c.files)) / 1e6;
        std::size_t items = 0, records = 0;
        ts::loadDataset({c.files.front()});  // warm the page cache and lazy statics
        const double load = bestSeconds(
            reps, [&] { return loadItems(c.files); }, items);
        const double base = bestSeconds(
            reps, [&] { return c.baseline(c.files); }, records);
        std::printf("%-9s %5zu %7zu %7.2f | %12.0f %9.1f | %-20s %9.1f | %7.2fx\n", c.name.c_str(),
                    c.files.size(), items, mb, items / load, mb / load, c.baselineName.c_str(),
                    mb / base, load / base);
    }
    std::printf(
        "\nload/base = load time / baseline time on the same bytes (1.00x = no overhead)\n");
    return 0;
}
