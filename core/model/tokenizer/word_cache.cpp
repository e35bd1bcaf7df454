#include "core/model/tokenizer/word_cache.h"

#include <algorithm>

namespace ts {

WordCache::WordCache(std::size_t capacity)
    : capacity_(capacity),
      perShard_(std::max<std::size_t>(1, capacity / kShards)),
      shards_(std::make_unique<Shard[]>(kShards)) {}

WordCache::~WordCache() = default;

WordCache::Shard& WordCache::shardFor(std::string_view word, std::size_t& hash) const {
    hash = StringViewHash{}(word);
    // The map uses the low bits of the hash for buckets; pick the shard from the high ones.
    return shards_[(hash >> 56) % kShards];
}

bool WordCache::lookup(std::string_view word, std::vector<std::int32_t>& out) const {
    std::size_t h;
    Shard& s = shardFor(word, h);
    std::lock_guard lock(s.mutex);
    const auto it = s.map.find(word);
    if (it == s.map.end()) {
        misses_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    out.insert(out.end(), it->second.begin(), it->second.end());
    hits_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void WordCache::insert(std::string_view word, const std::int32_t* ids, std::size_t count) {
    if (capacity_ == 0 || word.size() > kMaxWordBytes) return;
    std::size_t h;
    Shard& s = shardFor(word, h);
    std::lock_guard lock(s.mutex);
    if (s.map.size() >= perShard_) s.map.clear();
    s.map.try_emplace(std::string(word), ids, ids + count);
}

void WordCache::clear() {
    for (std::size_t i = 0; i < kShards; ++i) {
        std::lock_guard lock(shards_[i].mutex);
        shards_[i].map.clear();
    }
    hits_ = 0;
    misses_ = 0;
}

WordCacheStats WordCache::stats() const {
    WordCacheStats st;
    st.hits = hits_.load();
    st.misses = misses_.load();
    st.capacity = capacity_;
    for (std::size_t i = 0; i < kShards; ++i) {
        std::lock_guard lock(shards_[i].mutex);
        st.entries += shards_[i].map.size();
    }
    return st;
}

}  // namespace ts
