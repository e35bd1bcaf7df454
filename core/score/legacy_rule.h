#pragma once
// The Trace_Check_QA legacy rule: what the paper's confusion-matrix scripts
// did, quirks included, so the published tables can be reproduced
// (METHOD.md 4.2; docs/scoring.md lists every behaviour):
//   - unevaluated when the prediction lacks the word "think" or the text
//     before the first "</think>" is empty (excluded from the tables, still
//     counted in answer accuracy);
//   - the gold row is the FIRST row of the gold CSV whose answer cell (a
//     string) contains the item's first gold answer (MS MARCO: the item's
//     whole answers cell, the list repr its outputs carry as "gold"); when
//     none does, the previous item's row is reused (a stale reuse, flagged in
//     the evidence);
//   - the gold class is the first label of a fixed search order found in the
//     row's reasoning cell; the class step is correct when it is a substring
//     of the first "."-segment of the trace (CoTempQA, case-sensitive) or of
//     the lower-cased second segment (bAbI, MS MARCO);
//   - every fact of the gold row counts as gold (the original used the facts
//     list where it meant the answers list); the retrieval step is correct
//     when any of them is a case-sensitive substring of the trace.
#include <memory>
#include <string>
#include <vector>

#include "core/score/scoring_rule.h"

namespace ts {

// The gold CSV as the legacy rule reads it, rows in file order.
struct LegacyGoldRow {
    std::string answerCell;          // "answer" (CoTempQA, bAbI) / "answers" (MS MARCO) as text
    std::string reasoning;           // the reasoning cell (the class sentence)
    std::vector<std::string> facts;  // CoTempQA "facts" / bAbI, MS MARCO "passages"
    std::string id;                  // the row's "index" cell, or its row number
    std::string itemId;              // the item this row became (to flag foreign rows)
    std::size_t line = 0;            // 1-based line of the row in the file
};

struct LegacyGoldTable {
    DatasetKind kind = DatasetKind::CoTempQA;
    std::string path;
    std::vector<LegacyGoldRow> rows;
};

// The table the legacy rule would read if the dataset's items were a gold
// CSV: the answer cell is the Python repr of the gold list (CoTempQA, MS
// MARCO) or the gold string (bAbI), the reasoning the class sentence.
LegacyGoldTable legacyGoldTableFromItems(DatasetKind kind, const std::vector<Item>& items,
                                         const std::string& sourceName);

class LegacyRule final : public ScoringRule {
public:
    // Throws ts::Error for a dataset the original scripts did not score (Generic).
    explicit LegacyRule(std::shared_ptr<const LegacyGoldTable> gold);

    ScoringRuleKind kind() const override { return ScoringRuleKind::Legacy; }
    void judge(const ScoringCase& c, ItemVerdict& verdict) override;
    void reset() override { previousRow_ = -1; }

private:
    std::shared_ptr<const LegacyGoldTable> gold_;
    int previousRow_ = -1;
};

// The label search order of the original script for a dataset.
const std::vector<std::string>& legacyLabelOrder(DatasetKind kind);

}  // namespace ts
