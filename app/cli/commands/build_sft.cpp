// tracescope-cli build-sft: loads a dataset and writes one SFT set (vanilla,
// class-only, correct or incorrect traces, or one of the two ablations).
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/load_option_args.h"
#include "core/data/dataset_loader.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/util/error.h"

namespace {

using ts::cli::UsageError;

std::uint64_t parseSeed(const std::string& text) {
    std::uint64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size())
        throw UsageError("--seed expects a non-negative integer, got '" + text + "'");
    return v;
}

// Items without a gold answer cannot become targets: the builder leaves
// them out (as the paper's MS MARCO script did) and they are reported here.
void reportLeftOut(const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    std::fprintf(stderr, "skipped %zu item(s) without a gold answer:", ids.size());
    const std::size_t shown = std::min<std::size_t>(ids.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) std::fprintf(stderr, " %s", ids[i].c_str());
    if (shown < ids.size()) std::fprintf(stderr, " ... (%zu more)", ids.size() - shown);
    std::fprintf(stderr, "\n");
}

int runBuildSft(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli build-sft --dataset cotempqa|babi|msmarco --input PATH... --condition C "
        "--seed N --out "
        "FILE.jsonl|FILE.csv [options]",
        "Builds one SFT set: for every item a system/user/assistant chat whose assistant target is "
        "the answer "
        "(vanilla) or '<think>{class}{retrieval}</think> <answer>{answer}</answer>'. Conditions: "
        "vanilla, "
        "class-only, correct, incorrect (wrong class and wrong retrieval, in the paper's "
        "per-dataset form), "
        "wrong-class-only, wrong-retrieval-only. The wrong draws depend only on the seed and the "
        "item id. "
        "The output format follows the extension: .jsonl (TraceScope) or .csv (the paper's SFT CSV "
        "columns). "
        "Written atomically.");
    parser
        .option("--dataset", "KIND", "cotempqa, babi or msmarco (must match what the input holds)")
        .repeated("--input", "PATH", "dataset file (repeat for several files)")
        .option("--format", "FMT", "auto, cotempqa, babi, msmarco, trace-check-qa-csv or jsonl",
                std::string("auto"))
        .option("--condition", "C",
                "vanilla, class-only, correct, incorrect, wrong-class-only, wrong-retrieval-only")
        .option("--seed", "N", "seed for the wrong classes and retrievals")
        .option("--model-family", "NAME", "Llama or Qwen (names the model in the system message)",
                std::string("Llama"))
        .option("--prompt-style", "S",
                "training, or paper-inference (bAbI/MARCO '\\nOnly return the answer.')",
                std::string("training"))
        .flag("--no-system", "leave out the system message (as the paper's SFT CSVs do)")
        .flag("--skip-unanswered",
              "kept for old scripts: items without a gold answer are always left out and listed")
        .option("--out", "FILE", "output file, .jsonl or .csv");
    ts::cli::addLoadChoiceOptions(parser);
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;

    const auto kind = ts::parseDatasetKind(a.get("--dataset"));
    if (!kind || *kind == ts::DatasetKind::Generic)
        throw UsageError("--dataset expects cotempqa, babi or msmarco, got '" + a.get("--dataset") +
                         "'");
    const auto condition = ts::parseSftCondition(a.get("--condition"));
    if (!condition) throw UsageError("unknown --condition '" + a.get("--condition") + "'");
    const std::string family = a.get("--model-family");
    if (family != "Llama" && family != "Qwen")
        throw UsageError("--model-family expects Llama or Qwen, got '" + family + "'");
    const std::string style = a.get("--prompt-style");
    if (style != "training" && style != "paper-inference")
        throw UsageError("--prompt-style expects training or paper-inference, got '" + style + "'");
    const std::filesystem::path out = a.get("--out");
    const std::string ext = out.extension().string();
    if (ext != ".jsonl" && ext != ".csv") throw UsageError("--out must end in .jsonl or .csv");
    if (a.all("--input").empty()) throw UsageError("give at least one --input file");

    ts::SftOptions options;
    options.seed = parseSeed(a.get("--seed"));
    options.modelFamily = family;
    options.includeSystemMessage = !a.flag("--no-system");
    options.promptStyle =
        style == "training" ? ts::PromptStyle::Training : ts::PromptStyle::PaperInference;

    std::vector<std::filesystem::path> inputs(a.all("--input").begin(), a.all("--input").end());
    ts::LoadOptions loadOptions;
    ts::cli::applyLoadChoices(a, loadOptions);
    ts::Dataset ds =
        ts::loadDataset(inputs, ts::parseDatasetFormat(a.get("--format")), loadOptions);
    if (ds.kind != *kind)
        throw ts::Error("the input holds a " + std::string(ts::datasetKindName(ds.kind)) +
                        " dataset, not --dataset " + a.get("--dataset"));
    std::vector<std::string> leftOut;
    const auto examples = ts::buildSftSet(ds, *condition, options, {}, &leftOut);
    ts::writeSftFile(out, ds, examples);
    reportLeftOut(leftOut);
    std::fprintf(stderr, "wrote %zu %s examples to %s (%zu items read, %zu skipped)\n",
                 examples.size(), std::string(ts::sftConditionName(*condition)).c_str(),
                 out.string().c_str(), ds.items.size(), leftOut.size());
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"build-sft", "build an SFT set (trace condition x dataset)", &runBuildSft}};

}  // namespace
