#pragma once
// One interface for the two trace-scoring rules (METHOD.md 4.2). The parse
// and the answer metric are shared; a rule only decides the step verdicts
// and fills the evidence behind them. scoreItem() runs the whole pipeline
// for one prediction.
#include <memory>
#include <string_view>

#include "core/data/item.h"
#include "core/score/answer_metrics.h"
#include "core/score/trace_parser.h"
#include "core/score/trace_type.h"
#include "core/score/verdict.h"

namespace ts {

struct ScoringConfig {
    ScoringRuleKind rule = ScoringRuleKind::Strict;
    RetrievalMode retrieval = RetrievalMode::All;     // how tables count a partial retrieval
    MissingTrace missingTrace = MissingTrace::Wrong;  // how tables count an item without a trace
    // Free-form kinds are not judged by the strict rule (markNeedsHuman).
    TraceType traceType = TraceType::RuleBased;
};

// What a rule sees of one item.
struct ScoringCase {
    const Item& item;
    std::string_view prediction;
    const ParsedTrace& parsed;
    DatasetKind kind = DatasetKind::Generic;
};

class ScoringRule {
public:
    virtual ~ScoringRule() = default;
    virtual ScoringRuleKind kind() const = 0;
    // Sets classStep, retrievalStep, trace and the evidence of verdict (the
    // parse results, answer and retrieval counts are already filled in).
    // Items must come in prediction-file order: the legacy rule carries the
    // previous item's gold row from one call to the next.
    virtual void judge(const ScoringCase& c, ItemVerdict& verdict) = 0;
    // Forgets carried state (a new predictions file begins).
    virtual void reset() {}
};

// Parses the prediction, computes the answer metric of the dataset and the
// retrieval counts, then lets the rule judge the steps.
ItemVerdict scoreItem(ScoringRule& rule, DatasetKind kind, const TraceVocabulary& vocabulary,
                      const Item& item, std::string_view prediction);

// The answer verdict: Ok on an exact match, Partial when F1 > 0, else Wrong.
StepVerdict answerVerdict(const AnswerScore& score);

}  // namespace ts
