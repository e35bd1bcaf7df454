// Unit tests for the rating-study statistics of core/stats (rating_stats.h and
// the headers it includes). Every expected value below was printed by R
// (Debian's r-base-core 4.2) running tests/stats/rating_reference.R, which holds
// the same data sets; Krippendorff's alpha is also checked against the worked
// example of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
// Tolerances: 1e-9 relative for statistics and p-values, far tails included
// (no test needs the 1e-6 allowed for far-tail p-values); the RNG is compared
// exactly and the bootstrap matches R to the last bit here because it repeats
// R's arithmetic (1e-9 leaves room for another libm).
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/stats/r_random.h"
#include "core/stats/rating_stats.h"
#include "core/util/error.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool relClose(double got, double expected, double rel) {
    if (std::isnan(expected)) return std::isnan(got);
    if (expected == 0.0) return got == 0.0;
    return std::fabs(got - expected) <= rel * std::fabs(expected);
}

// The message of the ts::Error that f throws, or "" when it throws none.
std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ts::Error& e) {
        return e.message();
    }
    return {};
}

using Groups = std::vector<std::vector<double>>;
using Ratings = std::vector<std::vector<std::optional<double>>>;
constexpr std::nullopt_t NA = std::nullopt;

// The data sets of rating_reference.R.
const Groups kHand = {{3, 4, 2, 5, 4, 3}, {2, 1, 3, 2, 4}, {5, 4, 5, 3}};
const Groups kLikert = {
    {1, 3, 4, 4, 4, 5, 3, 1, 4, 3, 4, 4},
    {1, 2, 3, 2, 3, 2, 5, 3, 4, 2, 5, 5, 5, 2, 4},
    {5, 1, 5, 3, 4, 4, 4, 5, 3},
    {3, 4, 4, 3, 4, 3, 4, 3, 5, 3, 2, 4, 4, 5, 1, 1, 4, 1, 1, 3},
};
// Krippendorff (2011), section C: 4 observers x 12 units.
const Ratings kPaper = {
    {1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA},
    {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3},
    {NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA},
    {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA},
};
// 5 raters x 11 trace units; unit 11 has a single rating.
const Ratings kRaters = {
    {1, 2, 3, 3, 4, 5, 2, NA, 4, 1, NA},     {1, 3, 3, 4, 4, 5, 2, 3, NA, 2, NA},
    {2, 2, 3, 3, 5, 4, NA, 3, 4, 1, 5},      {NA, 2, 4, 3, 4, 5, 3, 2, 5, NA, NA},
    {1, NA, NA, 3, NA, NA, NA, 3, 4, 2, NA},
};

}  // namespace

