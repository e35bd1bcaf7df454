#pragma once
// Builds SFT sets from decomposed items: for each item the system/user/
// assistant chat whose assistant target carries the trace of the requested
// condition. Deterministic given the seed: every item draws its wrong class and
// its wrong retrieval from its own streams (seed, item id), so the incorrect
// set and both ablations agree item by item and a subset keeps its draws.
// The free-form conditions take each item's trace from a file (trace_texts.h);
// swapped deals a source condition's traces out over the set's items by a
// seeded derangement, the one draw that depends on the whole set.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_example.h"
#include "core/decompose/trace_texts.h"
#include "core/jobs/progress.h"

namespace ts {

struct SftOptions {
    std::uint64_t seed = 0;
    std::string modelFamily = "Llama";  // names the model in the system message
    // The paper's SFT CSVs hold only the user and assistant turns; its training
    // scripts add the system message. Off reproduces those files.
    bool includeSystemMessage = true;
    PromptStyle promptStyle = PromptStyle::Training;
    // The free-form conditions' trace texts, one file per condition (not
    // owned). The file of the condition built (or of swapSource) must hold a
    // trace for every item of the set.
    const TraceTextFiles* traceTexts = nullptr;
    // An id in that file naming no item of the dataset is an error (the file
    // was written for another dataset) unless this is set: an experiment
    // trains on one split of the files its traces were written for.
    bool allowTracesOfOtherItems = false;
    // swapped: the condition whose traces are dealt out (sftConditionIsSwapSource).
    std::optional<SftCondition> swapSource;
};

// The two trace steps that went into one target (for display and tests).
struct SftTraceParts {
    std::string label;  // the class named (gold or wrong)
    bool labelIsGold = true;
    std::vector<int> units;  // context units quoted (gold or wrong)
    bool unitsAreGold = true;
    std::string classSentence;      // empty for vanilla
    std::string retrievalSentence;  // empty for vanilla and class-only
};

// The trace steps of one item under one rule-based condition. Throws
// ts::Error naming the item when the condition needs a class the item lacks,
// or a wrong class from a rule without a label set, and for a free-form
// condition or swapped (their traces have no steps).
SftTraceParts sftTraceParts(const Item& item, const DecompositionRule& rule, SftCondition condition,
                            const SftOptions& options);

// The text inside the think block of one item under a condition with a trace
// of its own (every one but vanilla and swapped): "{class}{retrieval}" of the
// rule-based ones, the file's text for free-form, summary and explanation.
// Throws ts::Error naming the item and the file when the file has no trace
// for it, or when no file was given for the condition.
std::string sftTraceText(const Item& item, const DecompositionRule& rule, SftCondition condition,
                         const SftOptions& options);

// The assistant target: the answer alone (vanilla) or
// "<think>{trace}</think> <answer>{answer}</answer>" with sftTraceText's
// trace. swapped is drawn over a whole set: only buildSftSet builds it
// (ts::Error here).
std::string sftAssistantTarget(const Item& item, const DecompositionRule& rule,
                               SftCondition condition, const SftOptions& options);

SftExample buildSftExample(const Item& item, const DecompositionRule& rule, SftCondition condition,
                           const SftOptions& options);

// swapped's derangement: for the items of the set, in their order, the
// position of the item whose trace each one receives - never its own. Uniform
// over derangements (shuffles from the stream (seed, "swapped") are redrawn
// until none is fixed) and taken over the ids in sorted order, so it depends
// on the seed and the set of ids, not on their order. Throws ts::Error with
// fewer than two items or a repeated id.
std::vector<std::size_t> swappedDonors(const std::vector<std::string>& itemIds, std::uint64_t seed);

// One example per item, in dataset order. An item without a gold answer
// cannot become a target and is left out - as in the paper, whose MS MARCO
// script read answers[0] and so never saw a record with an empty answers
// list; its id goes to *leftOut when given, and the final progress message
// counts them. Reports progress every item batch (and so can be cancelled);
// any other item that cannot be built stops the whole set with its error -
// no partial sets. A free-form condition (or swapped from one) first checks
// its file against the dataset: every item of the set needs a trace, and every
// id of the file must name an item (unless allowTracesOfOtherItems); both
// errors name the file (and the line of the id). swapped needs swapSource and
// at least two items.
std::vector<SftExample> buildSftSet(const Dataset& dataset, SftCondition condition,
                                    const SftOptions& options, const ProgressSink& progress = {},
                                    std::vector<std::string>* leftOut = nullptr);

}  // namespace ts
