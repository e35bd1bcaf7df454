#pragma once
// A seeded random source whose output is identical on every platform and
// standard library. std::mt19937_64 is fully specified by the standard, but the
// std distributions are not (libstdc++ and libc++ map the same engine output to
// different numbers), so every distribution used for SFT sets and sample data
// is implemented here.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace ts {

class SeededRng {
public:
    explicit SeededRng(std::uint64_t seed) : engine_(seed) {}

    // An independent stream for one item and one purpose: the same (seed, item,
    // stream) always gives the same numbers, whatever the item's position in its
    // dataset, so a subset or a reordering of a dataset keeps every item's draws.
    static SeededRng forItem(std::uint64_t seed, std::string_view itemId, std::string_view stream);

    std::uint64_t next() { return engine_(); }
    // Uniform in [0, n); n must be > 0. Unbiased (rejection sampling).
    std::uint64_t below(std::uint64_t n);
    // Uniform in [lo, hi], both inclusive; lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    // Uniform in [0, 1) with 53 random bits.
    double unit();
    bool chance(double p) { return unit() < p; }

    // k distinct indices of [0, n), in random order (partial Fisher-Yates).
    std::vector<std::size_t> sample(std::size_t n, std::size_t k);

    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(below(i));
            std::swap(v[i - 1], v[j]);
        }
    }

    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v.at(static_cast<std::size_t>(below(v.size())));
    }

private:
    std::mt19937_64 engine_;
};

// 64-bit FNV-1a of a string (stable across platforms; used to derive seeds).
std::uint64_t stableHash64(std::string_view s);

}  // namespace ts
