#pragma once
// Answer metrics of the paper's code (METHOD.md 4.1), reproduced exactly:
// the answer extraction from raw model output, SQuAD-style normalisation
// (articles are NOT removed), set-based EM and P/R/F1, the CoTempQA official
// metric with relation-template candidate mining, and the whole-answer
// variant used for bAbI and MS MARCO. All string tests follow Python's str
// semantics (Unicode lower-casing, code-point lengths).
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"

namespace ts {

// Which rule of the paper's extraction fired (first that applies).
enum class AnswerSource {
    AnswerTag,         // text after <answer> up to </answer> (or the next <answer>)
    BeforePromptEcho,  // text before "answer the question based on" (an echoed prompt)
    AfterAnswerWord,   // text after the first " answer "
    AfterAnswerColon,  // text after the first "answer:"
    WholeText,         // none applied: the whole prediction
};
std::string_view toString(AnswerSource source);

struct ExtractedAnswer {
    // Lower-cased as the metric sees it, every "assistant" and "think" deleted.
    std::string text;
    AnswerSource source = AnswerSource::WholeText;
    TextSpan span;  // the region of the original prediction it came from
};

// The paper's extraction on str.lower() of the prediction; split(X)[1]
// semantics: the text between the first and the second occurrence of X.
ExtractedAnswer extractPaperAnswer(std::string_view prediction);

// Lower-case, drop ASCII punctuation, collapse whitespace (Python's split()).
std::string normalizeAnswer(std::string_view s);

// The set comparison of the original metric: each list is de-duplicated as
// raw strings, then normalised and sorted; EM = equal lists; P/R/F1 from the
// multiset intersection (0 when it is empty).
AnswerScore compareAnswerSets(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold);

// CoTempQA official metric for one item. Candidates = gold answers plus the
// template candidates of the facts, de-duplicated and ordered longest first
// (code points), ties in byte order - the original sorted only by length and
// left ties in hash order, which made its output depend on the interpreter's
// hash seed; every stored result is the same under this order. Each candidate
// found in the extracted text is picked and erased from it, except that the
// first one also found in the question is erased without being picked; with
// nothing picked, the whole remaining text is the one prediction.
struct CoTempQaAnswerInput {
    std::string_view prediction;
    const std::vector<std::string>& gold;
    std::string_view question;  // the raw question
    const std::vector<std::string>& facts;
    std::string_view tripleElement;
};
AnswerScore scoreCoTempQaAnswer(const CoTempQaAnswerInput& in);

// bAbI / MS MARCO: the whole extracted text is the one prediction when some
// gold answer is a substring of it (else nothing is predicted), then
// compareAnswerSets. With one gold answer (bAbI) F1 = P = R = EM; with
// several (some MARCO items) an exact match is impossible, as in the original.
AnswerScore scoreWholeAnswer(std::string_view prediction, const std::vector<std::string>& gold);

// MS MARCO (marco_config.py's evaluate_model): as scoreWholeAnswer, except
// that when the first gold answer says "no answer present" and the
// prediction has no <answer> tag, the whole prediction (less "assistant" and
// "think") is the text - the script's special case skips the other
// extraction rules for these items.
AnswerScore scoreMarcoAnswer(std::string_view prediction, const std::vector<std::string>& gold);

// Generic datasets: the extracted text against the gold answers, as sets.
AnswerScore scoreSquadAnswer(std::string_view prediction, const std::vector<std::string>& gold);

// The dataset's metric for an item (CoTempQA reads meta "triple_element").
AnswerScore scoreAnswer(DatasetKind kind, const Item& item, std::string_view prediction);

// One file's figures as the original evaluation_results files hold them:
// percentages rounded to 1 decimal (Python round), avg = (EM + F1) / 2.
struct AnswerMetricSummary {
    long long n = 0;
    double acc = 0, f1 = 0, p = 0, r = 0, avg = 0;
    bool operator==(const AnswerMetricSummary&) const = default;
};

// Sums in item order with the original's arithmetic, so the rounding agrees.
class AnswerMetricTotals {
public:
    void add(const AnswerScore& score);
    long long count() const { return n_; }
    long long exactMatches() const { return em_; }
    AnswerMetricSummary summary() const;

private:
    long long n_ = 0, em_ = 0;
    double f1_ = 0, p_ = 0, r_ = 0;
};

}  // namespace ts
