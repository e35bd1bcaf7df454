// train_gpu_check: the training checks run by tests/gpu/run_train_gpu.sh (no
// Qt, so it builds on the GPU box; it also runs on the CPU for the dry run).
//
//   train_gpu_check bench --device cuda [--shapes llama-3.2-1b,qwen3-1.7b] [--batch 8 --seq 512]
//                   [--warmup 2 --steps 5] [--peak-tflops 989] --json FILE
//     LoRA (r 16, alpha 32, q/k/v/o/gate/up/down) and full SFT step speed in
//     bf16 on random weights, the procedure of ../shared/bench/hf_bench.py
//     (labels masked on the first half of each row, median of the timed steps);
//     model FLOPs per token and MFU against --peak-tflops (H200/H100 dense bf16: 989).
//
//   train_gpu_check checkpoints --device DEV --out DIR
//     Trains a tiny model (tokenizer learned here, chat template) fully and
//     with LoRA, saves both the way the trainer does, and writes the logits our
//     engine computes from the saved folders (CPU, float32) into
//     DIR/expected.json + DIR/expected.safetensors for
//     tests/gpu/check_checkpoints.py to compare with transformers/peft.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model/causal_lm.h"
#include "core/model/safetensors.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/train/chat_format.h"
#include "core/train/scratch_model.h"
#include "core/train/sft_trainer.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

using Args = std::map<std::string, std::string>;

Args parse(int argc, char** argv, Args defaults) {
    for (int i = 2; i < argc; ++i) {
        const std::string k = argv[i];
        if (!defaults.count(k) || i + 1 >= argc) throw Error("unknown option or missing value: " + k);
        defaults[k] = argv[++i];
    }
    return defaults;
}

model::ModelConfig shape(const std::string& name) {
    model::ModelConfig c;
    c.tieWordEmbeddings = true;
    if (name == "llama-3.2-1b") {
        c.architecture = model::Architecture::Llama;
        c.vocabSize = 128256, c.hiddenSize = 2048, c.intermediateSize = 8192, c.numLayers = 16;
        c.numHeads = 32, c.numKvHeads = 8, c.headDim = 64, c.maxPositionEmbeddings = 131072;
        c.rmsNormEps = 1e-5;
        c.rope = {500000.0, "llama3", 32.0, 1.0, 4.0, 8192};
    } else if (name == "qwen3-1.7b") {
        c.architecture = model::Architecture::Qwen3;
        c.vocabSize = 151936, c.hiddenSize = 2048, c.intermediateSize = 6144, c.numLayers = 28;
        c.numHeads = 16, c.numKvHeads = 8, c.headDim = 128, c.maxPositionEmbeddings = 40960;
        c.rmsNormEps = 1e-6;
        c.rope.theta = 1000000.0;
    } else if (name == "tiny-llama" || name == "tiny-qwen3") {
        c.architecture = name == "tiny-llama" ? model::Architecture::Llama : model::Architecture::Qwen3;
        c.vocabSize = 2048, c.hiddenSize = 128, c.intermediateSize = 256, c.numLayers = 2;
        c.numHeads = 4, c.numKvHeads = 2, c.headDim = 32, c.maxPositionEmbeddings = 4096;
        c.rmsNormEps = 1e-6;
        c.rope.theta = 10000.0;
    } else {
        throw Error("unknown shape '" + name + "'");
    }
    return c;
}

// Matmul FLOPs per token of one forward pass: every projection and the LM
// head (2 per multiply-add), plus causal attention (QK^T and PV over T/2 keys
// on average).
double forwardFlopsPerToken(const model::ModelConfig& c, std::int64_t seq) {
    const double h = static_cast<double>(c.hiddenSize), q = static_cast<double>(c.numHeads * c.headDim),
                 kv = static_cast<double>(c.numKvHeads * c.headDim), inter = static_cast<double>(c.intermediateSize);
    const double perLayer = h * q + 2 * h * kv + q * h + 3 * h * inter;
    const double linear = static_cast<double>(c.numLayers) * perLayer + static_cast<double>(c.vocabSize) * h;
    const double attention = static_cast<double>(c.numLayers) * 2.0 * q * static_cast<double>(seq);
    return 2.0 * linear + attention;
}

