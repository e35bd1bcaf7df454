#pragma once
// The human rule (verdict_rule.h): the strict verdicts with the annotators'
// verdict overrides laid over them, per (run, item, step) for class,
// retrieval, trace and answer.
//   - With an annotator named, that annotator's overrides count, nobody else's.
//   - Without, per step the verdict most of the annotators who judged that
//     step gave; a tie, or no override at all, keeps the strict verdict.
//   - A class or retrieval override without a trace override recomputes the
//     trace from the effective steps (traceFromSteps, as the strict rule
//     does); an explicit trace override wins.
// The policy lives in the functions below. Queries read its result through a
// per-connection temporary table that prepareEffectiveVerdicts() fills for a
// run and verdictSql() joins, so each query names its rule once and reads
// the same columns under every rule.
#include <string>
#include <vector>

#include "core/score/verdict.h"
#include "core/store/annotations.h"
#include "core/store/sqlite_db.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

struct StepVerdicts {
    StepVerdict classStep = StepVerdict::Unevaluated;
    StepVerdict retrievalStep = StepVerdict::Unevaluated;
    StepVerdict trace = StepVerdict::Unevaluated;
    StepVerdict answer = StepVerdict::Unevaluated;
    bool operator==(const StepVerdicts&) const = default;
};

// The overrides that count for one item (absent: the strict verdict stays).
struct StepOverrides {
    std::optional<StepVerdict> classStep, retrievalStep, trace, answer;
    bool any() const { return classStep || retrievalStep || trace || answer; }
    const std::optional<StepVerdict>& of(AnnotationTarget step) const;
    bool operator==(const StepOverrides&) const = default;
};

// One annotator's verdict override on one step of one item.
struct OverrideVote {
    AnnotationTarget target = AnnotationTarget::Trace;  // class, retrieval, trace or answer
    std::string annotator;
    StepVerdict verdict = StepVerdict::Ok;
};

// The policy above for the votes of one item (Item targets are ignored).
StepOverrides decideOverrides(const std::vector<OverrideVote>& votes, const std::string& annotator);
// The votes in an item's annotations (those with a verdict override on a step).
std::vector<OverrideVote> overrideVotes(const std::vector<Annotation>& annotations);
// The effective verdicts: overridden steps replaced, the trace recomputed.
StepVerdicts applyOverrides(const StepVerdicts& strict, const StepOverrides& overrides);

// Makes the view's verdicts of a run readable through verdictSql(): for Human
// it (re)writes the run's rows of the connection's temporary table
// human_verdicts (the effective verdicts of every item with a counting
// override) from the annotations as they are now; a no-op for stored rules.
// Cheap (proportional to the run's annotations), so every query calls it.
void prepareEffectiveVerdicts(Database& db, long long runId, const VerdictView& view);

// SQL for the verdict columns of a query over the verdicts table aliased
// `alias` (its rule condition must bind storedRuleCode): for stored rules
// the columns themselves; for Human the columns of the prepared table where
// an item has one, joined by `join` (append it right after the verdicts join).
// `humanSteps` is a bit mask of the steps whose verdict a person decided
// (kHumanClass | kHumanRetrieval | kHumanTrace | kHumanAnswer; a trace
// recomputed from overridden steps counts), 0 under the stored rules.
inline constexpr int kHumanClass = 1, kHumanRetrieval = 2, kHumanTrace = 4, kHumanAnswer = 8;
struct VerdictSql {
    std::string join;
    std::string classStep, retrieval, trace, answer, humanSteps;
    int storedRuleCode = 0;
    // The column of one step ("class", "retrieval", "trace" or "answer").
    const std::string& column(AnnotationTarget step) const;
};
VerdictSql verdictSql(VerdictRule rule, const std::string& alias = "v");

}  // namespace ts::store
