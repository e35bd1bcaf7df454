#pragma once
// Builds SFT sets from decomposed items: for each item the system/user/
// assistant chat whose assistant target carries the trace of the requested
// condition. Deterministic given the seed: every item draws its wrong class and
// its wrong retrieval from its own streams (seed, item id), so the incorrect
// set and both ablations agree item by item and a subset keeps its draws.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_example.h"
#include "core/jobs/progress.h"

namespace ts {

struct SftOptions {
    std::uint64_t seed = 0;
    std::string modelFamily = "Llama";  // names the model in the system message
    // The paper's SFT CSVs hold only the user and assistant turns; its training
    // scripts add the system message. Off reproduces those files.
    bool includeSystemMessage = true;
    PromptStyle promptStyle = PromptStyle::Training;
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

// The trace steps of one item under one condition. Throws ts::Error naming
// the item when the condition needs a class the item lacks, or a wrong class
// from a rule without a label set.
SftTraceParts sftTraceParts(const Item& item, const DecompositionRule& rule, SftCondition condition,
                            const SftOptions& options);

// The assistant target: the answer alone (vanilla) or
// "<think>{class}{retrieval}</think> <answer>{answer}</answer>".
std::string sftAssistantTarget(const Item& item, const DecompositionRule& rule,
                               SftCondition condition, const SftOptions& options);

SftExample buildSftExample(const Item& item, const DecompositionRule& rule, SftCondition condition,
                           const SftOptions& options);

// One example per item, in dataset order. An item without a gold answer
// cannot become a target and is left out - as in the paper, whose MS MARCO
// script read answers[0] and so never saw a record with an empty answers
// list; its id goes to *leftOut when given, and the final progress message
// counts them. Reports progress every item batch (and so can be cancelled);
// any other item that cannot be built stops the whole set with its error -
// no partial sets.
std::vector<SftExample> buildSftSet(const Dataset& dataset, SftCondition condition,
                                    const SftOptions& options, const ProgressSink& progress = {},
                                    std::vector<std::string>* leftOut = nullptr);

}  // namespace ts
