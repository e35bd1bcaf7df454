#pragma once
// bAbI v1.2 (Weston et al. 2015): the class is the task name; the gold units
// are the question's supporting-fact lines, in line order.
#include <optional>

#include "core/decompose/rule.h"

namespace ts {

// "single-supporting-fact" for 1 ... "agents-motivations" for 20 (the names in
// the bAbI file names); throws ts::Error outside 1..20.
const std::string& babiTaskName(int task);
// The task number of a name, or nullopt.
std::optional<int> babiTaskNumber(std::string_view name);

class BabiRule final : public DecompositionRule {
public:
    DatasetKind kind() const override { return DatasetKind::Babi; }
    // The 11 tasks the paper used, in the paper's order.
    const std::vector<std::string>& labels() const override;
    // meta["task_name"] when present (any of the 20 names), else the name of meta["task"].
    std::string goldLabel(const Item& item) const override;
    // Context units whose sourceId is in meta["supporting_ids"], in context
    // order; without supporting_ids the stored Item::goldRetrieval is returned.
    std::vector<int> goldRetrieval(const Item& item) const override;
    std::string classSentence(std::string_view label) const override;
    // "...: ['line a', 'line b']" (a list repr, as in the paper's bAbI files).
    std::string retrievalSentence(const std::vector<std::string>& units) const override;
    std::string contextBlock(const Item& item) const override;  // story lines joined by "\n"
    std::string userPrompt(const Item& item, PromptStyle style) const override;
    std::string answerText(
        const Item& item) const override;  // the answer as written ("apple,football")
    std::string_view classSentencePrefix() const override;
    std::string_view retrievalSentencePrefix() const override;
    // As many random non-supporting lines as there are supporting lines (fewer
    // if the story is short), lower-cased, as a list repr.
    WrongRetrieval wrongRetrieval(const Item& item, SeededRng& rng) const override;
};

}  // namespace ts
