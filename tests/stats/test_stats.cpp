// Unit tests for core/stats. Every expected value below was computed outside
// the C++ code: by tests/stats/compute_reference_values.py (Python standard
// library only: exact Fisher and binomial tails with fractions + math.comb,
// chi-square df 1 p-values with math.erfc, closed forms for df 2-4, exact kappa
// with fractions), by R (tests/stats/reference_values.R: the far tail with
// pnorm/pchisq(log.p = TRUE), chisq.test and fisher.test on the paper's
// tables), or is a published worked example, named where used.
#include <QtTest>

#include <cmath>
#include <limits>

#include "core/stats/agreement.h"
#include "core/stats/contingency.h"
#include "core/stats/fisher.h"
#include "core/stats/mantel_haenszel.h"
#include "core/stats/mcnemar.h"
#include "core/stats/proportion.h"
#include "core/stats/special_functions.h"
#include "core/util/error.h"

namespace {

bool relClose(double got, double expected, double rel) {
    if (std::isnan(expected)) return std::isnan(got);
    if (expected == 0.0) return got == 0.0;
    return std::fabs(got - expected) <= rel * std::fabs(expected);
}

}  // namespace

#define CHECK_REL(got, expected, rel)                                                       \
    QVERIFY2(relClose((got), (expected), (rel)), qPrintable(QString("%1 = %2, expected %3") \
                                                                .arg(#got)                  \
                                                                .arg((got), 0, 'g', 17)     \
                                                                .arg((expected), 0, 'g', 17)))

using ts::stats::TwoByTwo;

class TestStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chiSquareSurvivalMatchesClosedForms();
    void logSurvivalStaysFiniteInTheFarTail();
    void paperTablesMatchR();
    void mantelHaenszelMatchesR();
    void headlineProportions();
    void teaTastingTable();
    void moderateTable();
    void zeroCellUsesHaldaneCorrection();
    void symmetricTableCountsTiesInFisher();
    void perfectAssociation();
    void largeTableAccuracy();
    void millionItemTables();
    void tinyPValuesDoNotUnderflowToGarbage();
    void degenerateTablesAreDefined();
    void negativeCountsAreRejected();
    void wilsonMatchesNewcombe1998();
    void mcnemarExactAndCorrected();
    void mcnemarFarTail();
    void cohenKappaExamples();
    void cohenKappaFromLabels();
    void fleissKappaWorkedExample();
    void agreementDegenerateAndInvalid();
};

void TestStats::chiSquareSurvivalMatchesClosedForms() {
    using ts::stats::chiSquareSurvival;
    // Closed forms: df1 erfc(sqrt(x/2)); df2 exp(-x/2);
    // df3 erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2); df4 exp(-x/2)(1 + x/2).
    struct Row {
        double x, df1, df2, df3, df4;
    };
    const Row rows[] = {
        {0.5, 0.4795001221869535, 0.7788007830714049, 0.9188914116546758, 0.9735009788392561},
        {3.841458820694124, 0.05000000000000008, 0.14650006448608432, 0.2791004637835977,
         0.4278870469622476},
        {20.0, 7.744216431044074e-06, 4.5399929762484854e-05, 0.00016974243555282643,
         0.0004993992273873334},
        {150.0, 1.7336432457178011e-34, 2.6786369618080778e-33, 2.634913928488043e-32,
         2.035764090974139e-31},
        {1000.0, 1.7958327848006385e-219, 7.124576406741286e-218, 1.799420876531448e-216,
         3.569412779777384e-215},
    };
    for (const Row& r : rows) {
        CHECK_REL(chiSquareSurvival(r.x, 1), r.df1, 1e-13);
        CHECK_REL(chiSquareSurvival(r.x, 2), r.df2, 1e-12);
        CHECK_REL(chiSquareSurvival(r.x, 3), r.df3, 1e-12);
        CHECK_REL(chiSquareSurvival(r.x, 4), r.df4, 1e-12);
    }
    QCOMPARE(chiSquareSurvival(0.0, 1), 1.0);
    QCOMPARE(chiSquareSurvival(-3.0, 2), 1.0);
    QVERIFY(std::isnan(chiSquareSurvival(1.0, 0)));
    QVERIFY(std::isnan(chiSquareSurvival(std::numeric_limits<double>::quiet_NaN(), 1)));
}

