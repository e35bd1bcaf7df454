// bench_train: our training step (forward + backward + gradient clipping +
// AdamW) against the same model, weights and batch in PyTorch Python
// (bench_train_baseline.py, run as a subprocess with the same thread count),
// measured in one run, reported as a ratio of median step times.
//
//   bench_train [--hidden 128 --layers 4 --heads 4 --kv-heads 2 --inter 384 --vocab 1024]
//               [--batch 16 --seq 192 --steps 10 --warmup 2 --threads N --lora R]
//               [--python /usr/bin/python3] [--hf-python PY] [--no-baseline] [--json FILE]
// Defaults: the demo experiment's model shape and a demo-sized batch.
// A second baseline is transformers + peft (bench_train_hf.py, what a user of
// the Hugging Face stack runs) with --hf-python or $TRACESCOPE_INTEROP_PYTHON
// (scripts/torch2_env.sh's environment); without either it is left out, said so.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/model/causal_lm.h"
#include "core/train/sft_trainer.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/heap_tuning.h"
#include "core/util/paths.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

std::map<std::string, std::string> parseArgs(int argc, char** argv) {
    std::map<std::string, std::string> a = {
        {"--hidden", "128"},
        {"--layers", "4"},
        {"--heads", "4"},
        {"--kv-heads", "2"},
        {"--inter", "384"},
        {"--vocab", "1024"},
        {"--batch", "16"},
        {"--seq", "192"},
        {"--steps", "10"},
        {"--warmup", "2"},
        {"--lora", "0"},
        {"--threads", std::to_string(std::max(1u, std::thread::hardware_concurrency()))},
        {"--python", "/usr/bin/python3"},
        {"--hf-python",
         std::getenv("TRACESCOPE_INTEROP_PYTHON") ? std::getenv("TRACESCOPE_INTEROP_PYTHON") : ""}};
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (k == "--no-baseline") {
            a[k] = "1";
        } else if (a.count(k) || k == "--json") {
            if (i + 1 >= argc) throw Error("missing value for " + k);
            a[k] = argv[++i];
        } else {
            throw Error("unknown option " + k);
        }
    }
    return a;
}

std::string runCommand(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw Error("cannot run: " + cmd);
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    const int rc = pclose(p);
    if (rc != 0)
        throw Error("baseline failed (status " + std::to_string(rc) + "): " + cmd + "\n" + out);
    return out;
}

double minimum(const std::vector<double>& v) {
    return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}

// transformers + peft on the same checkpoint and batch (same threads, CPU).
void runHfBaseline(const std::map<std::string, std::string>& a, const fs::path& dir, int steps,
                   int warmup, int threads, int lora, double oursMedian, nlohmann::json& out) {
    const std::string py = a.at("--hf-python");
    if (py.empty()) {
        std::printf(
            "transformers + peft: not run (no --hf-python and no $TRACESCOPE_INTEROP_PYTHON; "
            "eval \"$(scripts/torch2_env.sh)\" provides one)\n");
        return;
    }
    const fs::path script = sourceDir() / "bench" / "bench_train_hf.py";
    const auto text = runCommand(
        py + " " + script.string() + " " + dir.string() + " " + (dir / "batch.json").string() +
        " --steps " + std::to_string(steps) + " --warmup " + std::to_string(warmup) +
        " --threads " + std::to_string(threads) + " --lora " + std::to_string(lora) + " 2>&1");
    const auto j = nlohmann::json::parse(text.substr(text.rfind('{')));
    const double median = j.at("median_s").get<double>();
    std::printf(
        "transformers %s + peft %s (torch %s, sdpa): median step %.4f s (min %.4f), %.0f tokens/s "
        "(loss %.4f -> %.4f)\n",
        j.at("transformers").get<std::string>().c_str(), j.at("peft").get<std::string>().c_str(),
        j.at("torch").get<std::string>().c_str(), median,
        minimum(j.at("step_seconds").get<std::vector<double>>()),
        j.at("tokens_per_s").get<double>(), j.at("loss_first").get<double>(),
        j.at("loss_last").get<double>());
    std::printf("speed-up over transformers + peft (its median step / ours): %.2fx\n",
                median / oursMedian);
    out["transformers_peft"] = j;
    out["speedup_transformers_peft"] = median / oursMedian;
}

}  // namespace

