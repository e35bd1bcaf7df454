// tracescope-cli build-sft: loads a dataset and writes one SFT set (vanilla,
// class-only, correct or incorrect traces, one of the two ablations, or the
// free-form conditions: traces from a file, or another condition's swapped).
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/load_option_args.h"
#include "core/data/dataset_loader.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/decompose/trace_texts.h"
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

// --traces and --swap-from: which conditions read them, and the trace file
// read into *traces (which options then points at).
void applyTraceOptions(const ts::cli::ParsedArgs& a, ts::SftCondition condition,
                       ts::SftOptions& options, ts::TraceTextFiles& traces) {
    const std::string name(ts::sftConditionName(condition));
    const auto swapFrom = a.find("--swap-from");
    if (condition == ts::SftCondition::Swapped) {
        if (!swapFrom)
            throw UsageError(
                "--condition swapped needs --swap-from CONDITION (the condition whose "
                "traces are swapped between items)");
        options.swapSource = ts::parseSftCondition(*swapFrom);
        if (!options.swapSource || !ts::sftConditionIsSwapSource(*options.swapSource))
            throw UsageError("--swap-from expects a condition with a trace (any of " +
                             ts::sftConditionNames(ts::everySftCondition()) +
                             " but vanilla and swapped), got '" + *swapFrom + "'");
    } else if (swapFrom) {
        throw UsageError("--swap-from is only read by --condition swapped");
    }
    // The condition whose traces come from the file, if any.
    const ts::SftCondition fileCondition = options.swapSource.value_or(condition);
    const auto file = a.find("--traces");
    if (!ts::sftConditionNeedsTraceFile(fileCondition)) {
        if (file)
            throw UsageError("--traces is only read by free-form, summary and explanation (or " +
                             std::string("swapped from one of them), not by ") + name);
        return;
    }
    if (!file)
        throw UsageError(std::string(condition == fileCondition ? "--condition " : "--swap-from ") +
                         std::string(ts::sftConditionName(fileCondition)) +
                         " needs --traces FILE.jsonl (one {\"item_id\", \"trace\"} object a line)");
    traces[fileCondition] = ts::readTraceTexts(*file);
    options.traceTexts = &traces;
    options.allowTracesOfOtherItems = a.flag("--allow-extra-traces");
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
        "wrong-class-only, wrong-retrieval-only; and free-form, summary, explanation (the trace "
        "is read per item from --traces, JSON Lines of {\"item_id\", \"trace\"}) and swapped "
        "(the traces of --swap-from CONDITION dealt out so that no item keeps its own). The wrong "
        "draws depend only on the seed and the item id; swapped's derangement on the seed and "
        "the set's ids. "
        "The output format follows the extension: .jsonl (TraceScope) or .csv (the paper's SFT CSV "
        "columns). "
        "Written atomically.");
    parser
        .option("--dataset", "KIND", "cotempqa, babi or msmarco (must match what the input holds)")
        .repeated("--input", "PATH", "dataset file (repeat for several files)")
        .option("--format", "FMT", "auto, cotempqa, babi, msmarco, trace-check-qa-csv or jsonl",
                std::string("auto"))
        .option("--condition", "C", ts::sftConditionNames(ts::everySftCondition()))
        .option("--traces", "FILE.jsonl",
                "the trace file of free-form, summary or explanation (also when swapped from one)")
        .option("--swap-from", "C", "swapped: the condition whose traces are swapped")
        .flag("--allow-extra-traces",
              "accept ids in --traces that name no loaded item (a file written for more files or "
              "splits than --input loads)")
        .option("--seed", "N", "seed for the wrong classes and retrievals, and swapped's draw")
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
    if (!condition)
        throw UsageError("unknown --condition '" + a.get("--condition") + "' (" +
                         ts::sftConditionNames(ts::everySftCondition()) + ")");
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

    ts::TraceTextFiles traces;
    applyTraceOptions(a, *condition, options, traces);

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
