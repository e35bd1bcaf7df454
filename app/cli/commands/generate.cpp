// tracescope-cli generate: batched generation with the model engine (greedy or
// seeded sampling) from text (--prompt, raw or --chat), chat messages
// (--messages, rendered with the model's chat template) or token ids (--ids),
// printing the new text / tokens per prompt and the speed.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/commands/model_options.h"
#include "core/model/causal_lm.h"
#include "core/model/chat/chat_template.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace {

namespace model = ts::model;
using ts::cli::UsageError;

model::GenerationOptions generationOptions(const ts::cli::ParsedArgs& a) {
    model::GenerationOptions g;
    g.maxNewTokens = a.getInt("--max-new-tokens");
    g.minNewTokens = a.getInt("--min-new-tokens");
    if (g.maxNewTokens < 0 || g.minNewTokens < 0)
        throw UsageError("token counts must not be negative");
    g.sample = a.flag("--sample");
    g.temperature = a.getDouble("--temperature");
    g.topP = a.getDouble("--top-p");
    g.topK = a.getInt("--top-k");
    g.seed = static_cast<std::uint64_t>(a.getInt("--seed"));
    if (const auto eos = a.find("--eos")) g.eosTokenIds = ts::cli::parseIdList(*eos, "--eos");
    g.ignoreEos = a.flag("--ignore-eos");
    if (const auto pad = a.find("--pad")) g.padTokenId = ts::cli::parseIdList(*pad, "--pad").at(0);
    g.useCudaGraph = !a.flag("--no-cuda-graph");
    return g;
}

// The model's tokenizer (tokenizer.json) and tokenizer_config.json (chat
// template, special tokens), from --tokenizer or the model directory.
struct TextSide {
    ts::Tokenizer tokenizer;
    ts::TokenizerConfig config;
};

TextSide loadTextSide(const ts::cli::ParsedArgs& a) {
    const std::filesystem::path dir = a.find("--tokenizer").value_or(a.get("--model"));
    if (!std::filesystem::exists(dir / "tokenizer.json"))
        throw ts::Error("no tokenizer.json (give --tokenizer DIR, or prompts as --ids)",
                        {dir.string()});
    TextSide t{ts::Tokenizer::load(dir), {}};
    if (std::filesystem::exists(dir / "tokenizer_config.json") ||
        std::filesystem::exists(dir / "chat_template.jinja"))
        t.config = ts::loadTokenizerConfig(dir);
    return t;
}

nlohmann::ordered_json templateVariables(const ts::cli::ParsedArgs& a) {
    auto vars = nlohmann::ordered_json::object();
    for (const auto& kv : a.all("--template-var")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("--template-var expects NAME=VALUE, got '" + kv + "'");
        const std::string value = kv.substr(eq + 1);
        auto parsed = nlohmann::ordered_json::parse(value, nullptr, false);  // true, 3, "x", [..]
        vars[kv.substr(0, eq)] = parsed.is_discarded() ? nlohmann::ordered_json(value) : parsed;
    }
    return vars;
}

std::vector<std::int64_t> encodeChat(const TextSide& t, const nlohmann::ordered_json& messages,
                                     const ts::cli::ParsedArgs& a) {
    if (!t.config.chatTemplate)
        throw ts::Error("the tokenizer has no chat template (use --prompt without --chat)");
    ts::ChatRenderOptions opt;
    opt.addGenerationPrompt = true;
    opt.bosToken = t.config.bosToken;
    opt.eosToken = t.config.eosToken;
    opt.padToken = t.config.padToken;
    opt.unkToken = t.config.unkToken;
    opt.variables = templateVariables(a);
    const std::string text = ts::ChatTemplate(*t.config.chatTemplate).render(messages, opt);
    // The template already wrote the BOS token where the model wants one.
    const auto ids = t.tokenizer.encode(text, ts::EncodeOptions{false, true});
    return {ids.begin(), ids.end()};
}