// As in test_stats.cpp, but each argument is evaluated once: QVERIFY2 builds
// its message even on success, and RRandom::unifRand() must not draw twice.
#define CHECK_REL(got, expected, rel)                                                            \
    do {                                                                                         \
        const double got_ = (got);                                                               \
        const double expected_ = (expected);                                                     \
        QVERIFY2(relClose(got_, expected_, (rel)), qPrintable(QString("%1 = %2, expected %3")    \
                                                                  .arg(#got)                     \
                                                                  .arg(got_, 0, 'g', 17)         \
                                                                  .arg(expected_, 0, 'g', 17))); \
    } while (false)

// The error message must name the problem (checked by a substring).
#define CHECK_ERROR(expr, fragment)                                                       \
    do {                                                                                  \
        const std::string message = errorOf([&] { (void)(expr); });                       \
        QVERIFY2(message.find(fragment) != std::string::npos,                             \
                 qPrintable(QString("%1 threw \"%2\", expected a ts::Error with \"%3\"")  \
                                .arg(#expr, QString::fromStdString(message), fragment))); \
    } while (false)

class TestRatingStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void uniformsMatchR();
    void sampleIntMatchesR();
    void bootstrapMatchesR();
    void summaryEdgeCases();
    void summaryRejectsBadInput();
    void kruskalWallisMatchesR();
    void kruskalWallisDegenerate();
    void mannWhitneyMatchesR();
    void mannWhitneyDegenerate();
    void holmMatchesR();
    void krippendorffMatchesPaperAndR();
    void krippendorffDegenerate();
};

void TestRatingStats::uniformsMatchR() {
    // R: set.seed(s); runif(k). Multiples of 2^-32, so equal to the last bit.
    ts::stats::RRandom a(42);
    CHECK_REL(a.unifRand(), 0.91480604349635541, 0.0);
    CHECK_REL(a.unifRand(), 0.93707541329786181, 0.0);
    CHECK_REL(a.unifRand(), 0.28613953478634357, 0.0);
    // Across the first regeneration of the 624-word state: runif(1000)[c(624, 625, 1000)].
    ts::stats::RRandom b(42);
    std::vector<double> u(1000);
    for (double& x : u) x = b.unifRand();
    CHECK_REL(u[623], 0.7340297200717032, 0.0);
    CHECK_REL(u[624], 0.15048409905284643, 0.0);
    CHECK_REL(u[999], 0.0074175230693072081, 0.0);
    // set.seed(-1) is the uint32 seed 2^32 - 1; the largest R integer seed.
    ts::stats::RRandom c(4294967295U);
    CHECK_REL(c.unifRand(), 0.48666717973537743, 0.0);
    CHECK_REL(c.unifRand(), 0.19136525527574122, 0.0);
    ts::stats::RRandom d(2147483647U);
    CHECK_REL(d.unifRand(), 0.68966742674820125, 0.0);
    CHECK_REL(d.unifRand(), 0.98787517822347581, 0.0);
}

void TestRatingStats::sampleIntMatchesR() {
    using V = std::vector<std::int64_t>;
    // R: set.seed(1); sample.int(n, k, replace = TRUE).
    QCOMPARE(ts::stats::RRandom(1).sampleWithReplacement(10, 8), (V{9, 4, 7, 1, 2, 7, 2, 3}));
    // n = 2^16 needs 16 bits, which R draws from two uniforms (its loop runs
    // while n <= bits); n = 2^16 + 1 needs 17 and rejects a draw >= n (58877's
    // 17-bit value), so the two streams part after the second index.
    QCOMPARE(ts::stats::RRandom(1).sampleWithReplacement(65536, 4),
             (V{24388, 59521, 58877, 43307}));
    QCOMPARE(ts::stats::RRandom(1).sampleWithReplacement(65537, 4),
             (V{24388, 59521, 43307, 11571}));
    QCOMPARE(ts::stats::RRandom(1).sampleWithReplacement(2147483647, 4),
             (V{1140350788, 312928385, 866248189, 1909893419}));
    // n = 1 still consumes one uniform per draw, as in R.
    ts::stats::RRandom one(1);
    QCOMPARE(one.sampleWithReplacement(1, 3), (V{1, 1, 1}));
    CHECK_REL(one.unifRand(), 0.90820778999477625, 0.0);
    CHECK_ERROR(ts::stats::RRandom(1).sampleWithReplacement(0, 3), "1 <= n < 2^52");
}

void TestRatingStats::bootstrapMatchesR() {
    struct Row {
        std::vector<double> x;
        std::uint32_t seed;
        int resamples;
        double level;
        std::size_t n;
        double mean, median, ciLow, ciHigh;
    };
    const Row rows[] = {
        {kLikert[0], 42, 2000, 0.95, 12, 3.3333333333333335, 4, 2.5833333333333335,
         3.9166666666666665},
        {kLikert[1], 42, 2000, 0.95, 15, 3.2000000000000002, 3, 2.5333333333333332,
         3.8666666666666667},
        // An interpolated quantile (index 50.975 of 2000), not an order statistic.
        {kLikert[2], 42, 2000, 0.95, 9, 3.7777777777777777, 4, 2.9972222222222271,
         4.5555555555555554},
        {kLikert[3], 42, 2000, 0.95, 20, 3.1000000000000001, 3, 2.5, 3.6000000000000001},
        {kLikert[0], 2024, 999, 0.9, 12, 3.3333333333333335, 4, 2.75, 3.8333333333333335},
        {kLikert[3], 4294967295U, 500, 0.99, 20, 3.1000000000000001, 3, 2.3247499999999999,
         3.7752499999999998},  // set.seed(-1)
        {kHand[0], 1, 2000, 0.95, 6, 3.5, 3.5, 2.8333333333333335, 4.333333333333333},
        // Non-integer ratings (averages of items): R's long double mean matters here.
        {{2.5, 3.25, 4.1, 1.7, 3.3, 4.9, 2.2},
         7,
         1000,
         0.95,
         7,
         3.1357142857142857,
         3.25,
         2.4066071428571432,
         3.8728571428571414},
    };
    for (const Row& r : rows) {
        const auto s = ts::stats::summarizeRatings(r.x, r.seed, r.resamples, r.level);
        QCOMPARE(s.n, r.n);
        CHECK_REL(s.mean, r.mean, 1e-15);
        CHECK_REL(s.median, r.median, 1e-15);
        CHECK_REL(s.ciLow, r.ciLow, 1e-9);
        CHECK_REL(s.ciHigh, r.ciHigh, 1e-9);
    }
}

void TestRatingStats::summaryEdgeCases() {
    // n = 1 and all ratings equal: every resample has the same mean (R: 4 and 3).
    auto s = ts::stats::summarizeRatings({4}, 42);
    QCOMPARE(s.n, std::size_t{1});
    QCOMPARE(s.mean, 4.0);
    QCOMPARE(s.median, 4.0);
    QCOMPARE(s.ciLow, 4.0);
    QCOMPARE(s.ciHigh, 4.0);
    s = ts::stats::summarizeRatings(std::vector<double>(10, 3.0), 42);
    QCOMPARE(s.mean, 3.0);
    QCOMPARE(s.ciLow, 3.0);
    QCOMPARE(s.ciHigh, 3.0);
    // A single resample: both bounds are its mean.
    s = ts::stats::summarizeRatings(kLikert[0], 42, 1);
    QCOMPARE(s.ciLow, s.ciHigh);
    // Empty input: a trace type nobody rated yet.
    s = ts::stats::summarizeRatings({}, 42);
    QCOMPARE(s.n, std::size_t{0});
    QVERIFY(std::isnan(s.mean) && std::isnan(s.median));
    QVERIFY(std::isnan(s.ciLow) && std::isnan(s.ciHigh));
    // The same seed gives the same interval; another seed (almost surely) not.
    const auto a = ts::stats::summarizeRatings(kLikert[1], 5);
    const auto b = ts::stats::summarizeRatings(kLikert[1], 5);
    QCOMPARE(a.ciLow, b.ciLow);
    QCOMPARE(a.ciHigh, b.ciHigh);
}

void TestRatingStats::summaryRejectsBadInput() {
    using ts::stats::summarizeRatings;
    CHECK_ERROR(summarizeRatings({3, 4, kNaN}, 1), "rating 2 is NaN");
    CHECK_ERROR(summarizeRatings({std::numeric_limits<double>::infinity()}, 1),
                "rating 0 is infinite");
    CHECK_ERROR(summarizeRatings({3, 4}, 1, 0), "at least one resample");
    CHECK_ERROR(summarizeRatings({3, 4}, 1, 100, 1.0), "strictly between 0 and 1");
    CHECK_ERROR(summarizeRatings({3, 4}, 1, 100, 0.0), "strictly between 0 and 1");
    CHECK_ERROR(summarizeRatings({3, 4}, 1, 100, kNaN), "strictly between 0 and 1");
}

void TestRatingStats::kruskalWallisMatchesR() {
    struct Row {
        Groups groups;
        double h;
        int df;
        double p;
    };
    // R: rep(c(lo, hi), 30).
    auto pairs30 = [](double lo, double hi) {
        std::vector<double> v;
        for (int i = 0; i < 30; ++i) v.insert(v.end(), {lo, hi});
        return v;
    };
    const Row rows[] = {
        {kHand, 4.9973684210526415, 2, 0.082193076289169331},
        {kLikert, 2.0424490256807424, 3, 0.56364315920372221},
        {{kLikert[0], kLikert[1]}, 0.10586251204625749, 1, 0.74490469179713303},
        // A group of one.
        {{{1, 2, 2, 3}, {5}, {3, 4, 4}}, 5.4696502057613188, 2, 0.064905357871353528},
        // The far tail (p ~ 3e-33): still 1e-9 (the continued fraction of Q(a, x)
        // agrees with pchisq to ~5e-15 here).
        {{pairs30(1, 2), pairs30(2, 3), pairs30(4, 5)},
         150.04411764705878,
         2,
         2.6201963174076037e-33},
    };
    for (const Row& r : rows) {
        const auto kw = ts::stats::kruskalWallis(r.groups);
        CHECK_REL(kw.h, r.h, 1e-9);
        QCOMPARE(kw.df, r.df);
        CHECK_REL(kw.p, r.p, 1e-9);
    }
}

void TestRatingStats::kruskalWallisDegenerate() {
    using ts::stats::kruskalWallis;
    // Every rating tied: R reports H = NaN and p = NA.
    const auto kw = kruskalWallis({{2, 2}, {2, 2, 2}});
    QVERIFY(std::isnan(kw.h));
    QVERIFY(std::isnan(kw.p));
    QCOMPARE(kw.df, 1);
    CHECK_ERROR(kruskalWallis({{1, 2, 3}}), "at least two groups, got 1");
    CHECK_ERROR(kruskalWallis({}), "at least two groups, got 0");
    CHECK_ERROR(kruskalWallis({{1, 2}, {}, {3}}), "group 1 is empty");
    CHECK_ERROR(kruskalWallis({{1, 2}, {3, kNaN}}), "group 1, value 1 is NaN");
}

void TestRatingStats::mannWhitneyMatchesR() {
    struct Row {
        std::vector<double> a, b;
        double w, p, r;
    };
    const Row rows[] = {
        {kHand[0], kHand[1], 23, 0.15905652845251342, 0.53333333333333344},
        {kLikert[0], kLikert[1], 96.5, 0.76392003252958451, 0.072222222222222188},
        {kLikert[0], kLikert[2], 41.5, 0.36868826936178167, -0.23148148148148151},
        {kLikert[0], kLikert[3], 134, 0.5805089804997019, 0.1166666666666667},
        {kLikert[1], kLikert[2], 50.5, 0.3125472621763179, -0.25185185185185188},
        {kLikert[1], kLikert[3], 153.5, 0.91844375114516486, 0.023333333333333428},
        {kLikert[2], kLikert[3], 118.5, 0.1708189134225056, 0.31666666666666665},
        {{5}, {1, 2, 3, 3, 4}, 5, 0.23476366282766922, 1},  // a group of one
        {{1}, {2}, 0, 1, -1},
    };
    for (const Row& r : rows) {
        const auto mw = ts::stats::mannWhitney(r.a, r.b);
        CHECK_REL(mw.w, r.w, 1e-12);
        CHECK_REL(mw.p, r.p, 1e-9);
        // r = 2 W / (n1 n2) - 1 computed in R; absolute tolerance, since an r near
        // 0 loses relative digits to the cancellation.
        QVERIFY(std::fabs(mw.rankBiserial - r.r) < 1e-12);
        // Swapping the samples flips the sign of r and keeps p.
        const auto swapped = ts::stats::mannWhitney(r.b, r.a);
        QVERIFY(std::fabs(swapped.rankBiserial + r.r) < 1e-12);
        CHECK_REL(swapped.p, mw.p, 1e-12);
    }
    // Far tail (p ~ 2e-71): still 1e-9 (erfc agrees with R's pnorm to ~1e-14 here).
    std::vector<double> low, high;
    for (int i = 0; i < 100; ++i) {
        low.insert(low.end(), {1, 2});
        high.insert(high.end(), {4, 5});
    }
    const auto far = ts::stats::mannWhitney(low, high);
    QCOMPARE(far.w, 0.0);
    CHECK_REL(far.p, 2.1808994795752313e-71, 1e-9);
    QCOMPARE(far.rankBiserial, -1.0);  // every rating of `low` is below every one of `high`
}

void TestRatingStats::mannWhitneyDegenerate() {
    using ts::stats::mannWhitney;
    // Every rating tied: no rank variance, p undefined (R: NaN); W is n1 n2 / 2.
    const auto mw = mannWhitney({3, 3, 3}, {3, 3});
    QCOMPARE(mw.w, 3.0);
    QVERIFY(std::isnan(mw.p));
    QCOMPARE(mw.rankBiserial, 0.0);
    CHECK_ERROR(mannWhitney({}, {1, 2}), "the first sample is empty");
    CHECK_ERROR(mannWhitney({1, 2}, {}), "the second sample is empty");
    CHECK_ERROR(mannWhitney({1, kNaN}, {1, 2}), "the first sample, value 1 is NaN");
    CHECK_ERROR(mannWhitney({1, 2}, {-std::numeric_limits<double>::infinity()}),
                "the second sample, value 0 is infinite");
}

void TestRatingStats::holmMatchesR() {
    using ts::stats::holmAdjust;
    auto check = [](const std::vector<double>& got, const std::vector<double>& expected) {
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) CHECK_REL(got[i], expected[i], 1e-12);
    };
    // The six pairwise Mann-Whitney p-values of the Likert groups (all clamp to 1).
    std::vector<double> pairs;
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = i + 1; j < 4; ++j)
            pairs.push_back(ts::stats::mannWhitney(kLikert[i], kLikert[j]).p);
    check(holmAdjust(pairs), {1, 1, 1, 1, 1, 1});
    // Spread values with ties (the cumulative maximum carries 0.06 over three).
    check(holmAdjust({0.0004, 0.012, 0.0125, 0.049, 0.3, 0.012}),
          {0.0024000000000000002, 0.059999999999999998, 0.059999999999999998, 0.098000000000000004,
           0.29999999999999999, 0.059999999999999998});
    // A NaN (an undefined comparison) stays NaN and is not counted: m = 5 (R's NA).
    check(holmAdjust({0.01, 0.04, 0.03, 0.04, kNaN, 0.2}),
          {0.050000000000000003, 0.12, 0.12, 0.12, kNaN, 0.20000000000000001});
    QVERIFY(holmAdjust({}).empty());
    CHECK_ERROR(holmAdjust({0.1, 1.5}), "p-value 1 is 1.5");
    CHECK_ERROR(holmAdjust({-0.1}), "outside [0, 1]");
}

void TestRatingStats::krippendorffMatchesPaperAndR() {
    using ts::stats::krippendorffAlphaOrdinal;
    // Krippendorff (2011), section C: published ordinal alpha 0.815; full
    // precision from the hand implementation in rating_reference.R, which also
    // reproduces the paper's nominal 0.743 and interval 0.849.
    const double paper = krippendorffAlphaOrdinal(kPaper);
    CHECK_REL(paper, 0.81538750375488134, 1e-12);
    QVERIFY(std::fabs(paper - 0.815) < 5e-4);
    CHECK_REL(krippendorffAlphaOrdinal(kRaters), 0.84302184466019414, 1e-12);
    // The four Likert groups' first nine ratings as 4 raters x 9 units: no
    // agreement beyond chance, alpha slightly negative.
    Ratings likert(4);
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t u = 0; u < 9; ++u) likert[r].push_back(kLikert[r][u]);
    CHECK_REL(krippendorffAlphaOrdinal(likert), -0.0005197505197505059, 1e-9);

    // The ordinal metric uses only the order of the values: any increasing
    // relabelling (here v -> 10 v^2) leaves alpha unchanged.
    Ratings relabelled = kPaper;
    for (auto& row : relabelled)
        for (auto& v : row)
            if (v) v = 10.0 * *v * *v;
    CHECK_REL(krippendorffAlphaOrdinal(relabelled), 0.81538750375488134, 1e-12);
    // A unit with a single rating is left out: adding one changes nothing.
    Ratings extra = kPaper;
    extra[0].push_back(5.0);
    for (std::size_t r = 1; r < extra.size(); ++r) extra[r].push_back(NA);
    CHECK_REL(krippendorffAlphaOrdinal(extra), 0.81538750375488134, 1e-12);
    // Perfect agreement.
    QCOMPARE(krippendorffAlphaOrdinal({{1, 2, 3, NA}, {1, 2, 3, 4}, {NA, 2, 3, 4}}), 1.0);
}

void TestRatingStats::krippendorffDegenerate() {
    using ts::stats::krippendorffAlphaOrdinal;
    QVERIFY(std::isnan(krippendorffAlphaOrdinal({})));
    QVERIFY(std::isnan(krippendorffAlphaOrdinal({{1, 2, 3}})));              // one rater: no pairs
    QVERIFY(std::isnan(krippendorffAlphaOrdinal({{1, NA}, {NA, 2}})));       // no unit has two
    QVERIFY(std::isnan(krippendorffAlphaOrdinal({{3, 3, NA}, {3, 3, 3}})));  // no variation
    CHECK_ERROR(krippendorffAlphaOrdinal({{1, 2, 3}, {1, 2}}),
                "rater 1 has 2 units, rater 0 has 3");
    CHECK_ERROR(krippendorffAlphaOrdinal({{1, 2}, {1, kNaN}}), "rater 1, unit 1 is NaN");
}

QTEST_GUILESS_MAIN(TestRatingStats)
#include "test_rating_stats.moc"