void TestStats::logSurvivalStaysFiniteInTheFarTail() {
    using ts::stats::chiSquare1LogSurvival;
    using ts::stats::logErfc;
    // R: log(erfc(x)) = log(2) + pnorm(-x * sqrt(2), log.p = TRUE), on both sides
    // of the switch from erfc to the log-space continued fraction, and far past
    // where erfc underflows.
    CHECK_REL(logErfc(25.9), -674.63735189531928, 1e-13);
    CHECK_REL(logErfc(26.0), -679.83119976319449, 1e-13);
    CHECK_REL(logErfc(26.5), -706.10022041014827, 1e-13);
    CHECK_REL(logErfc(30.0), -903.9741171106441, 1e-13);
    CHECK_REL(logErfc(100.0), -10005.177585122665, 1e-13);
    // R: pchisq(x, 1, lower.tail = FALSE, log.p = TRUE).
    CHECK_REL(chiSquare1LogSurvival(200.0), -102.87988902484487, 1e-13);
    CHECK_REL(chiSquare1LogSurvival(700.0), -353.50275502514864, 1e-13);
    CHECK_REL(chiSquare1LogSurvival(1998.0005), -1003.0264923330385, 1e-13);
    CHECK_REL(chiSquare1LogSurvival(5000.0), -2504.4845878484507, 1e-13);
    QCOMPARE(chiSquare1LogSurvival(0.0), 0.0);
    QCOMPARE(ts::stats::chiSquare1Survival(5000.0), 0.0);  // true underflow, not garbage
}

void TestStats::paperTablesMatchR() {
    // The trace x answer tables of docs/scoring.md (ok_ok, ok_bad, bad_ok,
    // bad_bad) against R's chisq.test (correct = FALSE / TRUE) and fisher.test.
    struct Row {
        TwoByTwo t;
        double chi, chiP, yates, yatesP, fisherP, phi;
    };
    const Row rows[] = {
        {{254, 2, 149, 545},
         462.82882284404172,
         1.1649160177218286e-102,
         459.6512000161527,
         5.7252733733026192e-102,
         1.6047743230861664e-120,
         0.69798870662258961},
        {{186, 191, 217, 356},
         12.239176758943778,
         0.00046796471611846311,
         11.774251683449485,
         0.00060055650254310677,
         0.00049029645055215416,
         0.1135048190905695},
        {{340, 12, 15, 9},
         49.518931772452895,
         1.9646663545027733e-12,
         43.264969615673834,
         4.7806618323367759e-11,
         6.48687037619046e-07,
         0.36290396336891129},
        {{0, 6, 371, 573},
         3.868995345569509,
         0.04918595541304676,
         2.3939781344446502,
         0.12180331832329618,
         0.087041466412578108,
         -0.063817134686123683},
        {{348, 5, 164, 433},
         451.46609194261032,
         3.4598283180977496e-100,
         448.60874734457013,
         1.4484105675733793e-99,
         3.4445802779705553e-122,
         0.68936743845553627},
    };
    for (const Row& r : rows) {
        const auto s = ts::stats::analyze(r.t);
        CHECK_REL(s.chiSquare, r.chi, 1e-12);
        CHECK_REL(s.chiSquareP, r.chiP, 1e-10);
        CHECK_REL(s.chiSquareYates, r.yates, 1e-12);
        CHECK_REL(s.chiSquareYatesP, r.yatesP, 1e-10);
        CHECK_REL(s.fisherP, r.fisherP, 1e-9);
        CHECK_REL(s.phi, r.phi, 1e-12);
    }
}