nlohmann::json benchOne(const std::string& name, bool lora, const Args& a) {
    const auto c = shape(name);
    model::EngineOptions e;
    e.device = a.at("--device");
    e.dtype = model::DType::BFloat16;
    auto lm = model::CausalLM::randomInit(c, e, 1);
    train::TrainingConfig tc;
    tc.lora.enabled = lora;
    tc.lora.r = 16;
    tc.lora.alpha = 32;
    tc.lora.dropout = 0.0;  // hf_bench.py: lora_dropout=0.0
    tc.learningRate = 1e-4;
    tc.precision = train::Precision::Bf16;
    tc.maxGradNorm = 0.0;   // hf_bench.py does not clip
    const auto batch = std::stoll(a.at("--batch")), seq = std::stoll(a.at("--seq"));
    const auto rows = train::randomBenchmarkBatch(batch, seq, c.vocabSize, 7);
    const auto r = train::benchmarkTrainingStep(lm, tc, rows, std::stoi(a.at("--warmup")), std::stoi(a.at("--steps")), 7);
    const double fwd = forwardFlopsPerToken(c, seq);
    // Full: forward + input and weight gradients (3x). LoRA: the frozen
    // weights need input gradients only (2x), the adapters are negligible.
    const double flopsPerToken = (lora ? 2.0 : 3.0) * fwd;
    const double achieved = flopsPerToken * r.tokensPerSecond;
    const double peak = std::stod(a.at("--peak-tflops")) * 1e12;
    std::printf("%-13s %-4s  %8.0f tokens/s  median step %.3f s  %.1f TFLOP/s  MFU %.1f%%  loss %.3f -> %.3f\n",
                name.c_str(), lora ? "lora" : "full", r.tokensPerSecond, r.medianSeconds, achieved / 1e12,
                100.0 * achieved / peak, r.lossFirst, r.lossLast);
    std::fflush(stdout);
    return {{"batch", batch},
            {"seq", seq},
            {"lora", lora},
            {"train_tokens_per_s", r.tokensPerSecond},
            {"median_step_s", r.medianSeconds},
            {"step_seconds", r.stepSeconds},
            {"trainable_parameters", r.trainableParameters},
            {"model_flops_per_token", flopsPerToken},
            {"achieved_tflops", achieved / 1e12},
            {"mfu", achieved / peak},
            {"loss_first", r.lossFirst},
            {"loss_last", r.lossLast}};
}

int bench(int argc, char** argv) {
    const auto a = parse(argc, argv,
                         {{"--device", "cuda"}, {"--shapes", "llama-3.2-1b,qwen3-1.7b"}, {"--batch", "8"},
                          {"--seq", "512"}, {"--warmup", "2"}, {"--steps", "5"}, {"--peak-tflops", "989"},
                          {"--json", ""}});
    nlohmann::json out = {{"device", a.at("--device")}, {"torch", model::torchVersion()},
                          {"peak_tflops", std::stod(a.at("--peak-tflops"))}};
    for (const auto& name : split(a.at("--shapes"), ',')) {
        nlohmann::json r = {{"params", shape(name).parameterCount()}};
        try {
            r["train_lora"] = benchOne(name, true, a);
            r["train_full"] = benchOne(name, false, a);
        } catch (const std::exception& ex) {
            r["error"] = ex.what();
            std::printf("%s: %s\n", name.c_str(), ex.what());
        }
        out[name] = r;
        if (!a.at("--json").empty()) writeFileAtomic(a.at("--json"), out.dump(1));
    }
    return 0;
}

