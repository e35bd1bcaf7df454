#pragma once
// The GUI's item list: the items of one run filtered by any combination of
// step verdicts under a rule, a 2x2 table cell, gold or predicted label, parse
// status, annotation state or tag, and full-text search over the question,
// the context and the prediction (FTS5). Items come in stored (dataset) order.
#include <optional>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

// The step side of a 2x2 table (the answer is always the other side).
enum class TraceStep { Class, Retrieval, Trace };
std::string_view toString(TraceStep step);  // "class", "retrieval", "trace"

// One cell of the step x answer table under the filter's rule and mode:
// stepOk uses countsAsCorrect() (Partial retrieval is ok only in Any mode),
// answerOk uses answerCountsAsCorrect(); Unevaluated steps are in no cell.
struct TableCell {
    TraceStep step = TraceStep::Trace;
    bool stepOk = true;
    bool answerOk = true;
};

struct ItemFilter {
    VerdictView view;                                // whose verdicts filter and show
    RetrievalMode mode = RetrievalMode::All;         // for `cell`
    std::optional<StepVerdict> classStep, retrievalStep, trace, answer;
    std::optional<TableCell> cell;
    std::optional<std::string> goldLabel;
    std::optional<std::string> predictedLabel;
    std::optional<ParseStatus> parse;
    std::optional<bool> annotated;   // any annotation on the item in this run
    std::optional<std::string> tag;  // an annotation tag
    // When not empty: only these items (Item::id), e.g. the items where the
    // rule and a person disagree.
    std::vector<std::string> itemKeys;
    // Words that must all occur (any order) in the question, the context or the
    // prediction; each word is matched as a token (case and diacritics ignored).
    std::string text;
    // When true, `text` is passed to FTS5 as a query (phrases, OR, NEAR, prefix*).
    bool textIsFtsQuery = false;
    long long limit = -1;  // -1: all
    long long offset = 0;
};

struct ItemRow {
    long long itemRowId = 0;
    std::string itemId;
    std::string question;
    std::string goldLabel;
    bool hasVerdict =
        false;  // false: the item has no verdict under the rule (fields below default)
    ParseStatus parse = ParseStatus::NoTrace;
    StepVerdict classStep = StepVerdict::Unevaluated;
    StepVerdict retrievalStep = StepVerdict::Unevaluated;
    StepVerdict trace = StepVerdict::Unevaluated;
    StepVerdict answer = StepVerdict::Unevaluated;
    std::string predictedLabel;
    // Why the stored rule left steps unjudged (NeedsHuman: a free-form trace).
    UnevaluatedReason unevaluatedReason = UnevaluatedReason::None;
    std::string extractedAnswer;  // the answer as the parser read it (the rule's details)
    double answerF1 = 0.0;
    bool annotated = false;
    // Human rule: the steps whose verdict a person decided (kHuman* bits of
    // effective_verdicts.h); 0 under the stored rules.
    int humanSteps = 0;
};

// Throws ts::Error for an unknown run or an invalid FTS query.
std::vector<ItemRow> findItems(Project& project, long long runId, const ItemFilter& filter);
long long countItems(Project& project, long long runId, const ItemFilter& filter);

// Everything about one item of a run: the item, the raw prediction and the
// verdicts under every rule that has one (strict first).
struct ItemDetail {
    long long itemRowId = 0;
    Item item;
    std::string prediction;
    std::vector<ItemVerdict> verdicts;
};
ItemDetail loadItemDetail(Project& project, long long runId, const std::string& itemId);

// "a b" -> "\"a\" \"b\"": user words as an FTS5 query that cannot be a syntax error.
std::string ftsQueryFromWords(const std::string& text);

}  // namespace ts::store
