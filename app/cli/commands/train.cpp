// tracescope-cli train: one supervised fine-tuning run (LoRA or full) of a
// Hugging Face model on an SFT set - built here from a dataset split and a
// trace condition, or read from a JSONL written by build-sft.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/job_console.h"
#include "app/cli/commands/rank_launcher.h"
#include "core/train/data_parallel.h"
#include "core/train/job_requests.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace {

using ts::cli::UsageError;
namespace train = ts::train;

train::TrainingConfig configFrom(const ts::cli::ParsedArgs& a) {
    train::TrainingConfig c;
    if (const auto f = a.find("--config"))
        c = train::trainingConfigFromJson(
            ts::parseJsonChecked(ts::readFile(*f, ts::kConfigFileLimit), *f), *f);
    if (a.has("--full")) c.lora.enabled = false;
    if (a.has("--lr")) c.learningRate = a.getDouble("--lr");
    if (a.has("--epochs")) c.epochs = a.getInt("--epochs");
    if (a.has("--batch-size")) c.microBatchSize = a.getInt("--batch-size");
    if (a.has("--grad-accum")) c.gradientAccumulation = a.getInt("--grad-accum");
    if (a.has("--max-length")) c.maxLength = a.getInt("--max-length");
    if (a.has("--lora-r")) c.lora.r = a.getInt("--lora-r");
    if (a.has("--lora-alpha")) c.lora.alpha = a.getDouble("--lora-alpha");
    if (a.has("--save-steps")) c.saveEverySteps = a.getInt("--save-steps");
    if (a.has("--seed")) c.seed = c.dataSeed = static_cast<std::uint64_t>(a.getInt("--seed"));
    if (const auto p = a.find("--precision"))
        c.precision = train::parsePrecision(*p, "--precision");
    if (const auto l = a.find("--loss-on")) c.lossOn = train::parseLossOn(*l, "--loss-on");
    train::validate(c, "command line");
    return c;
}

int runTrain(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli train --model DIR (--data FILE... --condition C | --sft FILE.jsonl) --out "
        "DIR [options]",
        "Fine-tunes a model on an SFT set (loss on the assistant turn, or with --loss-on all on "
        "every token as the paper did) with the paper's defaults: LoRA r 16, "
        "alpha 32, dropout 0.05 on q/k/v/o/gate/up/down, lr 2e-4, cosine schedule with 10% warmup, "
        "batch 4 x "
        "accumulation 4, 3 epochs, max length 1024. Writes OUT/final (a PEFT adapter, or with "
        "--full a model "
        "folder) and resumes from OUT/checkpoints when interrupted.");
    p.option("--model", "DIR",
             "Hugging Face model folder (config.json, safetensors, tokenizer, chat template)")
        .repeated("--data", "FILE", "dataset file(s) to build the SFT set from")
        .option("--format", "F", "dataset format (auto, cotempqa, babi, msmarco, jsonl, ...)",
                "auto")
        .option("--split", "S", "split to train on", "train")
        .option("--condition", "C",
                "vanilla, class-only, correct, incorrect, wrong-class-only, wrong-retrieval-only",
                "correct")
        .option("--sft", "FILE", "an SFT JSONL (build-sft) instead of --data")
        .option("--family", "NAME", "model name in the system message (Llama, Qwen)", "Llama")
        .flag("--no-system-message", "leave the system message out")
        .option("--out", "DIR", "output folder")
        .option("--config", "FILE", "training settings JSON (Hugging Face argument names)")
        .flag("--full", "full fine-tuning instead of LoRA")
        .option("--lr", "X", "learning rate")
        .option("--epochs", "N", "epochs")
        .option("--batch-size", "N", "micro-batch size")
        .option("--grad-accum", "N", "gradient accumulation steps")
        .option("--max-length", "N", "maximum tokens per example")
        .option("--lora-r", "N", "LoRA rank")
        .option("--lora-alpha", "X", "LoRA alpha")
        .option("--save-steps", "N", "checkpoint every N steps (0: only at the end / on cancel)")
        .option("--seed", "N", "seed of initialisation, dropout and data order")
        .option("--precision", "P", "auto, fp32, bf16-autocast or bf16")
        .option(
            "--loss-on", "WHAT",
            "assistant (the assistant turn only) or all (every token of the chat, as the paper's "
            "TRL SFTTrainer did)")
        .option("--device", "DEV", "cpu, cuda or cuda:N", "cpu")
        .option("--threads", "N", "CPU threads (0: all)", "0")
        .option("--nproc", "N",
                "data-parallel ranks on this machine (c10d: Gloo on the CPU, NCCL on CUDA with "
                "rank k on cuda:k; under srun or "
                "torchrun-style RANK/WORLD_SIZE each process is one rank already)",
                "1");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    if (!a.has("--model") || !a.has("--out")) throw UsageError("--model and --out are required");
    const int nproc = a.getInt("--nproc");
    if (nproc < 1) throw UsageError("--nproc must be at least 1");
    const auto distributed = train::distributedEnvFromEnvironment();
    if (nproc > 1) {
        if (distributed)
            throw UsageError("--nproc inside a distributed job (RANK/WORLD_SIZE are set)");
        train::requireDataParallel(a.get("--device"));
        std::vector<std::string> argv = {"train"};
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i] == "--nproc") {
                ++i;
                continue;
            }
            argv.push_back(args[i]);
        }
        return ts::cli::launchRanks(argv, nproc);
    }
    train::FineTuneRequest request;
    request.config = configFrom(a);
    request.modelDir = a.get("--model");
    request.outputDir = a.get("--out");
    // Under data parallelism plain "cuda" is this rank's GPU.
    request.device =
        distributed ? train::rankDevice(a.get("--device"), *distributed) : a.get("--device");
    request.cpuThreads = a.getInt("--threads");
    request.family = a.get("--family");
    request.systemMessage = !a.flag("--no-system-message");
    if (const auto sft = a.find("--sft")) {
        request.sftFile = *sft;
    } else {
        if (a.all("--data").empty())
            throw UsageError("give --data FILE... (with --condition) or --sft FILE.jsonl");
        const auto condition = ts::parseSftCondition(a.get("--condition"));
        if (!condition) throw UsageError("unknown --condition '" + a.get("--condition") + "'");
        request.condition = *condition;
        request.data.files.assign(a.all("--data").begin(), a.all("--data").end());
        request.data.format = a.get("--format");
        request.data.split = a.get("--split");
    }
    request.distributed = distributed;
    const bool quiet = distributed && distributed->rank != 0;  // rank 0 speaks for all
    ts::cli::JobConsole console;
    const auto r = train::runFineTune(request, quiet ? console.quietSink() : console.sink());
    if (quiet) return ts::cli::kExitOk;
    if (r.alreadyFinished)
        std::printf("already trained: %s\n", r.finalDir.string().c_str());
    else
        std::printf(
            "trained %lld steps on %lld rows (%lld cut at max length) in %.1f s (%.0f tokens/s), "
            "final "
            "loss %.4f%s -> %s\n",
            static_cast<long long>(r.steps), static_cast<long long>(r.rows),
            static_cast<long long>(r.truncatedRows), r.seconds, r.tokensPerSecond(), r.finalLoss(),
            r.resumedFromStep ? (", resumed at step " + std::to_string(r.resumedFromStep)).c_str()
                              : "",
            r.finalDir.string().c_str());
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"train", "fine-tune a model (LoRA or full) on an SFT set", &runTrain}};

}  // namespace
