#pragma once
// Choices a caller makes when loading a source dataset. The defaults follow
// the paper where the paper is unambiguous (bAbI) and the dataset's own
// annotation where the paper's rule is a heuristic (MS MARCO).
#include "core/jobs/progress.h"

namespace ts {

// Which bAbI questions become items.
enum class BabiItems {
    // The paper's construction: the first question of each story; its context
    // is the story lines before that question.
    FirstQuestionPerStory,
    // Every question; its context is every statement line of its story before
    // it (earlier question lines are excluded).
    AllQuestions,
};

// How the gold passage of an MS MARCO record is chosen.
enum class MarcoRetrieval {
    // The passages the dataset flags with is_selected = 1 (possibly none).
    IsSelected,
    // The paper's rule: the single passage sharing the most words with the
    // first answer (ASCII lower-case, split on whitespace, set intersection;
    // ties go to the earliest passage). No answer: no gold passage.
    MaxWordOverlap,
};

struct LoadOptions {
    BabiItems babiItems = BabiItems::FirstQuestionPerStory;
    MarcoRetrieval marcoRetrieval = MarcoRetrieval::IsSelected;
    // Receives the fraction of bytes read; cancelling it aborts the load with
    // ts::Cancelled (no partial dataset is returned).
    ProgressSink progress;
};

}  // namespace ts