void TestStats::mantelHaenszelMatchesR() {
    // R: mantelhaen.test (tests/stats/reference_values.R). The Rabbits example
    // of R's documentation (penicillin level as strata):
    const std::vector<TwoByTwo> rabbits = {
        {0, 6, 0, 5}, {3, 3, 0, 6}, {6, 0, 2, 4}, {5, 1, 6, 0}, {2, 0, 5, 0}};
    auto m = ts::stats::mantelHaenszel(rabbits);
    QCOMPARE(m.strata, 5);
    CHECK_REL(m.chiSquare, 3.9285714285714288, 1e-12);
    CHECK_REL(m.chiSquareP, 0.047472255142918106, 1e-10);
    CHECK_REL(m.chiSquareUncorrected, 5.6571428571428575, 1e-12);
    CHECK_REL(m.chiSquareUncorrectedP, 0.017384420352066179, 1e-10);
    CHECK_REL(m.commonOddsRatio, 7.0, 1e-12);
    CHECK_REL(m.oddsRatioLow, 1.026712688461668, 1e-10);
    CHECK_REL(m.oddsRatioHigh, 47.725133380222566, 1e-10);
    // The paper's four CoTempQA strict trace tables as strata.
    const std::vector<TwoByTwo> paper = {
        {254, 2, 149, 545}, {0, 6, 371, 573}, {348, 5, 164, 433}, {2, 2, 530, 416}};
    m = ts::stats::mantelHaenszel(paper);
    CHECK_REL(m.chiSquare, 871.57077041062121, 1e-12);
    CHECK_REL(m.chiSquareP, 1.4862907538652725e-191, 1e-9);
    CHECK_REL(m.chiSquareUncorrected, 874.47774337924204, 1e-12);
    CHECK_REL(m.commonOddsRatio, 65.836966394187087, 1e-12);
    CHECK_REL(m.oddsRatioLow, 40.475155139295715, 1e-10);
    CHECK_REL(m.oddsRatioHigh, 107.09053811089956, 1e-10);
    // The pooled table is the cell-wise sum.
    QCOMPARE(ts::stats::pooled(paper), (TwoByTwo{604, 15, 1214, 1967}));
    // A stratum of one item carries nothing and is left out, as R requires n > 1.
    auto withTiny = paper;
    withTiny.push_back({1, 0, 0, 0});
    const auto t = ts::stats::mantelHaenszel(withTiny);
    QCOMPARE(t.strata, 4);
    QCOMPARE(t.strataDropped, 1);
    CHECK_REL(t.chiSquare, 871.57077041062121, 1e-12);
}

void TestStats::headlineProportions() {
    // The paper's "correct trace led to a correct answer in only 28%": the
    // Llama facts CoTempQA strict trace table 254 / 2 / 149 / 545 by hand.
    const auto s = ts::stats::analyze(TwoByTwo{254, 2, 149, 545});
    QCOMPARE(s.stepOkGivenAnswerOk.successes, 254LL);
    QCOMPARE(s.stepOkGivenAnswerOk.total, 403LL);
    CHECK_REL(s.stepOkGivenAnswerOk.estimate, 254.0 / 403.0, 1e-15);
    QCOMPARE(s.bothOkShare.successes, 254LL);
    QCOMPARE(s.bothOkShare.total, 950LL);
    CHECK_REL(s.bothOkShare.estimate, 254.0 / 950.0, 1e-15);
    // Wilson 95% intervals, R: prop.test(x, n, correct = FALSE)$conf.int.
    CHECK_REL(s.bothOkShare.low, 0.24020252735101216, 1e-9);
    CHECK_REL(s.bothOkShare.high, 0.29640809497769449, 1e-9);
    CHECK_REL(s.stepOkGivenAnswerOk.low, 0.58211947059930025, 1e-9);
    CHECK_REL(s.stepOkGivenAnswerOk.high, 0.67596632111023214, 1e-9);
}

void TestStats::teaTastingTable() {
    // Agresti, Categorical Data Analysis, Fisher's tea-tasting experiment:
    // [[3, 1], [1, 3]], two-sided Fisher p = 34/70 = 0.4857 (one-sided 0.2429).
    const auto s = ts::stats::analyze(TwoByTwo{3, 1, 1, 3});
    QCOMPARE(s.n, 8LL);
    CHECK_REL(s.fisherP, 34.0 / 70.0, 1e-12);
    CHECK_REL(s.fisherLogP, -0.7221347174331973, 1e-12);
    CHECK_REL(s.chiSquare, 2.0, 1e-14);
    CHECK_REL(s.chiSquareP, 0.15729920705028513, 1e-13);
    CHECK_REL(s.chiSquareYates, 0.5, 1e-14);
    CHECK_REL(s.chiSquareYatesP, 0.4795001221869535, 1e-13);
    CHECK_REL(s.phi, 0.5, 1e-14);
    CHECK_REL(s.oddsRatio, 9.0, 1e-13);
    CHECK_REL(s.oddsRatioLow, 0.36663693192554553, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 220.92700692915736, 1e-12);
    QVERIFY(!s.oddsRatioCorrected);
    CHECK_REL(s.minExpected, 2.0, 1e-14);
    QVERIFY(s.lowExpectedCount);
    QVERIFY(!s.degenerate);
    CHECK_REL(s.answerOkGivenStepOk.estimate, 0.75, 1e-14);
    CHECK_REL(s.answerOkGivenStepOk.low, 0.30064184258240184, 1e-12);
    CHECK_REL(s.answerOkGivenStepOk.high, 0.9544127391902995, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.low, 0.04558726080970055, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.high, 0.6993581574175981, 1e-12);
}

