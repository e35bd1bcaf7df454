// tracescope-cli datasets: look at a dataset the way the workbench will see
// it (inspect) and turn any supported source into the native JSON Lines file
// (convert). All parsing and counting is core/data; this file only prints.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/load_option_args.h"
#include "core/data/dataset_loader.h"
#include "core/data/jsonl_dataset.h"
#include "core/decompose/rule.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace {

namespace fs = std::filesystem;
using ts::cli::UsageError;

void addLoadOptions(ts::cli::ArgParser& parser) {
    parser.option("--format", "F", "auto, cotempqa, babi, msmarco, trace-check-qa-csv or jsonl",
                  "auto");
    ts::cli::addLoadChoiceOptions(parser);
}

ts::DatasetFormat formatOption(const ts::cli::ParsedArgs& a) {
    try {
        return ts::parseDatasetFormat(a.get("--format"));
    } catch (const ts::Error& e) {
        throw UsageError(e.message());
    }
}

ts::LoadOptions loadOptions(const ts::cli::ParsedArgs& a) {
    ts::LoadOptions o;
    ts::cli::applyLoadChoices(a, o);
    if (::isatty(STDERR_FILENO)) {
        // A one-line progress display for big files; cleared when done.
        o.progress = ts::ProgressSink([](const ts::Progress& p) {
            std::fprintf(stderr, "\r%3d%% %-60.60s", static_cast<int>(p.fraction * 100),
                         p.message.c_str());
            if (p.fraction >= 1.0) std::fprintf(stderr, "\r%-66s\r", "");
            return true;
        });
    }
    return o;
}

std::vector<fs::path> inputPaths(const ts::cli::ParsedArgs& a) {
    std::vector<fs::path> out;
    for (std::size_t i = 1; i < a.positionals().size(); ++i) out.emplace_back(a.positionals()[i]);
    if (out.empty()) throw UsageError("missing argument PATH");
    return out;
}

ts::Dataset load(const ts::cli::ParsedArgs& a) {
    const std::vector<fs::path> paths = inputPaths(a);
    const ts::DatasetFormat format = formatOption(a);
    const ts::LoadOptions options = loadOptions(a);
    for (const fs::path& p : paths) {
        const ts::DatasetFormat f =
            format == ts::DatasetFormat::Auto ? ts::detectFormat(p) : format;
        std::printf("file   %s  [%s%s]\n", p.string().c_str(),
                    std::string(ts::datasetFormatName(f)).c_str(),
                    format == ts::DatasetFormat::Auto ? ", detected" : "");
    }
    return ts::loadDataset(paths, format, options);
}

std::string orDash(const std::string& s) {
    return s.empty() ? "-" : s;
}

void printCounts(const ts::Dataset& ds) {
    std::size_t units = 0;
    std::map<std::string, std::map<std::string, std::size_t>> bySplit;  // split -> label -> n
    std::set<std::string> labels;
    std::map<std::size_t, std::size_t> retrievalSizes;
    for (const ts::Item& item : ds.items) {
        units += item.context.size();
        ++bySplit[orDash(item.split)][orDash(item.goldLabel)];
        labels.insert(orDash(item.goldLabel));
        ++retrievalSizes[item.goldRetrieval.size()];
    }
    std::printf("\ndataset %s (kind %s): %zu items, %zu context units\n", ds.name.c_str(),
                std::string(ts::datasetKindName(ds.kind)).c_str(), ds.items.size(), units);

    std::size_t width = 5;
    for (const auto& l : labels) width = std::max(width, l.size());
    std::printf("\nitems per split and label\n  %-*s", static_cast<int>(width), "label");
    for (const auto& [split, _] : bySplit) std::printf(" %8s", split.c_str());
    std::printf(" %8s\n", "total");
    for (const auto& label : labels) {
        std::size_t total = 0;
        std::printf("  %-*s", static_cast<int>(width), label.c_str());
        for (const auto& [split, counts] : bySplit) {
            const auto it = counts.find(label);
            const std::size_t n = it == counts.end() ? 0 : it->second;
            total += n;
            std::printf(" %8zu", n);
        }
        std::printf(" %8zu\n", total);
    }
    std::printf("  %-*s", static_cast<int>(width), "total");
    for (const auto& [split, counts] : bySplit) {
        std::size_t n = 0;
        for (const auto& [_, c] : counts) n += c;
        std::printf(" %8zu", n);
    }
    std::printf(" %8zu\n", ds.items.size());

    std::printf("\ngold retrieval set size (units per item)\n");
    std::size_t most = 1;
    for (const auto& [_, n] : retrievalSizes) most = std::max(most, n);
    for (const auto& [size, n] : retrievalSizes)
        std::printf("  %3zu %8zu  %s\n", size, n,
                    std::string(n * 40 / most + (n > 0 && n * 40 < most), '#').c_str());
}

