#pragma once
// R's default random number generator, bit for bit, so that a bootstrap run
// here draws the very resamples R draws after set.seed(seed) and a reviewer can
// reproduce every interval in R (tests/stats/rating_reference.R):
//   - RNGkind("Mersenne-Twister", "Inversion", "Rejection"), the default since
//     R 3.6.0;
//   - set.seed(seed): the seed is scrambled 50 times with seed = 69069 * seed + 1,
//     then the 625 words of .Random.seed (mti and the 624 state words) are
//     filled the same way and mti is set to 624 (R's FixupSeeds);
//   - unif_rand(): MT19937 tempered output * 2^-32, moved into the open
//     interval (0, 1) as R's fixup() does;
//   - sample.int(n, size, replace = TRUE): R_unif_index with rejection sampling
//     over ceil(log2(n)) random bits built from 16-bit chunks of unif_rand().
// Transcribed from R's src/main/RNG.c; only what the bootstrap needs.
#include <array>
#include <cstdint>
#include <vector>

namespace ts::stats {

class RRandom {
public:
    // Equivalent to set.seed(seed) in R. R takes a signed integer: seeds up to
    // 2147483647 are the same number in R; a larger uint32 s is set.seed(s - 2^32).
    explicit RRandom(std::uint32_t seed);

    // unif_rand(): uniform on the open interval (0, 1); runif(1) in R.
    double unifRand();

    // R_unif_index(n) with sample.kind "Rejection": uniform on {0, ..., n - 1},
    // 0 for n <= 0. n must be below 2^52 (R's limit for sample.int).
    double unifIndex(double n);

    // sample.int(n, size, replace = TRUE) in R, as 1-based indices.
    // Throws ts::Error for n < 1 or n >= 2^52.
    std::vector<std::int64_t> sampleWithReplacement(std::int64_t n, std::size_t size);

private:
    static constexpr int kN = 624;
    double genrand();
    double randomBits(int bits);

    std::array<std::uint32_t, kN> mt_{};
    int mti_ = kN;
};

}  // namespace ts::stats
