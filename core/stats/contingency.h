#pragma once
// The 2x2 table at the heart of the method: is a reasoning step (class,
// retrieval, or the whole trace) correct, and is the final answer correct?
// analyze() computes every statistic METHOD.md 4.3 asks for in one typed result.
//
//                 answer ok   answer wrong
//   step ok         ok_ok        ok_bad
//   step bad        bad_ok       bad_bad
//
// Degenerate tables are defined, never an error:
//   - empty table (n == 0): every test statistic, p-value, phi, odds ratio and
//     proportion is NaN; lowExpectedCount is true.
//   - a zero row or column total (n > 0): chi-square statistics, their p-values,
//     phi and the odds ratio with its interval are NaN (independence cannot be
//     assessed when one variable is constant); Fisher's p is 1 (only one table
//     has those margins); the conditional proportion of an empty row is NaN.
#include "core/stats/proportion.h"

namespace ts::stats {

struct TwoByTwo {
    long long ok_ok = 0;    // step ok, answer ok
    long long ok_bad = 0;   // step ok, answer wrong
    long long bad_ok = 0;   // step bad, answer ok
    long long bad_bad = 0;  // step bad, answer wrong

    long long total() const { return ok_ok + ok_bad + bad_ok + bad_bad; }
    long long stepOk() const { return ok_ok + ok_bad; }
    long long stepBad() const { return bad_ok + bad_bad; }
    long long answerOk() const { return ok_ok + bad_ok; }
    long long answerBad() const { return ok_bad + bad_bad; }
    bool operator==(const TwoByTwo&) const = default;
};

struct TableStatistics {
    TwoByTwo counts;
    long long n = 0;

    // Expected counts under independence, same layout as the table
    // ([0][0] = ok_ok ... [1][1] = bad_bad), and the flag for chi-square's
    // rule of thumb: some expected count below 5 (Fisher's p is then the one to read).
    double expected[2][2] = {{0, 0}, {0, 0}};
    double minExpected = 0.0;
    bool lowExpectedCount = true;
    bool degenerate = true;  // n == 0 or a zero row/column total

    // Pearson chi-square (df 1), without and with Yates' continuity correction.
    // The corrected statistic follows R's chisq.test: |O - E| is reduced by
    // min(0.5, |O - E|), so it is never over-corrected past 0.
    double chiSquare = 0.0;
    double chiSquareP = 1.0;
    double chiSquareLogP = 0.0;  // natural log of chiSquareP, finite when p underflows
    double chiSquareYates = 0.0;
    double chiSquareYatesP = 1.0;

    double fisherP = 1.0;     // two-sided, see fisher.h
    double fisherLogP = 0.0;  // natural log of fisherP

    // phi = (ok_ok * bad_bad - ok_bad * bad_ok) / sqrt(product of the margins):
    // positive when a correct step goes with a correct answer.
    double phi = 0.0;

    // Odds ratio (ok_ok * bad_bad) / (ok_bad * bad_ok) with a 95% Woolf (log)
    // interval; when any cell is 0, 0.5 is added to every cell first
    // (Haldane-Anscombe) and oddsRatioCorrected is set.
    double oddsRatio = 0.0;
    double oddsRatioLow = 0.0;
    double oddsRatioHigh = 0.0;
    bool oddsRatioCorrected = false;

    // P(answer ok | step ok) and P(answer ok | step bad), Wilson 95% intervals.
    Proportion answerOkGivenStepOk;
    Proportion answerOkGivenStepBad;
    // The paper's headline quantities, Wilson 95% intervals:
    // P(step ok | answer ok) = ok_ok / (ok_ok + bad_ok) - the likeliest reading
    // of "a correct trace led to a correct answer in only 28% of test cases" -
    // and P(step ok AND answer ok) = ok_ok / n.
    Proportion stepOkGivenAnswerOk;
    Proportion bothOkShare;
};

// Throws ts::Error for a negative count.
TableStatistics analyze(const TwoByTwo& table);

}  // namespace ts::stats
