#include "core/score/run_scorer.h"

#include "core/score/strict_rule.h"
#include "core/util/error.h"

namespace ts {
namespace {

void addToTable(stats::TwoByTwo& t, bool stepOk, bool answerOk) {
    if (stepOk)
        ++(answerOk ? t.ok_ok : t.ok_bad);
    else
        ++(answerOk ? t.bad_ok : t.bad_bad);
}

}  // namespace

std::unique_ptr<ScoringRule> makeScoringRule(const ScoringConfig& config, const ScoringPair& pair) {
    if (config.rule == ScoringRuleKind::Strict) return std::make_unique<StrictRule>();
    if (!pair.legacyGold)
        throw Error("the legacy rule needs gold rows, which a " +
                        std::string(datasetKindName(pair.kind)) + " dataset does not have",
                    {pair.predictionsPath});
    return std::make_unique<LegacyRule>(pair.legacyGold);
}

RunScore scoreRun(const std::vector<ScoringPair>& pairs, const ScoringConfig& config,
                  const ProgressSink& progress) {
    RunScore run;
    run.config = config;
    std::size_t total = 0, done = 0;
    for (const ScoringPair& p : pairs) total += p.predictions.size();

    for (const ScoringPair& pair : pairs) {
        std::unique_ptr<ScoringRule> rule = makeScoringRule(config, pair);
        const TraceVocabulary vocabulary = traceVocabularyFor(pair.kind);
        PairScore ps;
        ps.predictionsPath = pair.predictionsPath;
        ps.goldPath = pair.goldPath;
        ps.unansweredItems = pair.unansweredItems;
        ps.verdicts.reserve(pair.predictions.size());
        AnswerMetricTotals totals;
        for (std::size_t i = 0; i < pair.predictions.size(); ++i) {
            ps.verdicts.push_back(
                scoreItem(*rule, pair.kind, vocabulary, pair.items[i], pair.predictions[i]));
            if (config.traceType != TraceType::RuleBased) markNeedsHuman(ps.verdicts.back());
            totals.add(ps.verdicts.back().answerScore);
            if (++done % 1024 == 0)
                progress.report(double(done) / double(total), "scoring " + pair.predictionsPath);
        }
        ps.answerMetrics = totals.summary();
        run.pairs.push_back(std::move(ps));
    }
    tallyRun(run);
    progress.report(1.0, "scored " + std::to_string(done) + " predictions");
    return run;
}

void tallyRun(RunScore& run) {
    const RetrievalMode mode = run.config.retrieval;
    run.items = run.unevaluated = run.retrievalNotApplicable = run.noTrace = run.noTraceExcluded =
        run.answerCorrect = 0;
    stats::TwoByTwo cls, ret, trace;
    for (const PairScore& ps : run.pairs) {
        for (const ItemVerdict& v : ps.verdicts) {
            ++run.items;
            const bool answerOk = answerCountsAsCorrect(v.answer);
            run.answerCorrect += answerOk ? 1 : 0;
            if (hasNoTrace(v.parse)) ++run.noTrace;
            if (v.classStep == StepVerdict::Unevaluated) {  // the legacy rule skipped the item
                ++run.unevaluated;
                continue;
            }
            if (hasNoTrace(v.parse) && run.config.missingTrace == MissingTrace::Exclude) {
                ++run.noTraceExcluded;
                continue;
            }
            addToTable(cls, countsAsCorrect(v.classStep, mode), answerOk);
            if (v.retrievalStep == StepVerdict::Unevaluated) {  // retrieval not applicable
                ++run.retrievalNotApplicable;
                continue;
            }
            addToTable(ret, countsAsCorrect(v.retrievalStep, mode), answerOk);
            addToTable(trace, countsAsCorrect(v.trace, mode), answerOk);
        }
    }
    run.classCorrect = cls.stepOk();
    run.retrievalCorrect = ret.stepOk();
    run.traceCorrect = trace.stepOk();
    run.classTable = {cls, stats::analyze(cls)};
    run.retrievalTable = {ret, stats::analyze(ret)};
    run.traceTable = {trace, stats::analyze(trace)};
}

}  // namespace ts