void TestStats::moderateTable() {
    const auto s = ts::stats::analyze(TwoByTwo{120, 35, 80, 140});
    CHECK_REL(s.chiSquare, 61.58357771260997, 1e-13);
    CHECK_REL(s.chiSquareP, 4.243431286228257e-15, 1e-12);
    CHECK_REL(s.chiSquareYates, 59.945063756807706, 1e-13);
    CHECK_REL(s.chiSquareYatesP, 9.754233138394543e-15, 1e-12);
    CHECK_REL(s.fisherP, 2.6903341247508494e-15, 1e-10);
    CHECK_REL(s.phi, 0.4052442151348903, 1e-13);
    CHECK_REL(s.oddsRatio, 6.0, 1e-12);
    CHECK_REL(s.oddsRatioLow, 3.764763580733754, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 9.562353446105023, 1e-12);
    CHECK_REL(s.minExpected, 72.33333333333333, 1e-13);
    QVERIFY(!s.lowExpectedCount);
    CHECK_REL(s.answerOkGivenStepOk.low, 0.7022033100831999, 1e-12);
    CHECK_REL(s.answerOkGivenStepOk.high, 0.8329214654702091, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.estimate, 80.0 / 220.0, 1e-14);
    CHECK_REL(s.answerOkGivenStepBad.low, 0.302915199380469, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.high, 0.42903794140002255, 1e-12);
    // The one-column expected counts: row margin * column margin / n.
    CHECK_REL(s.expected[0][0], 155.0 * 200.0 / 375.0, 1e-14);
    CHECK_REL(s.expected[1][1], 220.0 * 175.0 / 375.0, 1e-14);
}

void TestStats::zeroCellUsesHaldaneCorrection() {
    const auto s = ts::stats::analyze(TwoByTwo{10, 0, 5, 7});
    QVERIFY(s.oddsRatioCorrected);
    // (10.5 * 7.5) / (0.5 * 5.5) and the Woolf interval on the corrected cells.
    CHECK_REL(s.oddsRatio, 28.636363636363633, 1e-12);
    CHECK_REL(s.oddsRatioLow, 1.3658119682730794, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 600.4057230153738, 1e-12);
    CHECK_REL(s.chiSquare, 8.555555555555555, 1e-13);
    CHECK_REL(s.chiSquareP, 0.0034446936330652686, 1e-12);
    CHECK_REL(s.chiSquareYates, 6.077936507936508, 1e-13);
    CHECK_REL(s.chiSquareYatesP, 0.013688056704732603, 1e-12);
    CHECK_REL(s.fisherP, 0.0053475935828877, 1e-11);
    CHECK_REL(s.phi, 0.6236095644623235, 1e-13);
    CHECK_REL(s.minExpected, 3.1818181818181817, 1e-13);
    QVERIFY(s.lowExpectedCount);
    QCOMPARE(s.answerOkGivenStepOk.estimate, 1.0);
    QCOMPARE(s.answerOkGivenStepOk.high, 1.0);
    CHECK_REL(s.answerOkGivenStepOk.low, 0.7224672001371107, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.low, 0.19326031365875668, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.high, 0.6804886874504503, 1e-12);
}

