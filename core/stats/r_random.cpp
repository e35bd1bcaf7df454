#include "core/stats/r_random.h"

#include <cmath>
#include <string>

#include "core/util/error.h"

namespace ts::stats {

namespace {

constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
constexpr std::uint32_t kTemperingB = 0x9d2c5680U;
constexpr std::uint32_t kTemperingC = 0xefc60000U;
// R's i2_32m1 = 1 / (2^32 - 1), the unit of fixup()'s nudge away from 0 and 1.
constexpr double kI2To32m1 = 2.328306437080797e-10;
// sample.int refuses n >= 2^52 (doubles stop being exact integers beyond).
constexpr double kMaxIndex = 4503599627370496.0;

// R's fixup(): MT can return exactly 0 (and, in principle, a value that rounds
// to 1); R maps those inside (0, 1) so every caller may take log(u).
double fixup(double x) {
    if (x <= 0.0) return 0.5 * kI2To32m1;
    if (1.0 - x <= 0.0) return 1.0 - 0.5 * kI2To32m1;
    return x;
}

}  // namespace

RRandom::RRandom(std::uint32_t seed) {
    // R's RNG_Init: the unsigned arithmetic wraps modulo 2^32 exactly as R's
    // Int32 (unsigned int) does.
    for (int j = 0; j < 50; ++j) seed = 69069U * seed + 1U;
    // .Random.seed[2] is dummy[0] = mti; it is filled like the state words and
    // then overwritten by FixupSeeds(initial = 1), so draw it and drop it.
    seed = 69069U * seed + 1U;
    for (int j = 0; j < kN; ++j) {
        seed = 69069U * seed + 1U;
        mt_[static_cast<std::size_t>(j)] = seed;
    }
    mti_ = kN;
    // FixupSeeds would also re-seed an all-zero state, but it cannot arise:
    // 69069 is odd, so successive words alternate between even and odd.
}

double RRandom::genrand() {
    // R's MT_genrand (Matsumoto and Nishimura's 1998 genrand, R variant).
    static constexpr std::uint32_t mag01[2] = {0x0U, kMatrixA};
    std::uint32_t y;
    if (mti_ >= kN) {
        int kk;
        for (kk = 0; kk < kN - kM; ++kk) {
            y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
            mt_[kk] = mt_[kk + kM] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < kN - 1; ++kk) {
            y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
            mt_[kk] = mt_[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (mt_[kN - 1] & kUpperMask) | (mt_[0] & kLowerMask);
        mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        mti_ = 0;
    }
    y = mt_[static_cast<std::size_t>(mti_++)];
    y ^= (y >> 11);
    y ^= (y << 7) & kTemperingB;
    y ^= (y << 15) & kTemperingC;
    y ^= (y >> 18);
    return static_cast<double>(y) * 2.3283064365386963e-10;  // 2^-32: [0, 1)
}

double RRandom::unifRand() {
    return fixup(genrand());
}

double RRandom::randomBits(int bits) {
    // R's rbits(): 16 bits per uniform, one chunk more than strictly needed when
    // bits is a multiple of 16 (R's loop runs while n <= bits), then masked.
    std::int64_t v = 0;
    for (int n = 0; n <= bits; n += 16) {
        const auto v1 = static_cast<std::int64_t>(std::floor(unifRand() * 65536));
        v = 65536 * v + v1;
    }
    const std::int64_t one = 1;
    return static_cast<double>(v & ((one << bits) - 1));
}

double RRandom::unifIndex(double n) {
    if (n <= 0) return 0.0;
    // Rejection sampling from the integers below the next power of two: unbiased,
    // unlike R < 3.6's floor(n * unif_rand()).
    const int bits = static_cast<int>(std::ceil(std::log2(n)));
    double dv;
    do {
        dv = randomBits(bits);
    } while (n <= dv);
    return dv;
}

std::vector<std::int64_t> RRandom::sampleWithReplacement(std::int64_t n, std::size_t size) {
    if (n < 1 || static_cast<double>(n) >= kMaxIndex)
        throw Error("sampling with replacement needs 1 <= n < 2^52, got n = " + std::to_string(n));
    std::vector<std::int64_t> out(size);
    const auto dn = static_cast<double>(n);
    for (std::int64_t& v : out) v = static_cast<std::int64_t>(unifIndex(dn)) + 1;
    return out;
}

}  // namespace ts::stats
