#pragma once
// A bounded cache from pre-token (raw bytes) to its BPE ids. Real text repeats
// a small set of words, so after warm-up most pre-tokens skip the merge loop.
//
// Thread-safety: all members may be called concurrently. The table is split
// into shards, each guarded by its own mutex, so threads encoding different
// words rarely wait on each other. Bounded: a shard that reaches its share of
// the capacity is emptied before the next insert (cheap, and the working set
// refills it), so memory never grows past `capacity` entries.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/tokenizer/bpe_model.h"

namespace ts {

struct WordCacheStats {
    std::uint64_t hits = 0, misses = 0;
    std::size_t entries = 0, capacity = 0;
};

class WordCache {
public:
    // Words longer than this are never cached (they rarely repeat).
    static constexpr std::size_t kMaxWordBytes = 256;

    explicit WordCache(std::size_t capacity);
    ~WordCache();

    // Appends the cached ids of word to out and returns true, or returns false.
    bool lookup(std::string_view word, std::vector<std::int32_t>& out) const;
    void insert(std::string_view word, const std::int32_t* ids, std::size_t count);
    void clear();
    std::size_t capacity() const { return capacity_; }
    WordCacheStats stats() const;

private:
    struct Shard {
        mutable std::mutex mutex;
        StringMap<std::vector<std::int32_t>> map;
    };
    Shard& shardFor(std::string_view word, std::size_t& hash) const;

    static constexpr std::size_t kShards = 16;
    std::size_t capacity_;
    std::size_t perShard_;
    std::unique_ptr<Shard[]> shards_;
    mutable std::atomic<std::uint64_t> hits_{0}, misses_{0};
};

}  // namespace ts