void TestStats::symmetricTableCountsTiesInFisher() {
    // [[2,5],[5,2]]: the tables x=2 and x=5 have exactly equal probability; a
    // rounding-sensitive comparison would drop one of them (exact p = 0.28613).
    const auto s = ts::stats::analyze(TwoByTwo{2, 5, 5, 2});
    CHECK_REL(s.fisherP, 0.28613053613053613, 1e-11);
    CHECK_REL(s.chiSquare, 2.5714285714285716, 1e-13);
    CHECK_REL(s.chiSquareP, 0.10880943004054569, 1e-12);
    CHECK_REL(s.chiSquareYates, 1.1428571428571428, 1e-13);
    CHECK_REL(s.chiSquareYatesP, 0.28504940740261275, 1e-12);
    CHECK_REL(s.phi, -0.42857142857142855, 1e-13);
    CHECK_REL(s.oddsRatio, 0.16, 1e-12);
    CHECK_REL(s.oddsRatioLow, 0.015738550591173236, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 1.6265792616479846, 1e-12);
    // [[1,1],[2,6]]: P(x=0) = P(x=1) = 7/15 exactly, but their lgamma sums differ
    // by 1.8e-15, so without R's 1 + 1e-7 tolerance p would be 8/15, not 1.
    CHECK_REL(ts::stats::fisherExactTwoSided(1, 1, 2, 6).p, 1.0, 1e-14);
    // Tea table is also symmetric; a one-off check of the standalone function.
    CHECK_REL(ts::stats::fisherExactTwoSided(3, 1, 1, 3).p, 34.0 / 70.0, 1e-12);
}

void TestStats::perfectAssociation() {
    const auto s = ts::stats::analyze(TwoByTwo{5, 0, 0, 5});
    CHECK_REL(s.phi, 1.0, 1e-14);
    CHECK_REL(s.chiSquare, 10.0, 1e-14);
    CHECK_REL(s.chiSquareP, 0.0015654022580025488, 1e-12);
    CHECK_REL(s.chiSquareYates, 6.4, 1e-14);
    CHECK_REL(s.chiSquareYatesP, 0.011412036386001656, 1e-12);
    CHECK_REL(s.fisherP, 0.007936507936507936, 1e-11);  // 2 / C(10, 5)
    CHECK_REL(s.oddsRatio, 121.0, 1e-12);
    CHECK_REL(s.oddsRatioLow, 2.0168952243896556, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 7259.177285439117, 1e-12);
    QCOMPARE(s.answerOkGivenStepBad.low, 0.0);
    CHECK_REL(s.answerOkGivenStepBad.high, 0.43448246478317476, 1e-12);
    CHECK_REL(s.answerOkGivenStepOk.low, 0.5655175352168251, 1e-12);

    const auto t = ts::stats::analyze(TwoByTwo{21, 3, 9, 17});
    CHECK_REL(t.chiSquare, 14.54326923076923, 1e-13);
    CHECK_REL(t.chiSquareP, 0.00013697711633860863, 1e-12);
    CHECK_REL(t.chiSquareYates, 12.42321047008547, 1e-13);
    CHECK_REL(t.chiSquareYatesP, 0.0004240306603280462, 1e-12);
    CHECK_REL(t.fisherP, 0.00016372063084905207, 1e-11);
    CHECK_REL(t.phi, 0.5393193716300061, 1e-13);
    CHECK_REL(t.oddsRatio, 13.222222222222223, 1e-12);
    CHECK_REL(t.oddsRatioLow, 3.0869361985024266, 1e-12);
    CHECK_REL(t.oddsRatioHigh, 56.634523440633934, 1e-12);
}

void TestStats::largeTableAccuracy() {
    // n = 18,200: log-factorials near 1.6e5 test the lgamma-based sums.
    const auto s = ts::stats::analyze(TwoByTwo{5000, 4000, 4100, 5100});
    CHECK_REL(s.chiSquare, 219.80676328502415, 1e-13);
    CHECK_REL(s.chiSquareP, 9.96629018432288e-50, 1e-11);
    CHECK_REL(s.chiSquareYates, 219.3673695652174, 1e-13);
    CHECK_REL(s.chiSquareYatesP, 1.2427314910408627e-49, 1e-11);
    CHECK_REL(s.fisherP, 9.958182379257492e-50, 1e-8);
    CHECK_REL(s.fisherLogP, -112.8308600868022, 1e-10);
    CHECK_REL(s.phi, 0.10989674556596449, 1e-13);
    CHECK_REL(s.oddsRatio, 1.554878048780491, 1e-12);
    CHECK_REL(s.oddsRatioLow, 1.466570085543802, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 1.648503382423055, 1e-12);
    CHECK_REL(s.answerOkGivenStepOk.low, 0.54526806154172, 1e-12);
    CHECK_REL(s.answerOkGivenStepBad.high, 0.4558292464288412, 1e-12);
}

