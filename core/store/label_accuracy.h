#pragma once
// Answer accuracy per gold label (task, class) of one run under a rule, over
// every item of the run: one GROUP BY over the run's verdicts joined to its
// items, so a label that first appears deep in a million-item run counts the
// same as one on the first page of the item list.
#include <string>
#include <vector>

#include "core/score/verdict.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

struct LabelAnswerCounts {
    std::string label;
    long long items = 0;     // items of this label with a verdict under the rule
    long long answerOk = 0;  // of them, answerCountsAsCorrect(answer)
};

// Sorted by label (byte order); items without a gold label are left out, as
// are items without a verdict under the rule (the same items as runTables()).
// Throws ts::Error for an unknown run.
std::vector<LabelAnswerCounts> answerCountsByLabel(Project& project, long long runId,
                                                   const VerdictView& view);

}  // namespace ts::store
