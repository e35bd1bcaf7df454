#include "core/model/tokenizer/bpe_model.h"

#include <algorithm>

#include "core/model/tokenizer/byte_level.h"
#include "core/util/error.h"

namespace ts {

BpeModel::BpeModel(const BpeModelSpec& spec)
    : ignoreMerges_(spec.ignoreMerges), fuseUnk_(spec.fuseUnk) {
    std::int32_t maxId = -1;
    for (const auto& [token, id] : spec.vocab) {
        if (id < 0)
            throw Error("negative id " + std::to_string(id) + " for token '" + token + "'",
                        {{}, 0, "model.vocab"});
        if (id > kMaxTokenId)
            throw Error("id " + std::to_string(id) + " of token '" + token +
                            "' is larger than the supported maximum of " +
                            std::to_string(kMaxTokenId),
                        {{}, 0, "model.vocab"});
        maxId = std::max(maxId, id);
    }
    tokens_.resize(std::size_t(maxId + 1));
    present_.assign(std::size_t(maxId + 1), false);
    vocab_.reserve(spec.vocab.size());
    for (const auto& [token, id] : spec.vocab) {
        if (present_[id])
            throw Error("id " + std::to_string(id) + " is used by two tokens ('" + tokens_[id] +
                            "' and '" + token + "')",
                        {{}, 0, "model.vocab"});
        if (!vocab_.emplace(token, id).second)
            throw Error("token '" + token + "' appears twice", {{}, 0, "model.vocab"});
        tokens_[id] = token;
        present_[id] = true;
    }
    for (int b = 0; b < 256; ++b) {
        std::string ch;
        byte_level::appendEncoded(std::string_view(reinterpret_cast<const char*>(&b), 1), ch);
        const auto it = vocab_.find(ch);
        byteIds_[b] = it == vocab_.end() ? -1 : it->second;
    }
    if (spec.unkToken) {
        const auto it = vocab_.find(*spec.unkToken);
        if (it == vocab_.end())
            throw Error("unk_token '" + *spec.unkToken + "' is not in the vocabulary",
                        {{}, 0, "model.unk_token"});
        unkId_ = it->second;
    }
    merges_.reserve(spec.merges.size());
    std::string joined;
    for (std::size_t rank = 0; rank < spec.merges.size(); ++rank) {
        const auto& [left, right] = spec.merges[rank];
        const std::string key = "model.merges[" + std::to_string(rank) + "]";
        const auto l = vocab_.find(left), r = vocab_.find(right);
        if (l == vocab_.end() || r == vocab_.end())
            throw Error(
                "merge '" + left + " " + right + "' uses a token that is not in the vocabulary",
                {{}, 0, key});
        joined.assign(left).append(right);
        const auto m = vocab_.find(joined);
        if (m == vocab_.end())
            throw Error("merge result '" + joined + "' is not in the vocabulary", {{}, 0, key});
        // A repeated pair keeps its first (best) rank, as in Hugging Face.
        merges_.insert(l->second, r->second, MergeRule{std::int32_t(rank), m->second});
    }
    if (ignoreMerges_) {
        rawVocab_.reserve(vocab_.size());
        for (const auto& [token, id] : vocab_)
            if (auto raw = byte_level::decode(token)) rawVocab_.emplace(std::move(*raw), id);
    }
}

std::optional<std::int32_t> BpeModel::tokenToId(std::string_view token) const {
    const auto it = vocab_.find(token);
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

const std::string* BpeModel::idToToken(std::int32_t id) const {
    if (id < 0 || id >= idLimit() || !present_[id]) return nullptr;
    return &tokens_[id];
}

void BpeModel::encodeWord(std::string_view bytes, std::vector<std::int32_t>& out) const {
    if (bytes.empty()) return;
    if (ignoreMerges_) {
        const auto it = rawVocab_.find(bytes);
        if (it != rawVocab_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    mergeSymbols(bytes, out);
}

namespace {

struct Symbol {
    std::int32_t id;
    std::int32_t prev, next;  // neighbours in the live list, -1 at the ends
};

struct Candidate {
    std::int32_t rank;
    std::int32_t pos;  // left symbol; ties go to the leftmost pair, as in Hugging Face
    std::int32_t left, right, merged;
    bool operator>(const Candidate& o) const {
        return rank != o.rank ? rank > o.rank : pos > o.pos;
    }
};

}  // namespace

// Repeatedly applies the best-ranked merge among adjacent symbols (a min-heap
// of candidate pairs with lazy invalidation: O(n log n) even for long words).
void BpeModel::mergeSymbols(std::string_view bytes, std::vector<std::int32_t>& out) const {
    thread_local std::vector<Symbol> symbols;
    thread_local std::vector<Candidate> heap;
    symbols.clear();
    heap.clear();
    for (unsigned char b : bytes) {
        std::int32_t id = byteIds_[b];
        if (id < 0) {
            // Hugging Face drops characters missing from the vocabulary unless an
            // unk token is configured (every byte is present in real byte-level vocabularies).
            if (unkId_ < 0) continue;
            if (fuseUnk_ && !symbols.empty() && symbols.back().id == unkId_) continue;
            id = unkId_;
        }
        const auto n = std::int32_t(symbols.size());
        symbols.push_back({id, n - 1, -1});
        if (n > 0) symbols[n - 1].next = n;
    }
    auto consider = [&](std::int32_t pos) {
        const std::int32_t next = symbols[pos].next;
        if (next < 0) return;
        if (const MergeRule* r = merges_.find(symbols[pos].id, symbols[next].id)) {
            heap.push_back({r->rank, pos, symbols[pos].id, symbols[next].id, r->mergedId});
            std::push_heap(heap.begin(), heap.end(), std::greater<>{});
        }
    };
    for (std::int32_t i = 0; i + 1 < std::int32_t(symbols.size()); ++i) consider(i);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
        const Candidate c = heap.back();
        heap.pop_back();
        Symbol& s = symbols[c.pos];
        // Stale when either side was merged since the candidate was queued.
        if (s.id != c.left || s.next < 0 || symbols[s.next].id != c.right) continue;
        const std::int32_t removed = s.next;
        s.id = c.merged;
        s.next = symbols[removed].next;
        if (s.next >= 0) symbols[s.next].prev = c.pos;
        symbols[removed].id = -1;
        if (s.prev >= 0) consider(s.prev);
        consider(c.pos);
    }
    for (std::int32_t i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next)
        out.push_back(symbols[i].id);
}

}  // namespace ts