void TestStats::millionItemTables() {
    // n = 1e6: too large for exact fractions; the reference sums every table of
    // the support from the ratio recurrence (no lgamma) with math.fsum.
    auto f = ts::stats::fisherExactTwoSided(250500, 249500, 249500, 250500);
    CHECK_REL(f.p, 0.0457166060566213, 1e-8);
    CHECK_REL(f.logP, -3.085293676043205, 1e-9);
    f = ts::stats::fisherExactTwoSided(1200, 98800, 9000, 891000);
    CHECK_REL(f.p, 5.678175237960849e-09, 1e-8);
    CHECK_REL(f.logP, -18.986635916751084, 1e-9);
}

void TestStats::tinyPValuesDoNotUnderflowToGarbage() {
    const auto s = ts::stats::analyze(TwoByTwo{300, 10, 10, 300});
    CHECK_REL(s.chiSquare, 542.5806451612904, 1e-13);
    CHECK_REL(s.chiSquareP, 5.176319245325576e-120, 1e-11);
    CHECK_REL(s.chiSquareYatesP, 3.362526582646837e-119, 1e-11);
    CHECK_REL(s.fisherP, 5.465846024822999e-149, 1e-9);
    CHECK_REL(s.fisherLogP, -341.3866599386299, 1e-11);
    CHECK_REL(s.oddsRatio, 900.0, 1e-12);
    CHECK_REL(s.oddsRatioLow, 369.21652674842403, 1e-12);
    CHECK_REL(s.oddsRatioHigh, 2193.8346236378347, 1e-12);
    // p close to the bottom of the double range: exact rational value 6.5769e-306.
    const auto f = ts::stats::fisherExactTwoSided(570, 10, 10, 570);
    CHECK_REL(f.p, 6.576927924002798e-306, 1e-9);
    CHECK_REL(f.logP, -702.7074707007141, 1e-11);
    // Beyond the double range the p-value is 0 but its log stays exact.
    const auto g = ts::stats::fisherExactTwoSided(1000, 10, 10, 1000);
    QCOMPARE(g.p, 0.0);
    CHECK_REL(g.logP, -1287.3768187993653, 1e-11);
    const auto h = ts::stats::fisherExactTwoSided(700, 20, 15, 650);
    CHECK_REL(h.logP, -797.0132571918308, 1e-11);
}

void TestStats::degenerateTablesAreDefined() {
    // Empty table: nothing can be estimated.
    const auto e = ts::stats::analyze(TwoByTwo{0, 0, 0, 0});
    QCOMPARE(e.n, 0LL);
    QVERIFY(e.degenerate);
    QVERIFY(e.lowExpectedCount);
    QVERIFY(std::isnan(e.chiSquare) && std::isnan(e.chiSquareP) && std::isnan(e.chiSquareYatesP));
    QVERIFY(std::isnan(e.fisherP));
    QVERIFY(std::isnan(e.phi) && std::isnan(e.oddsRatio) && std::isnan(e.oddsRatioLow));
    QVERIFY(std::isnan(e.answerOkGivenStepOk.estimate) && std::isnan(e.answerOkGivenStepBad.high));

    // Zero row (no item had a correct step): one table has these margins.
    const auto r = ts::stats::analyze(TwoByTwo{0, 0, 5, 7});
    QVERIFY(r.degenerate);
    QCOMPARE(r.fisherP, 1.0);
    QVERIFY(std::isnan(r.chiSquare) && std::isnan(r.chiSquareYates) && std::isnan(r.phi));
    QVERIFY(std::isnan(r.oddsRatio) && std::isnan(r.oddsRatioHigh));
    QVERIFY(!r.oddsRatioCorrected);
    QVERIFY(std::isnan(r.answerOkGivenStepOk.estimate));
    CHECK_REL(r.answerOkGivenStepBad.estimate, 5.0 / 12.0, 1e-14);
    CHECK_REL(r.answerOkGivenStepBad.low, 0.19326031365875668, 1e-12);
    QCOMPARE(r.minExpected, 0.0);
    QVERIFY(r.lowExpectedCount);

    // Zero column (every answer correct).
    const auto c = ts::stats::analyze(TwoByTwo{4, 0, 9, 0});
    QVERIFY(c.degenerate);
    QCOMPARE(c.fisherP, 1.0);
    QVERIFY(std::isnan(c.chiSquareP) && std::isnan(c.phi));
    QCOMPARE(c.answerOkGivenStepOk.estimate, 1.0);
    QCOMPARE(c.answerOkGivenStepBad.estimate, 1.0);
}