nlohmann::ordered_json readMessages(const std::string& path) {
    auto j = ts::parseOrderedJsonChecked(ts::readFile(path, ts::kTemplateFileLimit), path);
    if (j.is_object() && j.contains("messages")) j = j["messages"];
    if (!j.is_array() || j.empty())
        throw ts::Error(
            "expected a JSON array of {\"role\", \"content\"} messages (or {\"messages\": [...]})",
            {path});
    for (std::size_t i = 0; i < j.size(); ++i)
        if (!j[i].is_object() || !j[i].contains("role") || !j[i]["role"].is_string())
            throw ts::Error("message " + std::to_string(i) + " has no role", {path, i + 1, "role"});
    return j;
}

// generation_config.json's eos_token_id (what transformers' generate stops on)
// when the model directory has one.
std::vector<std::int64_t> generationConfigEos(const std::filesystem::path& modelDir) {
    const auto path = modelDir / "generation_config.json";
    if (!std::filesystem::exists(path)) return {};
    const std::string text = ts::readFile(path, ts::kConfigFileLimit);
    const auto j = ts::jsonDepthExceededAt(text) ? nlohmann::json()
                                                 : nlohmann::json::parse(text, nullptr, false);
    std::vector<std::int64_t> ids;
    if (!j.is_object() || !j.contains("eos_token_id")) return ids;
    const auto& e = j["eos_token_id"];
    if (e.is_number_integer()) ids.push_back(e.get<std::int64_t>());
    if (e.is_array())
        for (const auto& v : e)
            if (v.is_number_integer()) ids.push_back(v.get<std::int64_t>());
    return ids;
}

