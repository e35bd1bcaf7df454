#pragma once
// Class confusion of a run under a rule (docs/analysis.md): the label each
// trace names (the parser's reading, the same under every rule) against the
// gold label the rule compared it with (strict: the item's; legacy: the one
// its gold row gave, which can be another item's), over the items whose
// class step the stored rule judged. Two extra rows: traces that name no
// label (no trace included), and labels that are not in the dataset's set.
// Under the human rule the matrix is the strict rule's; classOk counts the
// effective verdicts, and humanOverridden the items a person decided.
#include <map>
#include <string>
#include <vector>

#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

inline constexpr const char* kNoLabelRow = "(no label)";
inline constexpr const char* kNotInDatasetRow = "(not a label of this dataset)";
inline constexpr const char* kNoGoldColumn = "(none)";

struct ClassConfusion {
    std::vector<std::string> goldLabels;  // columns: the label set, then other gold labels seen
    std::vector<std::string> predicted;   // rows: the label set, kNoLabelRow, kNotInDatasetRow
    std::vector<std::vector<long long>> counts;  // [row][column]
    // The item keys of each cell, in item order (a click on a cell lists them).
    std::vector<std::vector<std::vector<std::string>>> itemIds;  // [row][column]
    long long items = 0;                         // items in the matrix
    long long diagonal = 0;                      // predicted label == gold label
    long long classOk = 0;                       // of them, class step counted ok under the view
    long long unevaluated = 0;  // class step not judged by the stored rule: left out
    long long humanOverridden = 0;
    std::map<std::string, long long> notInDataset;  // the labels of that row, as written
};

ClassConfusion classConfusion(Project& project, long long runId, const VerdictView& view);

}  // namespace ts::store
