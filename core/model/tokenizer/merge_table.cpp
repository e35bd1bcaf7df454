#include "core/model/tokenizer/merge_table.h"

namespace ts {

void MergeTable::rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (const Slot& s : old)
        if (s.key != kEmpty)
            insert(std::int32_t(s.key >> 32), std::int32_t(s.key & 0xFFFFFFFFu), s.rule);
}

void MergeTable::reserve(std::size_t count) {
    std::size_t capacity = 16;
    while (capacity < count * 2) capacity <<= 1;  // load factor at most 1/2
    if (capacity > slots_.size()) rehash(capacity);
}

bool MergeTable::insert(std::int32_t left, std::int32_t right, MergeRule rule) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    const std::uint64_t key = pack(left, right);
    for (std::size_t i = hash(key);; i = (i + 1) & mask_) {
        Slot& s = slots_[i];
        if (s.key == key) return false;
        if (s.key == kEmpty) {
            s.key = key;
            s.rule = rule;
            ++size_;
            return true;
        }
    }
}

}  // namespace ts
