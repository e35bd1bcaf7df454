#pragma once
// The BPE merge rules as an open-addressing hash table from a token-id pair to
// (rank, merged id). Encoding looks a pair up for every adjacent symbol pair,
// so this is a flat array probe instead of a node-based std::unordered_map.
#include <cstdint>
#include <vector>

namespace ts {

struct MergeRule {
    std::int32_t rank = -1;  // position in tokenizer.json "merges": lower merges first
    std::int32_t mergedId = -1;
};

class MergeTable {
public:
    void reserve(std::size_t count);
    // Returns false when the pair already has a rule (the first one wins).
    bool insert(std::int32_t left, std::int32_t right, MergeRule rule);
    // nullptr when the pair never merges.
    const MergeRule* find(std::int32_t left, std::int32_t right) const {
        if (slots_.empty()) return nullptr;
        const std::uint64_t key = pack(left, right);
        for (std::size_t i = hash(key);; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.key == key) return &s.rule;
            if (s.key == kEmpty) return nullptr;
        }
    }
    std::size_t size() const { return size_; }

private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    struct Slot {
        std::uint64_t key = kEmpty;
        MergeRule rule;
    };
    static std::uint64_t pack(std::int32_t l, std::int32_t r) {
        return (std::uint64_t(std::uint32_t(l)) << 32) | std::uint32_t(r);
    }
    std::size_t hash(std::uint64_t key) const {
        return std::size_t((key * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    void rehash(std::size_t capacity);

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    int shift_ = 64;
    std::size_t size_ = 0;
};

}  // namespace ts
