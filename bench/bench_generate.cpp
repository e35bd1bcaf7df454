// Generation speed of the model engine at the shapes of the Hugging Face
// baseline (../shared/bench/hf_bench.py): random weights at Llama-3.2-1B and
// Qwen3-1.7B sizes, prompt 384, 64 new tokens, greedy, batch 1 and 16. Tokens/s
// = batch x new tokens / wall time of the whole generate call (prefill
// included), as hf_bench.py measures it, after one warm-up call (which also
// captures the CUDA graph). With --hf-json (hf_bench.py's output from the same
// run, same GPU) it prints the ratio against transformers.
//
//   bench_generate --device cuda --dtype bfloat16 --hf-json hf.json --json out.json
//   bench_generate --device cpu --shapes tiny-llama,tiny-qwen3 --prompt 32 --new 16 --batches 1,4
//   bench_generate --device cpu --model ../shared/data/parity/llama_tiny --prompt 32 --new 32
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/model/causal_lm.h"
#include "core/model/speed_targets.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace {

namespace model = ts::model;
using nlohmann::json;

// The shapes of hf_bench.py, plus the parity fixtures' tiny shapes for CPU runs.
const std::map<std::string, std::string> kShapes = {
    {"llama-3.2-1b",
     R"({"architectures":["LlamaForCausalLM"],"vocab_size":128256,"hidden_size":2048,"intermediate_size":8192,
         "num_hidden_layers":16,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,
         "max_position_embeddings":131072,"rms_norm_eps":1e-5,"rope_theta":500000.0,"tie_word_embeddings":true,
         "rope_scaling":{"rope_type":"llama3","factor":32.0,"low_freq_factor":1.0,"high_freq_factor":4.0,
                         "original_max_position_embeddings":8192},"eos_token_id":128001})"},
    {"qwen3-1.7b",
     R"({"architectures":["Qwen3ForCausalLM"],"vocab_size":151936,"hidden_size":2048,"intermediate_size":6144,
         "num_hidden_layers":28,"num_attention_heads":16,"num_key_value_heads":8,"head_dim":128,
         "max_position_embeddings":40960,"rms_norm_eps":1e-6,"rope_theta":1000000.0,"tie_word_embeddings":true,
         "eos_token_id":151645})"},
    {"tiny-llama",
     R"({"architectures":["LlamaForCausalLM"],"vocab_size":512,"hidden_size":64,"intermediate_size":128,
         "num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,
         "max_position_embeddings":2048,"rms_norm_eps":1e-5,"rope_theta":500000.0,"tie_word_embeddings":true,
         "rope_scaling":{"rope_type":"llama3","factor":32.0,"low_freq_factor":1.0,"high_freq_factor":4.0,
                         "original_max_position_embeddings":64},"eos_token_id":2})"},
    {"tiny-qwen3",
     R"({"architectures":["Qwen3ForCausalLM"],"vocab_size":512,"hidden_size":64,"intermediate_size":128,
         "num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":32,
         "max_position_embeddings":2048,"rms_norm_eps":1e-6,"rope_theta":1000000.0,"tie_word_embeddings":true,
         "eos_token_id":2})"},
};

struct Args {
    std::string device = "cpu", dtype = "bfloat16", modelDir, hfJson, jsonOut;
    std::vector<std::string> shapes = {"llama-3.2-1b", "qwen3-1.7b"};
    std::vector<int> batches = {1, 16};
    int prompt = 384, newTokens = 64, repeats = 3, threads = 0;
    bool compareEager = false;
};

struct Timing {
    double coldSeconds = 0, medianSeconds = 0, minSeconds = 0, prefillSeconds = 0,
           decodeSecondsPerStep = 0;
    double tokensPerSecond = 0;
    bool cudaGraph = false;
};

