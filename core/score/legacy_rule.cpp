#include "core/score/legacy_rule.h"

#include "core/decompose/msmarco_rule.h"
#include "core/decompose/rule.h"
#include "core/util/error.h"
#include "core/util/python_text.h"
#include "core/util/text.h"

namespace ts {
namespace {

bool has(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

// Python's text.split('.')[k]: the k-th '.'-separated segment.
std::string_view dotSegment(std::string_view text, std::size_t k) {
    std::size_t begin = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t dot = text.find('.', begin);
        if (dot == std::string_view::npos) return {};
        begin = dot + 1;
    }
    const std::size_t end = text.find('.', begin);
    return text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);
}

void markUnevaluated(ItemVerdict& v, UnevaluatedReason reason) {
    v.classStep = v.retrievalStep = v.trace = StepVerdict::Unevaluated;
    v.evidence.unevaluatedReason = reason;
}

}  // namespace

const std::vector<std::string>& legacyLabelOrder(DatasetKind kind) {
    static const std::vector<std::string> kCoTempQa{"during", "equal", "overlap", "mix"};
    static const std::vector<std::string> kBabi{"single-supporting-fact",
                                                "two-supporting-facts",
                                                "two-arg-relations",
                                                "counting",
                                                "lists-sets",
                                                "conjunction",
                                                "time-reasoning",
                                                "basic-deduction",
                                                "basic-induction",
                                                "positional-reasoning",
                                                "size-reasoning"};
    static const std::vector<std::string> kMarco{"description", "numeric", "entity", "location",
                                                 "person"};
    switch (kind) {
        case DatasetKind::CoTempQA:
            return kCoTempQa;
        case DatasetKind::Babi:
            return kBabi;
        case DatasetKind::MsMarco:
            return kMarco;
        case DatasetKind::Generic:
            break;
    }
    throw Error(
        "the legacy rule exists only for cotempqa, babi and msmarco (the datasets of the "
        "original scripts)");
}

LegacyGoldTable legacyGoldTableFromItems(DatasetKind kind, const std::vector<Item>& items,
                                         const std::string& sourceName) {
    legacyLabelOrder(kind);  // refuses Generic
    const DecompositionRule& rule = ruleFor(kind);
    LegacyGoldTable table;
    table.kind = kind;
    table.path = sourceName;
    table.rows.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& item = items[i];
        LegacyGoldRow row;
        // CoTempQA's answer and MS MARCO's answers cells hold a list repr;
        // bAbI's answer cell the answer itself.
        row.answerCell = kind == DatasetKind::MsMarco ? marcoAnswersCell(item)
                         : kind == DatasetKind::CoTempQA
                             ? pythonReprList(item.goldAnswers)
                             : (item.goldAnswers.empty() ? std::string() : item.goldAnswers[0]);
        row.reasoning = rule.classSentence(item.goldLabel);
        row.facts = item.contextTexts();
        row.id = item.id;
        row.itemId = item.id;
        row.line = i + 1;
        table.rows.push_back(std::move(row));
    }
    return table;
}

LegacyRule::LegacyRule(std::shared_ptr<const LegacyGoldTable> gold) : gold_(std::move(gold)) {
    if (!gold_) throw Error("the legacy rule needs a gold table");
    legacyLabelOrder(gold_->kind);
}

void LegacyRule::judge(const ScoringCase& c, ItemVerdict& v) {
    const std::string_view prediction = c.prediction;
    if (!has(prediction, "think")) return markUnevaluated(v, UnevaluatedReason::NoThinkWord);
    const std::string_view trace = prediction.substr(0, prediction.find("</think>"));
    if (trace.empty()) return markUnevaluated(v, UnevaluatedReason::EmptyTrace);

    // The first row whose answer cell contains the record's gold: the first
    // gold answer (CoTempQA, bAbI), the whole answers cell (MS MARCO, whose
    // outputs carry the list repr as their gold).
    const std::string gold = gold_->kind == DatasetKind::MsMarco ? marcoAnswersCell(c.item)
                             : c.item.goldAnswers.empty()        ? std::string()
                                                                 : c.item.goldAnswers[0];
    int rowIndex = -1;
    for (std::size_t r = 0; r < gold_->rows.size(); ++r) {
        if (has(gold_->rows[r].answerCell, gold)) {
            rowIndex = static_cast<int>(r);
            break;
        }
    }
    if (rowIndex < 0) {
        // The original kept the previous iteration's row; with none (the
        // first item of a file) it crashed - we leave the item unevaluated.
        if (previousRow_ < 0) return markUnevaluated(v, UnevaluatedReason::NoGoldRow);
        rowIndex = previousRow_;
        v.evidence.goldRowStale = true;
    }
    previousRow_ = rowIndex;
    const LegacyGoldRow& row = gold_->rows[static_cast<std::size_t>(rowIndex)];
    v.evidence.goldRow = rowIndex;
    v.evidence.goldRowLine = row.line;
    v.evidence.goldRowId = row.id;
    v.evidence.goldRowIsOwn = !row.itemId.empty() && row.itemId == c.item.id;

    // Class: the first label of the search order in the reasoning cell.
    const bool cotempqa = gold_->kind == DatasetKind::CoTempQA;
    const std::string reasoning = cotempqa ? row.reasoning : pythonLower(row.reasoning);
    for (const std::string& label : legacyLabelOrder(gold_->kind)) {
        if (has(reasoning, label)) {
            v.evidence.goldLabel = label;
            break;
        }
    }
    std::string_view segment = dotSegment(trace, 0);
    if (!cotempqa && trace.find('.') != std::string_view::npos) segment = dotSegment(trace, 1);
    v.evidence.classSegment = std::string(segment);
    const std::string searched = cotempqa ? std::string(segment) : pythonLower(segment);
    const bool classOk = !v.evidence.goldLabel.empty() && has(searched, v.evidence.goldLabel);
    v.classStep = classOk ? StepVerdict::Ok : StepVerdict::Wrong;

    // Retrieval: any fact of the row, case-sensitive, anywhere in the trace.
    bool factOk = false;
    for (std::size_t f = 0; f < row.facts.size(); ++f) {
        if (has(trace, row.facts[f])) {
            factOk = true;
            v.evidence.matchedUnit = static_cast<int>(f);
            v.evidence.matchedUnitText = row.facts[f];
            break;
        }
    }
    v.retrievalStep = factOk ? StepVerdict::Ok : StepVerdict::Wrong;
    v.trace = classOk && factOk ? StepVerdict::Ok : StepVerdict::Wrong;
}

}  // namespace ts