int checkpoints(int argc, char** argv) {
    const auto a = parse(argc, argv, {{"--device", "cpu"}, {"--out", ""}});
    if (a.at("--out").empty()) throw Error("--out is required");
    const fs::path out = a.at("--out");
    fs::remove_all(out);
    fs::create_directories(out);

    // A tiny model with a tokenizer learned from a few chats.
    const std::vector<std::string> rooms = {"kitchen", "garden", "hallway", "office", "bedroom", "bathroom"};
    const std::vector<std::string> people = {"Mary", "John", "Sandra", "Daniel"};
    std::vector<SftExample> examples;
    std::vector<std::string> texts;
    for (int i = 0; i < 48; ++i) {
        const auto& p = people[static_cast<std::size_t>(i) % people.size()];
        const auto& r = rooms[static_cast<std::size_t>(i * 7 + 3) % rooms.size()];
        SftExample ex;
        ex.itemId = "q" + std::to_string(i);
        ex.messages = {{"system", "You answer questions about stories."},
                       {"user", p + " went to the " + r + ".\nQuestion: Where is " + p + "? Only return the answer.\n"},
                       {"assistant", "<think>" + p + " went to the " + r + ".</think> <answer>" + r + "</answer>"}};
        for (const auto& m : ex.messages) texts.push_back(m.content);
        examples.push_back(std::move(ex));
    }
    train::ScratchModelSpec spec;
    spec.vocabSize = 400;
    spec.hiddenSize = 64;
    spec.numLayers = 2;
    spec.numHeads = 4;
    spec.numKvHeads = 2;
    spec.intermediateSize = 128;
    const fs::path base = out / "base";
    const auto config = train::prepareScratchModel(base, spec, texts);
    model::EngineOptions e;
    e.device = a.at("--device");
    model::CausalLM::randomInit(config, e, 1).saveCheckpoint(base, model::DType::Float32);

    const auto tokenizer = Tokenizer::load(base);
    const auto render = train::chatRendererForModel(base);
    const auto rows = train::tokenizeSftSet(examples, tokenizer, render, 256);
    train::TrainingConfig tc;
    tc.epochs = 2;
    tc.microBatchSize = 8;
    tc.gradientAccumulation = 1;
    tc.learningRate = 1e-2;
    tc.precision = train::Precision::Float32;
    tc.lora.enabled = false;
    {
        auto lm = model::CausalLM::load(base, e);
        train::trainSft(lm, rows, tc, {out / "full_run", base, "base"});
    }
    tc.lora.enabled = true;
    tc.lora.r = 4;
    tc.lora.alpha = 8;
    {
        auto lm = model::CausalLM::load(base, e);
        train::trainSft(lm, rows, tc, {out / "lora_run", base, "base"});
    }

    // What transformers must reproduce: the chat rendering, its ids, and the
    // logits of both saved models (computed here on the CPU in float32).
    const std::vector<ChatMessage> probe = {{"system", "You answer questions about stories."},
                                            {"user", "Sandra went to the office.\nQuestion: Where is Sandra? "
                                                     "Only return the answer.\n"}};
    const std::string text = render(probe, true);
    EncodeOptions enc;
    const auto ids32 = tokenizer.encode(text, enc);
    const std::vector<std::int64_t> ids(ids32.begin(), ids32.end());
    auto full = model::CausalLM::load(out / "full_run" / "final");
    auto adapted = model::CausalLM::load(base);
    adapted.loadAdapter(out / "lora_run" / "final");
    const auto lf = full.logits(ids), la = adapted.logits(ids);
    model::SafetensorsWriter w;
    w.add("full_logits", model::StDType::F32, {lf.seq, lf.vocab}, lf.values.data(), lf.values.size() * sizeof(float));
    w.add("lora_logits", model::StDType::F32, {la.seq, la.vocab}, la.values.data(), la.values.size() * sizeof(float));
    w.write(out / "expected.safetensors");
    nlohmann::json msgs = nlohmann::json::array();
    for (const auto& m : probe) msgs.push_back({{"role", m.role}, {"content", m.content}});
    writeFileAtomic(out / "expected.json", nlohmann::json{{"messages", msgs},
                                                          {"text", text},
                                                          {"ids", ids},
                                                          {"base", "base"},
                                                          {"full", "full_run/final"},
                                                          {"adapter", "lora_run/final"}}
                                               .dump(1));
    std::printf("checkpoints written under %s (%zu prompt tokens)\n", out.string().c_str(), ids.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "bench") return bench(argc, argv);
    if (mode == "checkpoints") return checkpoints(argc, argv);
    std::fprintf(stderr, "usage: train_gpu_check bench|checkpoints [options] (see the source header)\n");
    return 2;
} catch (const std::exception& e) {
    std::fprintf(stderr, "train_gpu_check: %s\n", e.what());
    return 1;
}
