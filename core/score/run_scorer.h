#pragma once
// Scores whole runs: every pair's predictions under one rule, the answer
// metric per pair (the evaluation_results figures), and the three 2x2 step x
// answer tables over all pairs with their statistics (core/stats).
//
// Counting: the tables hold every evaluated step (the legacy rule leaves
// some items out of all three; the strict rule leaves "No Answer Present."
// items out of the retrieval and trace tables). A step counts as correct by
// countsAsCorrect(verdict, retrieval mode); the answer counts as correct on
// an exact match. answer_correct counts all items, evaluated or not, as the
// original scripts did.
#include <string>
#include <vector>

#include "core/jobs/progress.h"
#include "core/score/scoring_pair.h"
#include "core/score/scoring_rule.h"
#include "core/stats/contingency.h"

namespace ts {

struct PairScore {
    std::string predictionsPath;
    std::string goldPath;
    std::vector<ItemVerdict> verdicts;  // one per prediction, in file order
    AnswerMetricSummary answerMetrics;
    std::size_t unansweredItems = 0;
};

struct StepTable {
    stats::TwoByTwo counts;
    stats::TableStatistics statistics;
};

struct RunScore {
    ScoringConfig config;
    std::vector<PairScore> pairs;
    long long items = 0;
    long long unevaluated = 0;  // legacy: items left out of every table
    // strict: MS MARCO "No Answer Present." items, left out of the retrieval
    // and trace tables (still in the class table and the answer accuracy)
    long long retrievalNotApplicable = 0;
    long long noTrace = 0;          // ParseStatus NoTrace or Malformed (reported under both rules)
    long long noTraceExcluded = 0;  // of them, left out of the tables (MissingTrace::Exclude)
    long long answerCorrect = 0;
    long long classCorrect = 0;      // among evaluated items
    long long retrievalCorrect = 0;  // ditto, partial counted per the retrieval mode
    long long traceCorrect = 0;
    StepTable classTable, retrievalTable, traceTable;
};

// The rule for a pair (the legacy rule reads the pair's gold table).
std::unique_ptr<ScoringRule> makeScoringRule(const ScoringConfig& config, const ScoringPair& pair);

// Scores the pairs in order. Progress: fraction of predictions scored;
// cancelling throws ts::Cancelled.
RunScore scoreRun(const std::vector<ScoringPair>& pairs, const ScoringConfig& config,
                  const ProgressSink& progress = {});

// Recomputes the counts and tables of run from its verdicts (after a change
// of the retrieval mode, or for a subset of pairs).
void tallyRun(RunScore& run);

}  // namespace ts