void TestStats::negativeCountsAreRejected() {
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::analyze(TwoByTwo{1, -1, 2, 3}));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::fisherExactTwoSided(1, 2, -3, 4));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::mcnemar(-1, 2));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::wilsonProportion(5, 4));
}

void TestStats::wilsonMatchesNewcombe1998() {
    // Newcombe (1998), Stat Med 17:857, Table I, score method (to 4 decimals):
    // 81/263 -> 0.2553, 0.3662; 15/148 -> 0.0624, 0.1605; 0/20 -> 0, 0.1611;
    // 1/29 -> 0.0061, 0.1718. Full-precision values from the Python script.
    struct Row {
        long long s, n;
        double low, high;
    };
    const Row rows[] = {{81, 263, 0.2552885198782742, 0.36620957698280004},
                        {15, 148, 0.0623863995307363, 0.16048724172330803},
                        {0, 20, 0.0, 0.16112515805281938},
                        {1, 29, 0.006113214292762653, 0.17175521879320288}};
    for (const Row& r : rows) {
        const auto p = ts::stats::wilsonProportion(r.s, r.n);
        CHECK_REL(p.low, r.low, 1e-12);
        CHECK_REL(p.high, r.high, 1e-12);
        CHECK_REL(p.estimate, double(r.s) / double(r.n), 1e-15);
    }
    CHECK_REL(ts::stats::wilsonProportion(81, 263).low, 0.2553, 2e-4);  // the published rounding
    const auto empty = ts::stats::wilsonProportion(0, 0);
    QVERIFY(std::isnan(empty.estimate) && std::isnan(empty.low) && std::isnan(empty.high));
}

void TestStats::mcnemarExactAndCorrected() {
    // b = 10, c = 3: exact p = 2 * (1 + 13 + 78 + 286) / 2^13 = 0.09228515625.
    auto r = ts::stats::mcnemar(10, 3);
    CHECK_REL(r.exactP, 0.09228515625, 1e-12);
    CHECK_REL(r.exactLogP, -2.382871971099756, 1e-12);
    CHECK_REL(r.chiSquare, 36.0 / 13.0, 1e-14);
    CHECK_REL(r.chiSquareP, 0.0960923294556733, 1e-12);
    QCOMPARE(ts::stats::mcnemar(3, 10).exactP, r.exactP);  // symmetric in b and c

    r = ts::stats::mcnemar(37, 12);
    CHECK_REL(r.exactP, 0.0004697573180081349, 1e-11);
    CHECK_REL(r.chiSquare, 11.755102040816327, 1e-13);
    CHECK_REL(r.chiSquareP, 0.0006067668456360631, 1e-12);

    // b == c: exact p capped at 1; Edwards' statistic is 1/(b + c) as in R.
    r = ts::stats::mcnemar(5, 5);
    QCOMPARE(r.exactP, 1.0);
    CHECK_REL(r.chiSquare, 0.1, 1e-14);
    CHECK_REL(r.chiSquareP, 0.7518296340458492, 1e-12);

    r = ts::stats::mcnemar(0, 1);
    QCOMPARE(r.exactP, 1.0);
    QCOMPARE(r.chiSquare, 0.0);
    QCOMPARE(r.chiSquareP, 1.0);

    r = ts::stats::mcnemar(0, 0);
    QCOMPARE(r.exactP, 1.0);
    QVERIFY(std::isnan(r.chiSquare) && std::isnan(r.chiSquareP));
}

