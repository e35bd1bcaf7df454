#pragma once
// Choices a caller makes when loading a source dataset. The defaults follow
// the paper's construction (bAbI's first questions, MS MARCO's overlap
// passage); the alternatives are the datasets' own annotations.
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
    // The paper's rule (maxWordOverlapPassage, msmarco_loader.h): the single
    // passage sharing the most NLTK words with the first answer, the first
    // one on a tie, none when no word is shared. No answer, or "No Answer
    // Present.": no gold passage.
    MaxWordOverlap,
};

struct LoadOptions {
    BabiItems babiItems = BabiItems::FirstQuestionPerStory;
    MarcoRetrieval marcoRetrieval = MarcoRetrieval::MaxWordOverlap;
    // Receives the fraction of bytes read; cancelling it aborts the load with
    // ts::Cancelled (no partial dataset is returned).
    ProgressSink progress;
};

}  // namespace ts