int main(int argc, char** argv) try {
    const bool heapTuned = ts::keepFreedTensorMemory();
    const auto a = parseArgs(argc, argv);
    auto num = [&](const char* k) { return std::stoll(a.at(k)); };
    model::ModelConfig c;
    c.architecture = model::Architecture::Llama;
    c.vocabSize = num("--vocab");
    c.hiddenSize = num("--hidden");
    c.intermediateSize = num("--inter");
    c.numLayers = num("--layers");
    c.numHeads = num("--heads");
    c.numKvHeads = num("--kv-heads");
    c.headDim = c.hiddenSize / c.numHeads;
    c.maxPositionEmbeddings = 4096;
    c.rmsNormEps = 1e-5;
    c.rope.theta = 10000.0;
    c.tieWordEmbeddings = true;
    const auto batch = num("--batch"), seq = num("--seq");
    const int threads = static_cast<int>(num("--threads")),
              steps = static_cast<int>(num("--steps")), warmup = static_cast<int>(num("--warmup")),
              lora = static_cast<int>(num("--lora"));

    model::EngineOptions engine;
    engine.cpuThreads = threads;
    auto lm = model::CausalLM::randomInit(c, engine, 1);
    const fs::path dir = fs::temp_directory_path() / ("bench_train_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    lm.saveCheckpoint(dir, model::DType::Float32);

    // The batch both sides train on: labels masked on the first half (hf_bench.py).
    const auto rows = train::randomBenchmarkBatch(batch, seq, c.vocabSize, 3);
    nlohmann::json ids = nlohmann::json::array(), labels = nlohmann::json::array();
    for (const auto& r : rows) {
        ids.push_back(r.ids);
        labels.push_back(r.labels);
    }
    writeFileAtomic(dir / "batch.json", nlohmann::json{{"ids", ids}, {"labels", labels}}.dump());

    train::TrainingConfig tc;
    tc.lora.enabled = lora > 0;
    tc.lora.r = std::max(1, lora);
    tc.lora.alpha = 2.0 * std::max(1, lora);
    tc.lora.dropout = 0.0;
    tc.learningRate = 1e-4;
    tc.precision = train::Precision::Float32;
    // The same step with the last layer computing every position (as
    // transformers does), on a model with the same initial weights, first.
    auto unfusedModel = model::CausalLM::randomInit(c, engine, 1);
    const auto unfused =
        train::benchmarkTrainingStep(unfusedModel, tc, rows, warmup, steps, 3, false);
    const auto ours = train::benchmarkTrainingStep(lm, tc, rows, warmup, steps, 3);
    std::printf(
        "model: hidden %lld, %lld layers, %lld heads (%lld KV), SwiGLU %lld, vocab %lld: %.2fM "
        "parameters%s\n",
        static_cast<long long>(c.hiddenSize), static_cast<long long>(c.numLayers),
        static_cast<long long>(c.numHeads), static_cast<long long>(c.numKvHeads),
        static_cast<long long>(c.intermediateSize), static_cast<long long>(c.vocabSize),
        static_cast<double>(lm.parameterCount()) / 1e6,
        lora ? (", LoRA r " + std::to_string(lora)).c_str() : "");
    std::printf("batch %lld x %lld tokens, %d threads, %d timed steps after %d warm-up\n",
                static_cast<long long>(batch), static_cast<long long>(seq), threads, steps, warmup);
    std::printf(
        "tracescope (C++ libtorch %s%s): median step %.4f s (min %.4f), %.0f tokens/s (loss %.4f "
        "-> %.4f)\n",
        model::torchVersion().c_str(), heapTuned ? ", heap tuned" : "", ours.medianSeconds,
        minimum(ours.stepSeconds), ours.tokensPerSecond, ours.lossFirst, ours.lossLast);
    std::printf(
        "tracescope, last layer on every position: median step %.4f s (min %.4f) "
        "(loss %.4f -> %.4f); last layer on the labelled queries only: %.2fx\n",
        unfused.medianSeconds, minimum(unfused.stepSeconds), unfused.lossFirst, unfused.lossLast,
        unfused.medianSeconds / ours.medianSeconds);
    nlohmann::json out = {
        {"batch", batch},
        {"seq", seq},
        {"threads", threads},
        {"lora", lora},
        {"parameters", lm.parameterCount()},
        {"ours",
         {{"median_s", ours.medianSeconds},
          {"tokens_per_s", ours.tokensPerSecond},
          {"step_seconds", ours.stepSeconds}}},
        {"ours_every_position",
         {{"median_s", unfused.medianSeconds}, {"step_seconds", unfused.stepSeconds}}}};
    if (!a.count("--no-baseline")) {
        const fs::path script = sourceDir() / "bench" / "bench_train_baseline.py";
        const std::string args =
            script.string() + " " + dir.string() + " " + (dir / "batch.json").string() +
            " --steps " + std::to_string(steps) + " --warmup " + std::to_string(warmup) +
            " --threads " + std::to_string(threads) + " --lora " + std::to_string(lora) + " 2>&1";
        // Python as users run it, then with the heap settings this process
        // uses (keepFreedTensorMemory, as glibc tunables), so the figures show
        // how much of the difference is the heap and how much the step itself.
        const std::pair<const char*, std::string> baselines[] = {
            {"python", a.at("--python") + " " + args},
            {"python_heap_tuned",
             "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=" +
                 std::to_string(kHeapMmapThresholdBytes) + ":glibc.malloc.trim_threshold=" +
                 std::to_string(kHeapTrimThresholdBytes) + " " + a.at("--python") + " " + args}};
        for (const auto& [key, cmd] : baselines) {
            const auto text = runCommand(cmd);
            const auto j = nlohmann::json::parse(text.substr(text.rfind('{')));
            const double pyMedian = j.at("median_s").get<double>();
            const bool tuned = std::string(key) != "python";
            std::printf(
                "PyTorch Python (%s, eager, transformers-style%s): median step %.4f s (min %.4f), "
                "%.0f tokens/s (loss %.4f -> %.4f)\n",
                j.at("torch").get<std::string>().c_str(), tuned ? ", same heap settings" : "",
                pyMedian, minimum(j.at("step_seconds").get<std::vector<double>>()),
                j.at("tokens_per_s").get<double>(), j.at("loss_first").get<double>(),
                j.at("loss_last").get<double>());
            std::printf("speed-up over it (Python median step / ours): %.2fx\n",
                        pyMedian / ours.medianSeconds);
            out[key] = j;
            out[std::string("speedup_") + (tuned ? "heap_tuned" : "plain")] =
                pyMedian / ours.medianSeconds;
        }
        out["speedup"] = out["speedup_plain"];
        runHfBaseline(a, dir, steps, warmup, threads, lora, ours.medianSeconds, out);
    }
    if (a.count("--json")) writeFileAtomic(a.at("--json"), out.dump(1));
    fs::remove_all(dir);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train: %s\n", e.what());
    return 1;
}
