// tracescope-cli logits: the next-token logits of one token sequence, as JSON
// (one row of vocabulary floats per position) or as a top-k summary.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/model_options.h"
#include "core/model/causal_lm.h"

namespace {

namespace model = ts::model;

void printJson(const model::Logits& l) {
    std::string out = "{\"logits\": [";
    char buf[32];
    for (std::int64_t t = 0; t < l.seq; ++t) {
        out += t ? ",\n[" : "\n[";
        const float* row = l.row(0, t);
        for (std::int64_t v = 0; v < l.vocab; ++v) {
            if (v) out += ',';
            if (std::isfinite(row[v])) {
                std::snprintf(buf, sizeof buf, "%.9g",
                              static_cast<double>(row[v]));  // float32 round-trips
                out += buf;
            } else {
                out += "null";
            }
        }
        out += ']';
    }
    out += "]}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

void printTop(const model::Logits& l, const std::vector<std::int64_t>& ids, int k) {
    std::printf("logits: %lld positions x %lld vocabulary\n", (long long)l.seq, (long long)l.vocab);
    std::vector<std::int64_t> order(static_cast<std::size_t>(l.vocab));
    for (std::int64_t t = 0; t < l.seq; ++t) {
        const float* row = l.row(0, t);
        std::iota(order.begin(), order.end(), 0);
        const auto kk = std::min<std::int64_t>(k, l.vocab);
        std::partial_sort(order.begin(), order.begin() + kk, order.end(),
                          [&](std::int64_t a, std::int64_t b) { return row[a] > row[b]; });
        std::printf("  pos %lld (id %lld) top:", (long long)t,
                    (long long)ids[static_cast<std::size_t>(t)]);
        for (std::int64_t i = 0; i < kk; ++i)
            std::printf(" %lld:%.4f", (long long)order[static_cast<std::size_t>(i)],
                        row[order[static_cast<std::size_t>(i)]]);
        std::printf("\n");
    }
}

int runLogits(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli logits --model DIR [--adapter DIR] --ids 1,2,3 [--json]",
        "Runs one forward pass and prints the logits of every position: with --json as "
        "{\"logits\": [[...vocab floats...], ...one row per position]}, otherwise the top "
        "tokens per position.");
    ts::cli::addModelOptions(p);
    p.option("--ids", "IDS", "comma-separated token ids")
        .flag("--json", "print all logits as JSON");
    p.option("--top", "K", "tokens per position in the summary", "5");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const auto ids = ts::cli::parseIdList(a.get("--ids"), "--ids");
    auto lm = ts::cli::loadModel(a);
    const auto logits = lm.logits(ids);
    if (a.flag("--json"))
        printJson(logits);
    else
        printTop(logits, ids, a.getInt("--top"));
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{{"logits", "print a model's logits for a token sequence", &runLogits}};

}  // namespace
