#pragma once
// Pieces shared by the per-dataset rules (internal to core/decompose).
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/decompose/rule.h"

namespace ts::rule_detail {

inline constexpr std::string_view kPromptHead = "Answer the question based on the context:\n";
inline constexpr std::string_view kCategoryPrefix =
    "The category of the question represents what is being asked in that question. "
    "The category of the question asked is: ";
inline constexpr std::string_view kTextRetrievalPrefix =
    "I need to use the following text to answer the question: ";

// "Answer the question based on the context:\n{context}\nQuestion: {q} Only return the answer.\n";
// with newlineBeforeOnly the " Only" becomes "\nOnly" (the paper's bAbI/MARCO inference prompt).
std::string paperPrompt(std::string_view context, std::string_view question,
                        bool newlineBeforeOnly);

// "{prefix}{label}.\n"
std::string labelSentence(std::string_view prefix, std::string_view label);

bool hasIndex(const std::vector<int>& indices, int i);

// Indices of context units that are neither gold by index nor equal (after
// fold, when caseInsensitive) to the text of a gold unit, in context order.
std::vector<int> nonGoldUnits(const Item& item, bool caseInsensitive);

// The one-sentence wrong retrieval of CoTempQA and MS MARCO: prefix + one unit
// drawn from candidates (the rng draws only when there is one), or prefix +
// "[]" when none qualifies.
WrongRetrieval pickOneWrongUnit(const Item& item, const std::vector<int>& candidates, std::string_view prefix,
                                SeededRng& rng);

// Throws ts::Error("item '<id>': <what>", key).
[[noreturn]] void itemError(const Item& item, const std::string& what, const std::string& key = {});

}  // namespace ts::rule_detail
