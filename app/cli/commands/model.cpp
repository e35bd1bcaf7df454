// tracescope-cli model: inspects a Hugging Face model directory without
// loading weights (`model info`), and checks the engine against the
// transformers reference fixtures (`model parity`).
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/model/causal_lm.h"
#include "core/model/model_info.h"
#include "core/model/parity.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace {

using ts::cli::UsageError;
namespace model = ts::model;

std::string shapeText(const std::vector<std::int64_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

std::string humanBytes(std::uint64_t b) {
    char buf[32];
    if (b >= (1ull << 30))
        std::snprintf(buf, sizeof buf, "%.2f GiB", double(b) / double(1ull << 30));
    else if (b >= (1ull << 20))
        std::snprintf(buf, sizeof buf, "%.2f MiB", double(b) / double(1ull << 20));
    else
        std::snprintf(buf, sizeof buf, "%.1f KiB", double(b) / 1024.0);
    return buf;
}

nlohmann::json infoJson(const model::ModelInfo& info, bool withTensors) {
    const auto& c = info.config;
    nlohmann::json j;
    j["dir"] = info.dir.string();
    j["architecture"] = model::architectureName(c.architecture);
    j["vocab_size"] = c.vocabSize;
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_layers"] = c.numLayers;
    j["num_heads"] = c.numHeads;
    j["num_kv_heads"] = c.numKvHeads;
    j["head_dim"] = c.headDim;
    j["max_position_embeddings"] = c.maxPositionEmbeddings;
    j["rms_norm_eps"] = c.rmsNormEps;
    j["rope"] = {{"type", c.rope.type}, {"theta", c.rope.theta}, {"factor", c.rope.factor}};
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    j["config_dtype"] =
        c.torchDtype ? nlohmann::json(model::dtypeName(*c.torchDtype)) : nlohmann::json(nullptr);
    j["eos_token_ids"] = c.eosTokenIds;
    j["parameters"] = info.parameterCount;
    j["parameters_expected"] = c.parameterCount();
    j["weight_bytes"] = info.weightBytes;
    j["files"] = info.files;
    j["sharded"] = info.sharded;
    j["tensor_dtypes"] = info.dtypeTensorCounts;
    j["tensor_count"] = info.tensors.size();
    j["missing_weights"] = info.missingWeights;
    j["unexpected_tensors"] = info.unexpectedTensors;
    j["tokenizer_json"] = info.hasTokenizerJson;
    j["tokenizer_config"] = info.hasTokenizerConfig;
    j["chat_template"] = info.hasChatTemplate;
    j["generation_config"] = info.hasGenerationConfig;
    if (withTensors) {
        for (const auto& t : info.tensors)
            j["tensors"].push_back({{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}});
    }
    return j;
}

void printInfo(const model::ModelInfo& info, bool withTensors) {
    const auto& c = info.config;
    std::printf("model: %s\n", info.dir.string().c_str());
    std::printf("architecture: %s\n", model::architectureName(c.architecture).c_str());
    std::printf(
        "sizes: vocab %lld, hidden %lld, intermediate %lld, layers %lld, heads %lld, kv heads "
        "%lld, head_dim %lld\n",
        (long long)c.vocabSize, (long long)c.hiddenSize, (long long)c.intermediateSize,
        (long long)c.numLayers, (long long)c.numHeads, (long long)c.numKvHeads,
        (long long)c.headDim);
    std::printf("rope: %s, theta %g", c.rope.type.c_str(), c.rope.theta);
    if (c.rope.type != "default") std::printf(", factor %g", c.rope.factor);
    std::printf("; rms_norm_eps %g; embeddings %s\n", c.rmsNormEps,
                c.tieWordEmbeddings ? "tied" : "untied");
    std::printf("config dtype: %s\n",
                c.torchDtype ? model::dtypeName(*c.torchDtype).c_str() : "(unset)");
    std::string dtypes;
    for (const auto& [d, n] : info.dtypeTensorCounts)
        dtypes += (dtypes.empty() ? "" : ", ") + d + " x" + std::to_string(n);
    std::printf("tensors: %zu in %zu file(s)%s (%s), %s\n", info.tensors.size(), info.files.size(),
                info.sharded ? ", sharded" : "", dtypes.c_str(),
                humanBytes(info.weightBytes).c_str());
    std::printf("parameters: %lld (%.3f B)\n", (long long)info.parameterCount,
                double(info.parameterCount) / 1e9);
    if (!info.missingWeights.empty()) {
        std::printf("missing weights (%zu):", info.missingWeights.size());
        for (std::size_t i = 0; i < info.missingWeights.size() && i < 5; ++i)
            std::printf(" %s", info.missingWeights[i].c_str());
        std::printf("%s\n", info.missingWeights.size() > 5 ? " ..." : "");
    }
    if (!info.unexpectedTensors.empty())
        std::printf("unused tensors: %zu\n", info.unexpectedTensors.size());
    std::printf(
        "tokenizer.json: %s; tokenizer_config.json: %s; chat template: %s; generation_config.json: "
        "%s\n",
        info.hasTokenizerJson ? "yes" : "no", info.hasTokenizerConfig ? "yes" : "no",
        info.hasChatTemplate ? "yes" : "no", info.hasGenerationConfig ? "yes" : "no");
    if (withTensors)
        for (const auto& t : info.tensors)
            std::printf("  %-60s %-5s %s\n", t.name.c_str(), t.dtype.c_str(),
                        shapeText(t.shape).c_str());
}

int runInfo(const std::vector<std::string>& args) {
    ts::cli::ArgParser p("tracescope-cli model info DIR [--json] [--tensors]",
                         "Describes a Hugging Face model directory (config.json + safetensors) "
                         "without loading weights.");
    p.positional("DIR", "model directory")
        .flag("--json", "print JSON")
        .flag("--tensors", "list every tensor");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const auto info = model::inspectModel(a.positionals()[0]);
    if (a.flag("--json"))
        std::printf("%s\n", infoJson(info, a.flag("--tensors")).dump(2).c_str());
    else
        printInfo(info, a.flag("--tensors"));
    return info.missingWeights.empty() ? ts::cli::kExitOk : ts::cli::kExitFailure;
}

int runParityCommand(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli model parity [--fixtures DIR] [--device cpu|cuda] [--dtype D] [--json]",
        "Compares the engine with the transformers reference fixtures (logits, batch logits, "
        "greedy "
        "ids, masked loss). float32 uses the fixtures' tolerances; bfloat16/float16 the documented "
        "reduced-precision bounds (docs/model.md).");
    p.option("--fixtures", "DIR", "parity fixture root (default: ../shared/data/parity)")
        .option("--device", "DEV", "cpu, cuda or cuda:N", "cpu")
        .option("--dtype", "D", "float32, bfloat16 or float16", "float32")
        .flag("--json", "one JSON object per fixture");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    std::filesystem::path root = a.find("--fixtures").value_or("");
    if (root.empty()) root = ts::sharedDataDir().empty() ? "" : ts::sharedDataDir() / "parity";
    const auto fixtures = model::findParityFixtures(root);
    if (fixtures.empty())
        throw ts::Error("no parity fixtures (folders with reference.safetensors) found",
                        {root.string()});
    const auto dtype = model::parseDType(a.get("--dtype"));
    if (!dtype) throw UsageError("--dtype expects float32, bfloat16 or float16");
    bool ok = true;
    for (const auto& f : fixtures) {
        for (const auto mode : {model::LoraMode::Unmerged, model::LoraMode::Merged}) {
            if (mode == model::LoraMode::Merged && !model::isAdapterFixture(f)) continue;
            model::ParityOptions opt = model::parityOptionsFor(*dtype);
            opt.engine.device = a.get("--device");
            opt.loraMode = mode;
            const auto r = model::runParity(f, opt);
            ok = ok && r.passed();
            if (a.flag("--json"))
                std::printf("%s\n", r.toJson().c_str());
            else
                std::printf("%s", r.toText().c_str());
        }
    }
    return ok ? ts::cli::kExitOk : ts::cli::kExitFailure;
}

int runModel(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::puts(
            "usage: tracescope-cli model info DIR [--json] [--tensors]\n"
            "       tracescope-cli model parity [--fixtures DIR] [--device D] [--dtype D] "
            "[--json]\n\n"
            "'tracescope-cli model SUBCOMMAND --help' describes one.");
        return args.empty() ? ts::cli::kExitUsage : ts::cli::kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "info") return runInfo(rest);
    if (args[0] == "parity") return runParityCommand(rest);
    throw UsageError("unknown model subcommand '" + args[0] + "' (expected info or parity)");
}

ts::cli::RegisterCommand reg{
    {"model", "inspect a model directory; check the engine against transformers", &runModel}};

}  // namespace