void TestStats::mcnemarFarTail() {
    auto r = ts::stats::mcnemar(1500, 1000);
    CHECK_REL(r.exactP, 1.3325871648376252e-23, 1e-9);
    CHECK_REL(r.exactLogP, -52.67233484943222, 1e-11);
    CHECK_REL(r.chiSquare, 99.6004, 1e-13);
    CHECK_REL(r.chiSquareP, 1.8646678207817166e-23, 1e-11);
    // b = 2000, c = 0: p = 2^-1999, below the double range; its log is exact.
    r = ts::stats::mcnemar(2000, 0);
    QCOMPARE(r.exactP, 0.0);
    CHECK_REL(r.exactLogP, -1385.6012139393306, 1e-12);
}

void TestStats::cohenKappaExamples() {
    // Textbook 2x2 example (also Wikipedia "Cohen's kappa"): 20 yes/yes, 5 yes/no,
    // 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    auto k = ts::stats::cohenKappa({{20, 5}, {10, 15}});
    QCOMPARE(k.items, 50LL);
    CHECK_REL(k.observedAgreement, 0.7, 1e-14);
    CHECK_REL(k.expectedAgreement, 0.5, 1e-14);
    CHECK_REL(k.kappa, 0.4, 1e-13);
    // Three categories; exact with fractions: p_o = 0.7, p_e = 0.41, kappa = 29/59.
    k = ts::stats::cohenKappa({{44, 5, 1}, {7, 20, 3}, {9, 5, 6}});
    CHECK_REL(k.observedAgreement, 0.7, 1e-14);
    CHECK_REL(k.expectedAgreement, 0.41, 1e-14);
    CHECK_REL(k.kappa, 0.4915254237288136, 1e-13);
}

void TestStats::cohenKappaFromLabels() {
    // The 2x2 textbook example as label lists.
    std::vector<std::string> a, b;
    auto add = [&](int count, const char* x, const char* y) {
        for (int i = 0; i < count; ++i) {
            a.push_back(x);
            b.push_back(y);
        }
    };
    add(20, "yes", "yes");
    add(5, "yes", "no");
    add(10, "no", "yes");
    add(15, "no", "no");
    CHECK_REL(ts::stats::cohenKappa(a, b).kappa, 0.4, 1e-13);
    // A category only one rater used still counts in the chance agreement.
    const auto k = ts::stats::cohenKappa(std::vector<std::string>{"a", "b", "c"},
                                         std::vector<std::string>{"a", "b", "b"});
    // p_o = 2/3, p_e = (1*1 + 1*2 + 1*0)/9 = 1/3, kappa = 0.5.
    CHECK_REL(k.kappa, 0.5, 1e-13);
    b.pop_back();
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::cohenKappa(a, b));
}

void TestStats::fleissKappaWorkedExample() {
    // The worked example of the Wikipedia article "Fleiss' kappa" (10 items,
    // 14 raters, 5 categories), published result P-bar = 0.378, P-e = 0.213,
    // kappa = 0.210; full precision from exact fractions in the Python script.
    const std::vector<std::vector<long long>> counts = {
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
    const auto k = ts::stats::fleissKappa(counts);
    QCOMPARE(k.items, 10LL);
    CHECK_REL(k.observedAgreement, 0.378021978021978, 1e-13);
    CHECK_REL(k.expectedAgreement, 0.21275510204081632, 1e-13);
    CHECK_REL(k.kappa, 0.20993070442195524, 1e-12);
    CHECK_REL(k.kappa, 0.210, 5e-3);  // the published rounding
}

void TestStats::agreementDegenerateAndInvalid() {
    // Both raters always say "ok": chance agreement is 1, kappa undefined.
    auto k = ts::stats::cohenKappa({{10, 0}, {0, 0}});
    QCOMPARE(k.observedAgreement, 1.0);
    QVERIFY(std::isnan(k.kappa));
    k = ts::stats::cohenKappa(std::vector<std::vector<long long>>{});
    QVERIFY(std::isnan(k.kappa));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::cohenKappa({{1, 2}, {3}}));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::cohenKappa({{1, -2}, {3, 4}}));

    QVERIFY(std::isnan(ts::stats::fleissKappa({{3, 0}, {3, 0}}).kappa));
    QVERIFY(std::isnan(ts::stats::fleissKappa({}).kappa));
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::fleissKappa({{2, 1}, {1, 1}}));  // 3 vs 2 raters
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::fleissKappa({{1, 0}, {0, 1}}));  // one rater
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::stats::fleissKappa({{2, 1}, {3}}));
}

QTEST_GUILESS_MAIN(TestStats)
#include "test_stats.moc"
