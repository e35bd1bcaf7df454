// tracescope-cli infer: batched generation over a dataset split with the
// model's chat template, writing native predictions (resumable) and, with
// --project, scoring them and storing the run.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/job_console.h"
#include "app/cli/commands/model_options.h"
#include "core/train/job_requests.h"

namespace {

using ts::cli::UsageError;
namespace train = ts::train;

int runInfer(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli infer --model DIR [--adapter DIR] --data FILE... --out PREDICTIONS.jsonl "
        "[options]",
        "Answers every item of a dataset split with the model (greedy, batched, the model's chat "
        "template), "
        "appending {\"item_id\", \"prediction\"} lines to --out as batches finish and reporting "
        "the strict "
        "rule's answer accuracy as it goes; an interrupted call resumes. With --project the "
        "predictions are "
        "scored (strict, and legacy where possible) and stored as run --run.");
    ts::cli::addModelOptions(p);
    p.repeated("--data", "FILE", "dataset file(s)")
        .option("--format", "F", "dataset format", "auto")
        .option("--split", "S", "split to answer", "test")
        .option("--limit", "N", "answer only the first N items (0: all)", "0")
        .option("--out", "FILE", "predictions JSONL (appended to; resumable)")
        .option("--batch-size", "N", "prompts per batch", "16")
        .option("--max-new-tokens", "N", "tokens per answer (the paper: 500)", "500")
        .flag("--no-generation-prompt",
              "render the chat WITHOUT the generation prompt, as the paper's inference "
              "did (its predictions begin with 'assistant')")
        .flag("--paper-prompts",
              "the paper's inference prompts (bAbI/MARCO: newline before 'Question:')")
        .option("--family", "NAME", "model name in the system message (Llama, Qwen)", "Llama")
        .flag("--no-system-message", "leave the system message out")
        .option("--project", "P", "store the scored run in this project")
        .option("--run", "NAME", "run name in the project")
        .option("--condition", "C", "condition recorded with the run", "")
        .option("--seed", "N", "seed recorded with the run");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    if (!a.has("--model") || !a.has("--out") || a.all("--data").empty())
        throw UsageError("--model, --data and --out are required");
    if (a.has("--project") != a.has("--run")) throw UsageError("--project and --run go together");

    train::InferenceRequest request;
    request.data.files.assign(a.all("--data").begin(), a.all("--data").end());
    request.data.format = a.get("--format");
    request.data.split = a.get("--split");
    request.data.limit = a.getInt("--limit");
    auto& o = request.options;
    o.batchSize = a.getInt("--batch-size");
    o.maxNewTokens = a.getInt("--max-new-tokens");
    o.noGenerationPrompt = a.flag("--no-generation-prompt");
    o.promptStyle =
        a.flag("--paper-prompts") ? ts::PromptStyle::PaperInference : ts::PromptStyle::Training;
    o.modelFamily = a.get("--family");
    o.includeSystemMessage = !a.flag("--no-system-message");
    request.modelDir = a.get("--model");
    if (const auto ad = a.find("--adapter")) request.adapterDir = *ad;
    request.device = a.get("--device");
    request.dtype = a.get("--dtype");
    request.cpuThreads = a.getInt("--threads");
    request.predictionsFile = a.get("--out");
    if (const auto p = a.find("--project")) {
        request.projectPath = *p;
        request.runName = a.get("--run");
        request.condition = a.get("--condition");
        if (a.has("--seed")) request.seed = a.getInt("--seed");
    }
    ts::cli::JobConsole console;
    const auto outcome = train::runInferenceRequest(request, console.sink());
    const auto& r = outcome.inference;
    std::printf(
        "%lld items (%lld answered earlier), %lld tokens in %.1f s (%.0f tokens/s); strict rule: "
        "answer "
        "%.1f%%, trace %.1f%%, no trace %lld\n",
        static_cast<long long>(r.items), static_cast<long long>(r.alreadyDone),
        static_cast<long long>(r.newTokens), r.seconds, r.tokensPerSecond(),
        100.0 * r.score.answerAccuracy(),
        r.score.done
            ? 100.0 * static_cast<double>(r.score.traceOk) / static_cast<double>(r.score.done)
            : 0.0,
        static_cast<long long>(r.score.noTrace));
    if (outcome.stored)
        std::printf("stored run '%s' (%lld predictions, %lld verdicts)\n", request.runName.c_str(),
                    outcome.stored->predictions, outcome.stored->verdicts);
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"infer", "answer a dataset split with a model and score the predictions", &runInfer}};

}  // namespace
