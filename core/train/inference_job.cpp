#include "core/train/inference_job.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/decompose/sft_builder.h"
#include "core/model/causal_lm.h"
#include "core/model/memory_estimate.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/score/strict_rule.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

struct StoredPrediction {
    std::string itemId, text;
};

// Reads the complete lines of a predictions file; a last line that is not a
// complete JSON object (the process died while writing it) is cut off.
std::vector<StoredPrediction> readAndRepair(const fs::path& file) {
    std::vector<StoredPrediction> out;
    if (!fs::exists(file)) return out;
    const std::string text = readFile(file);
    std::size_t pos = 0, goodEnd = 0, line = 0;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        ++line;
        if (nl == std::string::npos) break;  // unterminated: torn
        const std::string_view row(text.data() + pos, nl - pos);
        if (!row.empty()) {
            nlohmann::json j;
            try {
                j = nlohmann::json::parse(row);
            } catch (const nlohmann::json::exception&) {
                throw Error("not a JSON object", {file.string(), line});
            }
            if (!j.is_object() || !j.contains("item_id") || !j["item_id"].is_string() ||
                !j.contains("prediction") || !j["prediction"].is_string())
                throw Error("expected {\"item_id\": string, \"prediction\": string}", {file.string(), line});
            out.push_back({j["item_id"].get<std::string>(), j["prediction"].get<std::string>()});
        }
        pos = nl + 1;
        goodEnd = pos;
    }
    if (goodEnd < text.size()) fs::resize_file(file, goodEnd);
    return out;
}

class AppendFile {
public:
    explicit AppendFile(const fs::path& path) : path_(path) {
        if (!path.parent_path().empty()) fs::create_directories(path.parent_path());
        f_ = std::fopen(path.c_str(), "ab");
        if (!f_) throw Error("cannot open for writing", {path.string()});
    }
    ~AppendFile() {
        if (f_) std::fclose(f_);
    }
    AppendFile(const AppendFile&) = delete;
    AppendFile& operator=(const AppendFile&) = delete;

    void writeDurably(const std::string& text) {
        if (std::fwrite(text.data(), 1, text.size(), f_) != text.size() || std::fflush(f_) != 0)
            throw Error("write failed (disk full?)", {path_.string()});
        ::fsync(::fileno(f_));
    }

private:
    fs::path path_;
    std::FILE* f_ = nullptr;
};

void tally(LiveScore& s, const ItemVerdict& v) {
    ++s.done;
    s.answerOk += answerCountsAsCorrect(v.answer);
    s.traceOk += countsAsCorrect(v.trace, RetrievalMode::All);
    s.noTrace += v.parse == ParseStatus::NoTrace || v.parse == ParseStatus::Malformed;
}

}  // namespace

std::vector<ChatMessage> inferenceMessages(const Item& item, const DecompositionRule& rule,
                                           const InferenceOptions& options) {
    std::vector<ChatMessage> messages;
    if (options.includeSystemMessage) messages.push_back({"system", rule.systemMessage(options.modelFamily)});
    messages.push_back({"user", rule.userPrompt(item, options.promptStyle)});
    return messages;
}

// On CUDA: the largest batch's KV cache, prefill and logits must fit in what is
// free beside the loaded weights (core/model/memory_estimate.h).
static void requireGenerationMemory(const model::CausalLM& lm, std::size_t batch,
                                    std::int64_t tokens) {
    const auto freeBytes = model::deviceFreeBytes(lm.deviceName());
    if (!freeBytes) return;
    const auto estimate = model::estimateInferenceMemory(lm.config(), lm.options().dtype,
                                                         static_cast<std::int64_t>(batch), tokens);
    model::requireDeviceMemory(estimate, *freeBytes + estimate.weights, lm.deviceName(),
                               "inference", "lower --batch-size or --max-new-tokens");
}

std::vector<std::string> answeredItems(const fs::path& file) {
    std::vector<std::string> ids;
    for (const auto& p : readAndRepair(file)) ids.push_back(p.itemId);
    return ids;
}

