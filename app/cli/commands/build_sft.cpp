// tracescope-cli build-sft: loads a dataset and writes one SFT set (vanilla,
// class-only, correct or incorrect traces, or one of the two ablations).
#include <charconv>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
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

ts::LoadOptions loadOptions(const ts::cli::ParsedArgs& a) {
    ts::LoadOptions o;
    const std::string babi = a.get("--babi-items");
    if (babi == "first")
        o.babiItems = ts::BabiItems::FirstQuestionPerStory;
    else if (babi == "all")
        o.babiItems = ts::BabiItems::AllQuestions;
    else
        throw UsageError("--babi-items expects first or all, got '" + babi + "'");
    const std::string marco = a.get("--marco-retrieval");
    if (marco == "is-selected")
        o.marcoRetrieval = ts::MarcoRetrieval::IsSelected;
    else if (marco == "max-overlap")
        o.marcoRetrieval = ts::MarcoRetrieval::MaxWordOverlap;
    else
        throw UsageError("--marco-retrieval expects is-selected or max-overlap, got '" + marco +
                         "'");
    return o;
}

// Items without a gold answer cannot become targets; they are left out only
// when asked, and always listed.
void dropUnanswered(ts::Dataset& ds) {
    std::vector<std::string> dropped;
    std::erase_if(ds.items, [&](const ts::Item& it) {
        if (!it.goldAnswers.empty()) return false;
        dropped.push_back(it.id);
        return true;
    });
    if (dropped.empty()) return;
    std::fprintf(stderr, "left out %zu item(s) without a gold answer:", dropped.size());
    for (const auto& id : dropped) std::fprintf(stderr, " %s", id.c_str());
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
        .option("--babi-items", "WHICH", "first (the paper: first question per story) or all",
                std::string("first"))
        .option("--marco-retrieval", "RULE", "is-selected or max-overlap (the paper's rule)",
                std::string("is-selected"))
        .flag("--skip-unanswered",
              "leave out (and list) items without a gold answer instead of failing")
        .option("--out", "FILE", "output file, .jsonl or .csv");
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
    ts::Dataset ds =
        ts::loadDataset(inputs, ts::parseDatasetFormat(a.get("--format")), loadOptions(a));
    if (ds.kind != *kind)
        throw ts::Error("the input holds a " + std::string(ts::datasetKindName(ds.kind)) +
                        " dataset, not --dataset " + a.get("--dataset"));
    if (a.flag("--skip-unanswered")) dropUnanswered(ds);

    const auto examples = ts::buildSftSet(ds, *condition, options);
    ts::writeSftFile(out, ds, examples);
    std::fprintf(stderr, "wrote %zu %s examples to %s\n", examples.size(),
                 std::string(ts::sftConditionName(*condition)).c_str(), out.string().c_str());
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"build-sft", "build an SFT set (trace condition x dataset)", &runBuildSft}};

}  // namespace
