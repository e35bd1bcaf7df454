#pragma once
// The dataset-loading choices shared by the commands that load source
// datasets (datasets, build-sft): --babi-items first|all and
// --marco-retrieval overlap|is-selected. One place, so both spell, default
// and check them the same way.
#include "app/cli/args.h"
#include "core/data/load_options.h"

namespace ts::cli {

inline void addLoadChoiceOptions(ArgParser& p) {
    p.option("--babi-items", "first|all",
             "bAbI: the first question of each story (the paper's items) or every question",
             "first")
        .option("--marco-retrieval", "overlap|is-selected",
                "MS MARCO gold passage: the paper's (the passage sharing the most NLTK words with "
                "the first answer) or the dataset's is_selected flags",
                "overlap");
}

// Fills the two choices of o from the options; the spellings of earlier
// versions (max-overlap, selected) are still accepted.
inline void applyLoadChoices(const ParsedArgs& a, LoadOptions& o) {
    const std::string items = a.get("--babi-items");
    if (items == "all")
        o.babiItems = BabiItems::AllQuestions;
    else if (items == "first")
        o.babiItems = BabiItems::FirstQuestionPerStory;
    else
        throw UsageError("--babi-items expects first or all, got '" + items + "'");
    const std::string marco = a.get("--marco-retrieval");
    if (marco == "overlap" || marco == "max-overlap")
        o.marcoRetrieval = MarcoRetrieval::MaxWordOverlap;
    else if (marco == "is-selected" || marco == "selected")
        o.marcoRetrieval = MarcoRetrieval::IsSelected;
    else
        throw UsageError("--marco-retrieval expects overlap or is-selected, got '" + marco + "'");
}

}  // namespace ts::cli