double wall(const std::function<void()>& f) {
    const auto t = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Timing measure(model::CausalLM& lm, const std::vector<std::vector<std::int64_t>>& prompts,
               const Args& a, bool graph) {
    model::GenerationOptions g;
    g.maxNewTokens = a.newTokens;
    g.minNewTokens = a.newTokens;
    g.ignoreEos = true;  // every row generates exactly newTokens, as hf_bench.py forces
    g.useCudaGraph = graph;
    Timing t;
    model::GenerationResult last;
    t.coldSeconds = wall([&] { last = lm.generate(prompts, g); });  // warm-up (and graph capture)
    std::vector<double> runs;
    for (int i = 0; i < a.repeats; ++i) {
        runs.push_back(wall([&] { last = lm.generate(prompts, g); }));
        if (last.generatedTokens() != static_cast<std::int64_t>(prompts.size()) * a.newTokens)
            throw ts::Error("generation stopped early");
    }
    std::sort(runs.begin(), runs.end());
    t.medianSeconds = runs[runs.size() / 2];
    t.minSeconds = runs.front();
    t.prefillSeconds = last.prefillSeconds;
    t.decodeSecondsPerStep = last.decodeSteps ? last.decodeSeconds / double(last.decodeSteps) : 0;
    t.tokensPerSecond = double(prompts.size()) * a.newTokens / t.medianSeconds;
    t.cudaGraph = last.usedCudaGraph;
    return t;
}

json timingJson(const Timing& t) {
    return {{"cold_s", t.coldSeconds},
            {"median_s", t.medianSeconds},
            {"min_s", t.minSeconds},
            {"prefill_s", t.prefillSeconds},
            {"decode_s_per_step", t.decodeSecondsPerStep},
            {"gen_tokens_per_s", t.tokensPerSecond},
            {"cuda_graph", t.cudaGraph}};
}

// hf_bench.py output: {"llama-3.2-1b": {"generate": [{"batch": 1, "gen_tokens_per_s": ...}]}}
double hfTokensPerSecond(const json& hf, const std::string& shape, int batch) {
    if (!hf.is_object() || !hf.contains(shape) || !hf[shape].contains("generate")) return 0.0;
    for (const auto& r : hf[shape]["generate"])
        if (r.value("batch", 0) == batch) return r.value("gen_tokens_per_s", 0.0);
    return 0.0;
}

std::vector<int> parseInts(const std::string& s) {
    std::vector<int> out;
    for (const auto& p : ts::split(s, ',')) out.push_back(std::stoi(p));
    return out;
}

int usage() {
    std::fprintf(stderr,
                 "usage: bench_generate [--device cpu|cuda] [--dtype bfloat16|float32|float16]\n"
                 "         [--shapes llama-3.2-1b,qwen3-1.7b,tiny-llama,tiny-qwen3 | --model DIR]\n"
                 "         [--batches 1,16] [--prompt 384] [--new 64] [--repeats 3] [--threads N]\n"
                 "         [--compare-eager] [--hf-json FILE] [--json OUT]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string k = argv[i];
            const auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(k + " needs a value");
                return argv[++i];
            };
            if (k == "--device")
                a.device = value();
            else if (k == "--dtype")
                a.dtype = value();
            else if (k == "--shapes")
                a.shapes = ts::split(value(), ',');
            else if (k == "--model")
                a.modelDir = value();
            else if (k == "--batches")
                a.batches = parseInts(value());
            else if (k == "--prompt")
                a.prompt = std::stoi(value());
            else if (k == "--new")
                a.newTokens = std::stoi(value());
            else if (k == "--repeats")
                a.repeats = std::max(1, std::stoi(value()));
            else if (k == "--threads")
                a.threads = std::stoi(value());
            else if (k == "--compare-eager")
                a.compareEager = true;
            else if (k == "--hf-json")
                a.hfJson = value();
            else if (k == "--json")
                a.jsonOut = value();
            else
                return usage();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_generate: %s\n", e.what());
        return usage();
    }
    try {
        model::EngineOptions engine;
        engine.device = a.device;
        const auto dtype = model::parseDType(a.dtype);
        if (!dtype) throw ts::Error("unknown dtype '" + a.dtype + "'");
        engine.dtype = *dtype;
        engine.cpuThreads = a.threads;
        json hf;
        if (!a.hfJson.empty()) {
            hf = json::parse(ts::readFile(a.hfJson), nullptr, false);
            if (hf.is_discarded())
                std::printf("note: %s is not JSON; no ratios\n", a.hfJson.c_str());
        }
        json out = {
            {"device", a.device},     {"dtype", a.dtype},          {"torch", model::torchVersion()},
            {"prompt_len", a.prompt}, {"new_tokens", a.newTokens}, {"repeats", a.repeats}};
        if (hf.is_object() && hf.contains("device")) out["hf_device"] = hf["device"];
        std::vector<std::string> names =
            a.modelDir.empty() ? a.shapes : std::vector<std::string>{a.modelDir};
        for (const auto& name : names) {
            std::optional<model::CausalLM> lm;
            if (!a.modelDir.empty()) {
                lm.emplace(model::CausalLM::load(name, engine));
            } else {
                const auto it = kShapes.find(name);
                if (it == kShapes.end()) throw ts::Error("unknown shape '" + name + "'");
                lm.emplace(model::CausalLM::randomInit(model::parseModelConfig(it->second, name),
                                                       engine, 1234));
            }
            const auto vocab = lm->config().vocabSize;
            std::printf("%s: %.3f B parameters, %s on %s, torch %s\n", name.c_str(),
                        double(lm->parameterCount()) / 1e9, a.dtype.c_str(),
                        lm->deviceName().c_str(), model::torchVersion().c_str());
            for (int batch : a.batches) {
                std::mt19937_64 rng(static_cast<std::uint64_t>(batch));
                const std::int64_t lo = std::min<std::int64_t>(10, vocab - 1),
                                   hi = std::min<std::int64_t>(1000, vocab);
                std::vector<std::vector<std::int64_t>> prompts(static_cast<std::size_t>(batch));
                for (auto& p : prompts)
                    for (int t = 0; t < a.prompt; ++t)
                        p.push_back(lo + static_cast<std::int64_t>(rng() % std::uint64_t(hi - lo)));
                const Timing main = measure(*lm, prompts, a, true);
                json row = {{"model", name}, {"batch", batch}, {"engine", timingJson(main)}};
                std::printf(
                    "  b=%-3d engine %9.1f tok/s (%s; cold %.3f s, median %.3f s, prefill %.1f ms, "
                    "%.2f ms/step)",
                    batch, main.tokensPerSecond, main.cudaGraph ? "cuda graph" : "eager",
                    main.coldSeconds, main.medianSeconds, main.prefillSeconds * 1e3,
                    main.decodeSecondsPerStep * 1e3);
                if (a.compareEager && main.cudaGraph) {
                    const Timing eager = measure(*lm, prompts, a, false);
                    row["engine_eager"] = timingJson(eager);
                    std::printf(", eager %.1f tok/s", eager.tokensPerSecond);
                }
                const double hfRate = hfTokensPerSecond(hf, name, batch);
                if (hfRate > 0) {
                    // Ratio and target only: whether the HF figures come from
                    // this run is the caller's to know (run_gpu_checks.sh grades).
                    const double ratio = main.tokensPerSecond / hfRate;
                    row["hf_gen_tokens_per_s"] = hfRate;
                    row["ratio_vs_hf"] = ratio;
                    std::printf(", HF %.1f tok/s -> ratio %.2fx", hfRate, ratio);
                    if (const auto target = model::decodeTargetFor(batch)) {
                        row["target_ratio"] = *target;
                        std::printf(" (target >= %.0fx)", *target);
                    }
                }
                std::printf("\n");
                std::fflush(stdout);
                out["results"].push_back(row);
                if (!a.jsonOut.empty()) std::ofstream(a.jsonOut) << out.dump(1) << "\n";
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_generate: error: %s\n", e.what());
        return 1;
    }
}