void printFirstItem(const ts::Dataset& ds) {
    if (ds.items.empty()) return;
    const ts::Item& item = ds.items.front();
    std::printf("\nfirst item %s (split %s)\n", item.id.c_str(), orDash(item.split).c_str());
    std::printf("  question        %s\n", item.question.c_str());
    std::printf("  context         %zu units, * = gold\n", item.context.size());
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        const bool gold = std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(),
                                    static_cast<int>(i)) != item.goldRetrieval.end();
        const int source = item.context[i].sourceId;
        std::printf("    %c [%zu]%s %s\n", gold ? '*' : ' ', i,
                    source >= 0 ? (" (source " + std::to_string(source) + ")").c_str() : "",
                    item.context[i].text.c_str());
    }
    std::printf("  gold answers    %s\n", ts::pythonReprList(item.goldAnswers).c_str());
    std::printf("  gold label      %s\n", orDash(item.goldLabel).c_str());
    std::string indices;
    for (int i : item.goldRetrieval) indices += (indices.empty() ? "" : ", ") + std::to_string(i);
    std::printf("  gold retrieval  [%s]\n", indices.c_str());
    const ts::DecompositionRule& rule = ts::ruleFor(ds.kind);
    std::printf("  class sentence      %s\n",
                ts::pythonRepr(rule.classSentence(item.goldLabel)).c_str());
    std::printf("  retrieval sentence  %s\n",
                ts::pythonRepr(rule.retrievalSentence(item.goldUnitTexts())).c_str());
}

int runInspect(const ts::cli::ParsedArgs& a) {
    const ts::Dataset ds = load(a);
    printCounts(ds);
    printFirstItem(ds);
    return ts::cli::kExitOk;
}

int runConvert(const ts::cli::ParsedArgs& a) {
    const auto out = a.find("--out");
    if (!out) throw UsageError("convert needs --out FILE.jsonl");
    const ts::Dataset ds = load(a);
    ts::writeJsonlDataset(*out, ds);
    std::printf("wrote %zu items (%s) to %s\n", ds.items.size(),
                std::string(ts::datasetKindName(ds.kind)).c_str(), out->c_str());
    return ts::cli::kExitOk;
}

int runDatasets(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli datasets inspect|convert PATH... [--format F] [--babi-items first|all] "
        "[--marco-retrieval overlap|is-selected] [--out FILE.jsonl]",
        "inspect: loads the files as one dataset and prints the items per split and label, the "
        "histogram of gold retrieval set sizes, and the first item decomposed (context with its "
        "gold "
        "units, gold answers, label, retrieval, and the rule's class and retrieval sentences).\n"
        "convert: writes the loaded dataset as TraceScope's native JSON Lines file (atomically).");
    parser.positional("ACTION", "inspect or convert")
        .positional("PATH", "dataset files (one dataset kind)", false, true);
    addLoadOptions(parser);
    parser.option("--out", "FILE.jsonl", "convert: the file to write");
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const std::string action = a.positionals().at(0);
    if (action == "inspect") {
        if (a.has("--out")) throw UsageError("--out belongs to convert");
        return runInspect(a);
    }
    if (action == "convert") return runConvert(a);
    throw UsageError("unknown action '" + action + "' (expected inspect or convert)");
}

const ts::cli::RegisterCommand reg{
    {"datasets", "inspect dataset files or convert them to native JSON Lines", &runDatasets}};

}  // namespace
