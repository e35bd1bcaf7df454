#pragma once
// Items of a native dataset with no known decomposition: the class and the
// retrieval are whatever the file stored, and there is no label set (so no
// wrong class can be drawn).
#include "core/decompose/rule.h"

namespace ts {

class GenericRule final : public DecompositionRule {
public:
    DatasetKind kind() const override { return DatasetKind::Generic; }
    const std::vector<std::string>& labels() const override;  // empty
    std::string goldLabel(const Item& item) const override { return item.goldLabel; }
    std::vector<int> goldRetrieval(const Item& item) const override { return item.goldRetrieval; }
    // The bAbI/MARCO "category" and "text" sentences.
    std::string classSentence(std::string_view label) const override;
    std::string retrievalSentence(const std::vector<std::string>& units) const override;
    std::string contextBlock(const Item& item) const override;  // units joined by "\n"
    std::string userPrompt(const Item& item, PromptStyle style) const override;
    // One answer as written; several as a list repr.
    std::string answerText(const Item& item) const override;
    std::string_view classSentencePrefix() const override;
    std::string_view retrievalSentencePrefix() const override;
    // As many random non-gold units as gold ones (fewer if short), as a list repr.
    WrongRetrieval wrongRetrieval(const Item& item, SeededRng& rng) const override;
};

}  // namespace ts
