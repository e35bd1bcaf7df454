// Tokenizer throughput: single-thread tokens/s and MB/s of ts::Tokenizer on
// CoTempQA texts (every fact and question of cotempqa/{equal,overlap,mix}.json)
// and MS MARCO passages, for the Qwen3 and Llama 3 tokenizers of ../shared.
// Cold = empty word cache, warm = cache filled by an earlier pass; the in-run
// baseline is the same encode with the word cache disabled.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/tokenizer/tokenizer.h"
#include "core/util/file_io.h"
#include "core/util/paths.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Reference figures (single thread) quoted in the project docs.
constexpr double kJsQwen3 = 180e3, kJsLlama3 = 300e3;      // HF JavaScript port, this machine
constexpr double kRustQwen3 = 505e3, kRustLlama3 = 647e3;  // HF Rust tokenizers, GPU host CPU

struct Corpus {
    std::string name;
    std::vector<std::string> texts;
    std::size_t bytes = 0;
};

Corpus loadCoTempQa(const fs::path& dir) {
    Corpus c{"CoTempQA", {}, 0};
    for (const char* file : {"equal.json", "overlap.json", "mix.json"}) {
        ts::LineReader reader(dir / file);
        std::string line;
        while (reader.next(line)) {
            if (line.empty()) continue;
            const auto rec = nlohmann::json::parse(line);
            for (const auto& f : rec.at("facts")) c.texts.push_back(f.get<std::string>());
            c.texts.push_back(rec.at("question").get<std::string>());
        }
    }
    for (const auto& t : c.texts) c.bytes += t.size();
    return c;
}

Corpus loadMarco(const fs::path& file) {
    Corpus c{"MARCO", {}, 0};
    const auto records = nlohmann::json::parse(ts::readFile(file));
    for (const auto& r : records)
        for (const auto& p : r.at("passages").at("passage_text")) c.texts.push_back(p.get<std::string>());
    for (const auto& t : c.texts) c.bytes += t.size();
    return c;
}

struct Pass {
    double seconds = 0;
    std::size_t tokens = 0;
    std::uint64_t checksum = 0;
};

Pass encodeAll(const ts::Tokenizer& tok, const Corpus& corpus) {
    Pass p;
    std::vector<std::int32_t> ids;
    const auto t0 = Clock::now();
    for (const auto& text : corpus.texts) {
        ids.clear();
        tok.encodeInto(text, ids);
        p.tokens += ids.size();
        for (auto id : ids) p.checksum = p.checksum * 31 + std::uint64_t(id);
    }
    p.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return p;
}

// Repeats passes until at least minSeconds have been measured; returns the total.
Pass encodeRepeated(const ts::Tokenizer& tok, const Corpus& corpus, double minSeconds) {
    Pass total;
    do {
        const Pass p = encodeAll(tok, corpus);
        total.seconds += p.seconds;
        total.tokens += p.tokens;
        total.checksum = p.checksum;
    } while (total.seconds < minSeconds);
    return total;
}

void report(const char* label, const Pass& p, std::size_t bytesPerPass, std::size_t tokensPerPass) {
    const double passes = double(p.tokens) / double(tokensPerPass);
    std::printf("    %-22s %10.0f tok/s  %7.2f MB/s  (%.3f s, %.0f pass%s)\n", label, p.tokens / p.seconds,
                passes * double(bytesPerPass) / p.seconds / 1e6, p.seconds, passes, passes == 1 ? "" : "es");
}

}  // namespace

int main() {
    const fs::path shared = ts::sharedDataDir();
    if (shared.empty() || !fs::exists(shared / "tokenizers/qwen3/tokenizer.json")) {
        std::printf("bench_tokenizer: SKIP - ../shared/data (tokenizers, cotempqa, msmarco) not found; "
                    "set TRACESCOPE_SHARED_DATA to run it\n");
        return 0;
    }
    const std::vector<Corpus> corpora = {loadCoTempQa(shared / "cotempqa"),
                                         loadMarco(shared / "msmarco/ms_marco_sample.json")};
    std::printf("bench_tokenizer: single thread; cold = empty word cache, warm = filled cache, "
                "no-cache = merge loop for every pre-token\n");
    for (const auto& c : corpora)
        std::printf("  corpus %-8s %zu texts, %.2f MB\n", c.name.c_str(), c.texts.size(), c.bytes / 1e6);

    for (const char* name : {"qwen3", "llama3"}) {
        const auto t0 = Clock::now();
        ts::Tokenizer tok = ts::Tokenizer::load(shared / "tokenizers" / name);
        std::printf("\n%s: loaded in %.2f s\n", name, std::chrono::duration<double>(Clock::now() - t0).count());
        const bool qwen = std::string(name) == "qwen3";
        const double js = qwen ? kJsQwen3 : kJsLlama3, rust = qwen ? kRustQwen3 : kRustLlama3;
        for (const auto& corpus : corpora) {
            std::printf("  %s:\n", corpus.name.c_str());
            tok.setWordCacheCapacity(ts::Tokenizer::kDefaultWordCacheCapacity);
            const Pass cold = encodeAll(tok, corpus);
            const Pass warm = encodeRepeated(tok, corpus, 1.0);
            const auto stats = tok.wordCacheStats();
            tok.setWordCacheCapacity(0);
            const Pass none = encodeRepeated(tok, corpus, 1.0);
            if (none.checksum != warm.checksum || cold.checksum != warm.checksum) {
                std::printf("  ERROR: ids differ between cached and uncached encoding\n");
                return 1;
            }
            report("cold (empty cache)", cold, corpus.bytes, cold.tokens);
            report("warm (cache filled)", warm, corpus.bytes, cold.tokens);
            report("no cache (baseline)", none, corpus.bytes, cold.tokens);
            const double warmRate = warm.tokens / warm.seconds, coldRate = cold.tokens / cold.seconds;
            std::printf("    tokens/pass %zu, cache entries %zu, hit rate %.1f%%\n", cold.tokens, stats.entries,
                        100.0 * double(stats.hits) / double(std::max<std::uint64_t>(1, stats.hits + stats.misses)));
            std::printf("    warm / no-cache %.2fx; warm vs HF JS port %.1fx (cold %.1fx); vs HF Rust on the GPU "
                        "host %.2fx (different CPU)\n",
                        warmRate / (none.tokens / none.seconds), warmRate / js, coldRate / js, warmRate / rust);
        }
    }
    return 0;
}
