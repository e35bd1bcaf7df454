#include "core/model/tokenizer/bpe_trainer.h"

#include <algorithm>
#include <deque>
#include <queue>
#include <set>
#include <unordered_map>

#include "core/model/tokenizer/byte_level.h"
#include "core/model/tokenizer/pre_tokenizer.h"
#include "core/model/tokenizer/unicode_nfc.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

struct BpeTrainer::Pipeline {
    AddedVocabulary specials;
    PreTokenizer preTokenizer;
    Pipeline(const TokenizerSpec& spec)
        : specials(spec.addedTokens), preTokenizer(spec.preTokenizer) {}
};

BpeTrainer::BpeTrainer(BpeTrainerOptions options) : options_(std::move(options)) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < options_.specialTokens.size(); ++i) {
        const std::string& s = options_.specialTokens[i];
        if (s.empty() || !isValidUtf8(s))
            throw Error("special tokens must be non-empty UTF-8", {{}, 0, "specialTokens"});
        if (!seen.insert(s).second)
            throw Error("special token '" + s + "' is listed twice", {{}, 0, "specialTokens"});
        AddedToken t;
        t.id = std::int32_t(i);
        t.content = s;
        t.special = true;
        base_.addedTokens.push_back(std::move(t));
    }
    const std::size_t minimum = options_.specialTokens.size() + 256;
    if (options_.vocabSize < minimum)
        throw Error("vocabulary size " + std::to_string(options_.vocabSize) + " is below the " +
                        std::to_string(minimum) + " tokens of the byte alphabet and special tokens",
                    {{}, 0, "vocabSize"});
    base_.normalizer = options_.nfc ? NormalizerKind::Nfc : NormalizerKind::None;
    base_.preTokenizer = {SplitStep{options_.splitPattern, true, SplitBehavior::Isolated, false},
                          ByteLevelStep{false, false, false}};
    base_.postProcessor.kind = PostProcessorSpec::Kind::ByteLevel;
    pipeline_ = std::make_unique<Pipeline>(base_);
}

BpeTrainer::~BpeTrainer() = default;

void BpeTrainer::addText(std::string_view text) {
    if (const auto bad = firstInvalidUtf8(text))
        throw Error("training text is not valid UTF-8 (byte offset " + std::to_string(*bad) + ")");
    std::vector<TextSegment> segments;
    pipeline_->specials.split(text, false, segments);
    std::vector<std::string_view> pieces;
    std::deque<std::string> storage;
    for (const auto& s : segments) {
        if (s.tokenId >= 0) continue;  // special tokens are never merged into words
        std::string_view raw = text.substr(s.begin, s.end - s.begin);
        std::string normalized;
        if (options_.nfc && !isNfcQuickYes(raw)) {
            normalized = toNfc(raw);
            raw = normalized;
        }
        pipeline_->preTokenizer.run(raw, pieces, storage);
        for (std::string_view p : pieces) {
            auto it = words_.find(p);
            if (it == words_.end()) it = words_.emplace(std::string(p), 0).first;
            ++it->second;
        }
        storage.clear();
    }
}

namespace {

using Pair = std::uint64_t;
Pair makePair(std::int32_t a, std::int32_t b) {
    return (Pair(std::uint32_t(a)) << 32) | std::uint32_t(b);
}
std::int32_t leftOf(Pair p) {
    return std::int32_t(p >> 32);
}
std::int32_t rightOf(Pair p) {
    return std::int32_t(p & 0xFFFFFFFFu);
}

struct Word {
    std::vector<std::int32_t> symbols;
    std::int64_t count;
};

struct QueueEntry {
    std::int64_t count;
    Pair pair;
    // Highest count first; among equal counts the pair of lower ids.
    bool operator<(const QueueEntry& o) const {
        return count != o.count ? count < o.count : pair > o.pair;
    }
};

}  // namespace

