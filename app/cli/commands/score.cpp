// tracescope-cli score: scores model predictions without a project, under the
// strict or the legacy (Trace_Check_QA) rule, and prints the step x answer
// tables with their statistics and the answer metric per predictions file.
#include <cstdio>
#include <filesystem>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/load_option_args.h"
#include "app/cli/rule_options.h"
#include "core/data/dataset_loader.h"
#include "core/score/native_predictions.h"
#include "core/score/run_scorer.h"
#include "core/score/score_report.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/util/error.h"

namespace {

using ts::cli::UsageError;

ts::ScoringConfig parseConfig(const ts::cli::ParsedArgs& a) {
    ts::ScoringConfig config;
    const auto rule = ts::parseScoringRuleKind(a.get("--rule"));
    if (!rule) throw UsageError("--rule expects strict or legacy, got '" + a.get("--rule") + "'");
    const auto mode = ts::parseRetrievalMode(a.get("--retrieval"));
    if (!mode)
        throw UsageError("--retrieval expects all or any, got '" + a.get("--retrieval") + "'");
    config.rule = *rule;
    config.retrieval = *mode;
    config.missingTrace = ts::cli::missingTraceOf(a);
    return config;
}

std::optional<ts::DatasetKind> parseKind(const ts::cli::ParsedArgs& a) {
    const auto name = a.find("--dataset");
    if (!name) return std::nullopt;
    const auto kind = ts::parseDatasetKind(*name);
    if (!kind || *kind == ts::DatasetKind::Generic)
        throw UsageError("--dataset expects cotempqa, babi or msmarco, got '" + *name + "'");
    return kind;
}

void requireKind(const ts::Dataset& d, ts::DatasetKind expected, const std::string& path) {
    if (d.kind != expected)
        throw ts::Error("this is a " + std::string(ts::datasetKindName(d.kind)) +
                            " dataset, but --dataset says " +
                            std::string(ts::datasetKindName(expected)),
                        {path});
}

// --pair PREDICTIONS:GOLD_CSV in the Trace_Check_QA layout.
ts::ScoringPair readPair(const std::string& value, ts::DatasetKind kind) {
    const auto [predictions, gold] = ts::cli::splitPair(value, "--pair");
    if (ts::detectPredictionFormat(predictions) != ts::PredictionFormat::TraceCheckQa)
        throw ts::Error(
            "native predictions (item_id) cannot be paired with a gold CSV; use "
            "--predictions FILE --items DATASET",
            {predictions});
    const ts::Dataset items = ts::loadDatasetFile(gold, ts::DatasetFormat::TraceCheckQaCsv);
    requireKind(items, kind, gold);
    return ts::readTraceCheckQaPair(predictions, gold, items, kind);
}

int runScore(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli score [--rule strict|legacy] [--retrieval all|any] [--missing-trace "
        "wrong|exclude] "
        "--dataset KIND "
        "(--pair PREDICTIONS:GOLD_CSV ... | --predictions FILE ... --items DATASET ...) [--json]",
        "Scores predictions without a project. Every item gets a class, retrieval and trace "
        "verdict and the dataset's answer metric; the output holds the counts, the three "
        "step x answer tables (chi-square with and without Yates, Fisher, phi, odds ratio, "
        "conditional answer accuracies) summed over all inputs, and the answer metric of each "
        "predictions file. --pair reads the paper's layout (evaluation_outputs JSON Lines and "
        "the gold SFT CSV it was made from); --predictions reads native JSON Lines "
        "{item_id, prediction} matched to the items of the --items dataset files.");
    parser.option("--rule", "RULE", "strict (default) or legacy (Trace_Check_QA)", "strict")
        .option("--retrieval", "MODE",
                "strict rule: all gold units must be cited (all) or at least one (any)", "all")
        .option("--dataset", "KIND", "cotempqa, babi or msmarco")
        .repeated("--pair", "PREDICTIONS:GOLD_CSV",
                  "a Trace_Check_QA predictions file and its gold CSV")
        .repeated("--predictions", "FILE", "native predictions JSON Lines (item_id, prediction)")
        .repeated("--items", "DATASET", "dataset file(s) the native predictions answer")
        .flag("--json", "print the JSON summary instead of text");
    ts::cli::addMissingTraceOption(parser);
    ts::cli::addLoadChoiceOptions(parser);  // how the --items datasets are loaded
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;

    const ts::ScoringConfig config = parseConfig(a);
    const auto kind = parseKind(a);
    const auto& pairArgs = a.all("--pair");
    const auto& predictionArgs = a.all("--predictions");
    const auto& itemArgs = a.all("--items");
    if (pairArgs.empty() && predictionArgs.empty())
        throw UsageError("give --pair PREDICTIONS:GOLD_CSV or --predictions FILE --items DATASET");
    if (!predictionArgs.empty() && itemArgs.empty())
        throw UsageError("--predictions needs --items DATASET (the items they answer)");
    if (!itemArgs.empty() && predictionArgs.empty())
        throw UsageError("--items is only used with --predictions");

    std::vector<ts::ScoringPair> pairs;
    if (!pairArgs.empty()) {
        if (!kind) throw UsageError("--pair needs --dataset cotempqa|babi|msmarco");
        for (const auto& value : pairArgs) pairs.push_back(readPair(value, *kind));
    }
    if (!predictionArgs.empty()) {
        std::vector<std::filesystem::path> paths(itemArgs.begin(), itemArgs.end());
        ts::LoadOptions loadOptions;
        ts::cli::applyLoadChoices(a, loadOptions);
        const ts::Dataset dataset = ts::loadDataset(paths, ts::DatasetFormat::Auto, loadOptions);
        if (kind) requireKind(dataset, *kind, itemArgs.front());
        for (const auto& file : predictionArgs) {
            if (ts::detectPredictionFormat(file) != ts::PredictionFormat::Native)
                throw ts::Error(
                    "Trace_Check_QA predictions need their gold CSV: use "
                    "--pair PREDICTIONS:GOLD_CSV",
                    {file});
            pairs.push_back(
                ts::pairNativePredictions(file, ts::readNativePredictions(file), dataset));
        }
    }

    for (const auto& p : pairs)
        if (p.unansweredItems > 0)
            std::fprintf(stderr, "note: %zu items of %s have no prediction in %s\n",
                         p.unansweredItems, p.goldPath.c_str(), p.predictionsPath.c_str());

    const ts::RunScore run = ts::scoreRun(pairs, config);
    if (a.flag("--json"))
        std::printf("%s\n", ts::runScoreToJson(run).dump(2).c_str());
    else
        std::printf("%s", ts::formatRunScore(run).c_str());
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"score", "score predictions under the strict or legacy rule (tables, statistics, metrics)",
     &runScore}};

}  // namespace