InferenceResult runInference(model::CausalLM& lm, const Tokenizer& tokenizer, const ChatRenderer& render,
                             const std::vector<Item>& items, DatasetKind kind, const InferenceOptions& options,
                             const fs::path& file, const ProgressSink& progress, const BatchCallback& onBatch) {
    if (options.batchSize < 1) throw Error("batch size must be at least 1", {{}, 0, "batch_size"});
    if (options.maxNewTokens < 1) throw Error("max_new_tokens must be at least 1", {{}, 0, "max_new_tokens"});
    const auto started = std::chrono::steady_clock::now();
    const DecompositionRule& rule = ruleFor(kind);
    const TraceVocabulary vocabulary = traceVocabularyFor(kind);
    StrictRule strict;

    std::map<std::string, const Item*> byId;
    for (const auto& item : items) byId[item.id] = &item;

    InferenceResult result;
    result.predictionsFile = file;
    result.items = static_cast<std::int64_t>(items.size());
    result.score.total = result.items;
    std::set<std::string> done;
    for (const auto& p : readAndRepair(file)) {
        const auto it = byId.find(p.itemId);
        if (it == byId.end())
            throw Error("predictions file answers item '" + p.itemId + "', which this split does not have",
                        {file.string()});
        if (!done.insert(p.itemId).second)
            throw Error("item '" + p.itemId + "' is answered twice", {file.string()});
        tally(result.score, scoreItem(strict, kind, vocabulary, *it->second, p.text));
    }
    result.alreadyDone = static_cast<std::int64_t>(done.size());

    // Prompts of the remaining items, sorted by length so batches pad little.
    EncodeOptions encode;
    encode.addSpecialTokens = false;
    struct Pending {
        const Item* item;
        std::vector<std::int64_t> ids;
    };
    std::vector<Pending> pending;
    for (const auto& item : items) {
        if (done.count(item.id)) continue;
        const std::string text = render(inferenceMessages(item, rule, options), !options.noGenerationPrompt);
        const auto ids32 = tokenizer.encode(text, encode);
        pending.push_back({&item, std::vector<std::int64_t>(ids32.begin(), ids32.end())});
    }
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.ids.size() < b.ids.size(); });

    if (!pending.empty())
        requireGenerationMemory(
            lm, std::min(pending.size(), static_cast<std::size_t>(options.batchSize)),
            static_cast<std::int64_t>(pending.back().ids.size()) + options.maxNewTokens);

    model::GenerationOptions gen;
    gen.maxNewTokens = options.maxNewTokens;
    gen.sample = false;
    gen.padTokenId = 0;
    DecodeOptions decode;
    decode.skipSpecialTokens = true;
    AppendFile out(file);
    const auto total = static_cast<double>(std::max<std::size_t>(1, pending.size()));
    for (std::size_t begin = 0; begin < pending.size(); begin += static_cast<std::size_t>(options.batchSize)) {
        const std::size_t end = std::min(pending.size(), begin + static_cast<std::size_t>(options.batchSize));
        std::vector<std::vector<std::int64_t>> prompts;
        for (std::size_t i = begin; i < end; ++i) prompts.push_back(pending[i].ids);
        const auto batchSink = progress.stage(static_cast<double>(begin) / total, static_cast<double>(end) / total);
        const auto generated = lm.generate(prompts, gen, batchSink);
        std::string lines;
        std::vector<std::string> ids;
        for (std::size_t i = begin; i < end; ++i) {
            const auto& tokens = generated.sequences[i - begin].tokens;
            const std::vector<std::int32_t> t32(tokens.begin(), tokens.end());
            const std::string text = tokenizer.decode(t32, decode);
            const Item& item = *pending[i].item;
            lines += nlohmann::json{{"item_id", item.id}, {"prediction", text}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                     "\n";
            tally(result.score, scoreItem(strict, kind, vocabulary, item, text));
            ids.push_back(item.id);
            result.newTokens += static_cast<std::int64_t>(tokens.size());
        }
        out.writeDurably(lines);
        result.generated += static_cast<std::int64_t>(end - begin);
        if (onBatch) onBatch(ids, result.score);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char msg[200];
        std::snprintf(msg, sizeof msg, "generated %lld/%lld, answer accuracy so far %.1f%%, %.0f tokens/s",
                      static_cast<long long>(result.score.done), static_cast<long long>(result.items),
                      100.0 * result.score.answerAccuracy(), secs > 0 ? result.newTokens / secs : 0.0);
        progress.report(static_cast<double>(end) / total, msg);
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace ts::train
