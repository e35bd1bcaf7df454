#include "core/decompose/seeded_rng.h"

#include <numeric>

#include "core/util/error.h"

namespace ts {

namespace {

// SplitMix64 finaliser: spreads nearby seeds over the whole 64-bit space.
std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

}  // namespace

std::uint64_t stableHash64(std::string_view s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001B3ULL;
    }
    return h;
}

SeededRng SeededRng::forItem(std::uint64_t seed, std::string_view itemId, std::string_view stream) {
    const std::uint64_t s = mix64(mix64(seed) ^ stableHash64(itemId)) ^ mix64(stableHash64(stream));
    return SeededRng(mix64(s));
}

std::uint64_t SeededRng::below(std::uint64_t n) {
    if (n == 0) throw Error("SeededRng::below: empty range");
    // Reject the top partial block so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n + 1) % n;
    std::uint64_t x;
    do {
        x = engine_();
    } while (x > limit);
    return x % n;
}

std::int64_t SeededRng::between(std::int64_t lo, std::int64_t hi) {
    if (hi < lo) throw Error("SeededRng::between: empty range");
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(engine_());
    return lo + static_cast<std::int64_t>(below(span + 1));
}

double SeededRng::unit() {
    return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

std::vector<std::size_t> SeededRng::sample(std::size_t n, std::size_t k) {
    if (k > n)
        throw Error("SeededRng::sample: cannot draw " + std::to_string(k) + " of " +
                    std::to_string(n));
    std::vector<std::size_t> pool(n);
    std::iota(pool.begin(), pool.end(), std::size_t{0});
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(below(n - i));
        std::swap(pool[i], pool[j]);
    }
    pool.resize(k);
    return pool;
}

}  // namespace ts
