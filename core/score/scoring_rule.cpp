#include "core/score/scoring_rule.h"

namespace ts {

StepVerdict answerVerdict(const AnswerScore& score) {
    if (score.exactMatch) return StepVerdict::Ok;
    return score.f1 > 0 ? StepVerdict::Partial : StepVerdict::Wrong;
}

ItemVerdict scoreItem(ScoringRule& rule, DatasetKind kind, const TraceVocabulary& vocabulary,
                      const Item& item, std::string_view prediction) {
    const ParsedTrace parsed = parseTrace(prediction, vocabulary, item);
    ItemVerdict v;
    v.itemId = item.id;
    v.rule = rule.kind();
    v.parse = parsed.status;
    v.predictedLabel = parsed.label;
    v.labelSpan = parsed.labelSpan;
    v.extractedAnswer = parsed.answer;
    v.answerSpan = parsed.answerSpan;
    v.cited = parsed.cited;
    v.unmatched = parsed.unmatched;
    v.goldCount = static_cast<int>(item.goldRetrieval.size());
    for (const CitedUnit& c : parsed.cited) v.goldCited += c.gold ? 1 : 0;
    const std::size_t citations = parsed.cited.size() + parsed.unmatched.size();
    if (citations > 0) v.retrievalPrecision = double(v.goldCited) / double(citations);

    v.answerScore = scoreAnswer(kind, item, prediction);
    v.answer = answerVerdict(v.answerScore);
    rule.judge({item, prediction, parsed, kind}, v);
    return v;
}

}  // namespace ts