int runGenerate(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli generate --model DIR [--adapter DIR] (--prompt TEXT [--chat] | --messages "
        "FILE "
        "| --ids 1,2,3) [--max-new-tokens N] [--device cpu|cuda] [--dtype D] [--json]",
        "Generates continuations with the model engine: greedy by default, or seeded "
        "temperature/top-k/top-p sampling. Prompts (repeat --prompt/--ids for a batch, "
        "left-padded) are text encoded with the model's tokenizer.json (raw, or as one user "
        "message through the chat template with --chat), chat messages rendered with the chat "
        "template (with the generation prompt), or token ids. Stops per prompt on an EOS id "
        "(generation_config.json's, else config.json's, unless --eos), a --stop string, or "
        "after --max-new-tokens.");
    ts::cli::addModelOptions(p);
    p.repeated("--prompt", "TEXT", "prompt text (repeat for a batch)")
        .flag("--chat", "send each --prompt as one user message through the chat template")
        .option("--messages", "FILE", "chat messages: a JSON array of {\"role\", \"content\"}")
        .repeated("--template-var", "NAME=VALUE",
                  "chat template variable, e.g. enable_thinking=false")
        .option("--tokenizer", "DIR",
                "directory with tokenizer.json (default: the model directory)")
        .repeated("--ids", "IDS", "comma-separated prompt token ids (repeat for a batch)")
        .option("--max-new-tokens", "N", "tokens to generate per prompt", "64")
        .option("--min-new-tokens", "N", "suppress EOS before this many tokens", "0")
        .flag("--sample", "sample instead of greedy decoding")
        .option("--temperature", "T", "sampling temperature", "1.0")
        .option("--top-p", "P", "nucleus sampling mass", "1.0")
        .option("--top-k", "K", "sample among the K most likely tokens (0: all)", "0")
        .option("--seed", "N", "sampling seed", "0")
        .option("--eos", "IDS", "stop ids (default: the model's eos_token_id)")
        .flag("--ignore-eos", "never stop on EOS")
        .repeated("--stop", "TEXT",
                  "stop once the generated text contains TEXT (needs the tokenizer)")
        .option("--pad", "ID",
                "padding id for the batch (default: pad_token_id or the first EOS id)")
        .flag("--no-cuda-graph", "decode eagerly on CUDA instead of replaying a captured graph")
        .flag("--progress", "report progress on stderr")
        .flag("--json", "print JSON");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const int sources =
        int(!a.all("--prompt").empty()) + int(a.has("--messages")) + int(!a.all("--ids").empty());
    if (sources != 1)
        throw UsageError("give prompts as exactly one of --prompt, --messages or --ids");
    if (a.flag("--chat") && a.all("--prompt").empty())
        throw UsageError("--chat applies to --prompt");

    auto options = generationOptions(a);
    const bool textIn = a.all("--ids").empty();
    std::optional<TextSide> text;
    if (textIn || !a.all("--stop").empty()) text.emplace(loadTextSide(a));
    std::vector<std::vector<std::int64_t>> prompts;
    if (!a.all("--ids").empty()) {
        for (const auto& s : a.all("--ids")) prompts.push_back(ts::cli::parseIdList(s, "--ids"));
    } else if (a.has("--messages")) {
        prompts.push_back(encodeChat(*text, readMessages(a.get("--messages")), a));
    } else {
        for (const auto& s : a.all("--prompt")) {
            if (a.flag("--chat")) {
                prompts.push_back(encodeChat(
                    *text, nlohmann::ordered_json::array({{{"role", "user"}, {"content", s}}}), a));
            } else {
                const auto ids = text->tokenizer.encode(s, ts::EncodeOptions{true, true});
                prompts.emplace_back(ids.begin(), ids.end());
            }
        }
    }
    if (options.eosTokenIds.empty()) options.eosTokenIds = generationConfigEos(a.get("--model"));
    const auto decode = [&](const std::vector<std::int64_t>& ids) {
        const std::vector<std::int32_t> v(ids.begin(), ids.end());
        return text->tokenizer.decode(v, ts::DecodeOptions{true});
    };
    if (!a.all("--stop").empty()) {
        options.stopStrings = a.all("--stop");
        options.detokenize = decode;
    }

    auto lm = ts::cli::loadModel(a);
    ts::ProgressSink sink;
    if (a.flag("--progress"))
        sink = ts::ProgressSink([](const ts::Progress& pr) {
            std::fprintf(stderr, "\r%3.0f%% %s", pr.fraction * 100, pr.message.c_str());
            if (pr.fraction >= 1.0) std::fprintf(stderr, "\n");
            return true;
        });
    const auto r = lm.generate(prompts, options, sink);
    const double seconds = r.prefillSeconds + r.decodeSeconds;
    const double tokPerS = seconds > 0 ? double(r.generatedTokens()) / seconds : 0.0;

    if (a.flag("--json")) {
        nlohmann::json j;
        j["device"] = lm.deviceName();
        j["dtype"] = model::dtypeName(lm.options().dtype);
        for (std::size_t i = 0; i < r.sequences.size(); ++i) {
            const auto& s = r.sequences[i];
            nlohmann::json row = {{"prompt_ids", prompts[i]},
                                  {"tokens", s.tokens},
                                  {"finish_reason", model::finishReasonName(s.reason)}};
            if (text) row["text"] = decode(s.tokens);
            if (!s.stopString.empty()) row["stop_string"] = s.stopString;
            j["sequences"].push_back(row);
        }
        j["timing"] = {{"setup_s", r.setupSeconds},   {"prefill_s", r.prefillSeconds},
                       {"decode_s", r.decodeSeconds}, {"generated_tokens", r.generatedTokens()},
                       {"tokens_per_s", tokPerS},     {"cuda_graph", r.usedCudaGraph}};
        if (!r.cudaGraphFallback.empty()) j["timing"]["cuda_graph_fallback"] = r.cudaGraphFallback;
        std::printf("%s\n", j.dump(2).c_str());
        return ts::cli::kExitOk;
    }
    for (std::size_t i = 0; i < r.sequences.size(); ++i) {
        const auto& s = r.sequences[i];
        std::printf("[%zu] %s:", i, model::finishReasonName(s.reason).c_str());
        if (text) {
            std::printf(" %s\n", decode(s.tokens).c_str());
            continue;
        }
        for (auto t : s.tokens) std::printf(" %lld", (long long)t);
        std::printf("\n");
    }
    std::fflush(stdout);
    std::fprintf(stderr, "%lld tokens in %.3f s (prefill %.3f s) = %.1f tokens/s on %s%s\n",
                 (long long)r.generatedTokens(), seconds, r.prefillSeconds, tokPerS,
                 lm.deviceName().c_str(),
                 r.usedCudaGraph               ? " with a CUDA graph"
                 : r.cudaGraphFallback.empty() ? ""
                                               : " (eager: the CUDA graph capture failed)");
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"generate", "generate tokens with a model (greedy or sampled)", &runGenerate}};

}  // namespace