TokenizerSpec BpeTrainer::train(const ProgressSink& sink) const {
    TokenizerSpec spec = base_;
    // Vocabulary: special tokens, then the byte alphabet in character order (as Hugging Face does).
    std::vector<std::string> idToToken;
    StringMap<std::int32_t> tokenToId;
    std::vector<std::size_t> tokenBytes;  // raw length of each token
    auto addToken = [&](const std::string& token, std::size_t bytes) {
        const auto id = std::int32_t(idToToken.size());
        idToToken.push_back(token);
        tokenToId.emplace(token, id);
        tokenBytes.push_back(bytes);
        return id;
    };
    for (const auto& s : options_.specialTokens) addToken(s, s.size());
    std::vector<std::pair<char32_t, int>> alphabet;
    for (int b = 0; b < 256; ++b)
        alphabet.emplace_back(byte_level::charForByte(std::uint8_t(b)), b);
    std::sort(alphabet.begin(), alphabet.end());
    std::array<std::int32_t, 256> byteId{};
    for (const auto& [ch, b] : alphabet) {
        std::string token;
        appendUtf8(token, ch);
        // A special token spelled like a byte character keeps its id.
        const auto it = tokenToId.find(token);
        byteId[b] = it != tokenToId.end() ? it->second : addToken(token, 1);
    }

    // Words as symbol sequences, sorted so the result does not depend on hash order.
    std::vector<std::pair<std::string, std::uint64_t>> sorted(words_.begin(), words_.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<Word> words;
    words.reserve(sorted.size());
    for (const auto& [w, n] : sorted) {
        Word word{{}, std::int64_t(n)};
        for (unsigned char c : w) word.symbols.push_back(byteId[c]);
        words.push_back(std::move(word));
    }

    std::unordered_map<Pair, std::int64_t> pairCount;
    std::unordered_map<Pair, std::vector<std::uint32_t>> where;
    for (std::uint32_t wi = 0; wi < words.size(); ++wi) {
        const auto& s = words[wi].symbols;
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
            const Pair p = makePair(s[i], s[i + 1]);
            pairCount[p] += words[wi].count;
            where[p].push_back(wi);
        }
    }
    std::priority_queue<QueueEntry> queue;
    for (const auto& [p, n] : pairCount) queue.push({n, p});

    const std::size_t target = options_.vocabSize;
    const std::size_t startSize = idToToken.size();
    std::string merged;
    while (idToToken.size() < target && !queue.empty()) {
        const QueueEntry top = queue.top();
        queue.pop();
        const auto cit = pairCount.find(top.pair);
        const std::int64_t current = cit == pairCount.end() ? 0 : cit->second;
        if (current != top.count) {  // stale entry: requeue with the up-to-date count
            if (current > 0) queue.push({current, top.pair});
            continue;
        }
        if (current < std::int64_t(options_.minFrequency)) break;
        const std::int32_t a = leftOf(top.pair), b = rightOf(top.pair);
        const std::size_t mergedBytes = tokenBytes[a] + tokenBytes[b];
        if (options_.maxTokenBytes > 0 && mergedBytes > options_.maxTokenBytes) {
            pairCount.erase(top.pair);  // never merge it; drop it from the queue for good
            continue;
        }
        merged = idToToken[a] + idToToken[b];
        const auto existing = tokenToId.find(merged);
        const std::int32_t id =
            existing != tokenToId.end() ? existing->second : addToken(merged, mergedBytes);
        spec.model.merges.emplace_back(idToToken[a], idToToken[b]);

        std::vector<std::uint32_t> affected = std::move(where[top.pair]);
        where.erase(top.pair);
        std::sort(affected.begin(), affected.end());
        affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
        std::set<Pair> changed;
        for (std::uint32_t wi : affected) {
            Word& w = words[wi];
            auto& s = w.symbols;
            bool hasPair = false;
            for (std::size_t i = 0; i + 1 < s.size() && !hasPair; ++i)
                hasPair = s[i] == a && s[i + 1] == b;
            if (!hasPair) continue;
            // Take the word's pairs out, merge left to right, put them back.
            for (std::size_t i = 0; i + 1 < s.size(); ++i)
                pairCount[makePair(s[i], s[i + 1])] -= w.count;
            std::size_t out = 0;
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
                    s[out++] = id;
                    ++i;
                } else {
                    s[out++] = s[i];
                }
            }
            s.resize(out);
            for (std::size_t i = 0; i + 1 < s.size(); ++i) {
                const Pair p = makePair(s[i], s[i + 1]);
                pairCount[p] += w.count;
                if (s[i] == id || s[i + 1] == id) {
                    where[p].push_back(wi);
                    changed.insert(p);
                }
            }
        }
        pairCount.erase(top.pair);
        for (Pair p : changed) {
            const auto it = pairCount.find(p);
            if (it != pairCount.end() && it->second > 0) queue.push({it->second, p});
        }
        const std::size_t learned = idToToken.size() - startSize;
        if (learned % 64 == 0)
            sink.report(double(learned) / double(target - startSize),
                        "learned " + std::to_string(learned) + " merges");
    }
    sink.report(1.0, "learned " + std::to_string(spec.model.merges.size()) + " merges");

    spec.model.vocab.reserve(idToToken.size());
    for (std::size_t id = 0; id < idToToken.size(); ++id)
        spec.model.vocab.emplace_back(idToToken[id], std::int32_t(id));
    return spec;
}

}  // namespace ts
