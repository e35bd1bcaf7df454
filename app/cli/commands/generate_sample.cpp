// tracescope-cli generate-sample: writes the project's sample data (bAbI-style
// stories, CoTempQA-style temporal questions, free-form traces of the task-1
// stories and a demo free-form run) from its own generators.
#include <charconv>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/data/generators/sample_data.h"

namespace {

std::uint64_t parseSeed(const std::string& text) {
    std::uint64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size())
        throw ts::cli::UsageError("--seed expects a non-negative integer, got '" + text + "'");
    return v;
}

int runGenerateSample(const std::vector<std::string>& args) {
    const ts::SampleDataOptions defaults;
    ts::cli::ArgParser parser(
        "tracescope-cli generate-sample --out DIR [--seed N]",
        "Writes the sample datasets: bAbI-style stories (tasks 1, 2, 6, 7; "
        "qaN_<task>_{train,test}.txt) under "
        "DIR/babi, CoTempQA-style questions (equal, overlap, during, mix JSON Lines) under "
        "DIR/cotempqa/{train,test}, free-form traces of the task-1 first questions "
        "(DIR/traces/babi/{free-form,summary,explanation}.jsonl) and a demo free-form run "
        "(DIR/runs/babi/free-form-predictions.jsonl). The same seed always writes the same "
        "bytes; sample_data/ is seed " +
            std::to_string(defaults.seed) + ".");
    parser.option("--out", "DIR", "output folder (created if missing)")
        .option("--seed", "N", "generator seed", std::to_string(defaults.seed));
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    ts::SampleDataOptions options;
    options.seed = parseSeed(a.get("--seed"));
    const auto written = ts::writeSampleData(a.get("--out"), options);
    for (const auto& p : written) std::printf("%s\n", p.string().c_str());
    std::fprintf(stderr, "wrote %zu sample files (seed %llu)\n", written.size(),
                 static_cast<unsigned long long>(options.seed));
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"generate-sample", "write the project's sample datasets", &runGenerateSample}};

}  // namespace
