#pragma once
// CoTempQA (Su et al. 2024): the class is the file the item came from (equal,
// overlap, during, mix); the gold facts are those containing a gold answer.
#include "core/decompose/rule.h"

namespace ts {

class CoTempQaRule final : public DecompositionRule {
public:
    DatasetKind kind() const override { return DatasetKind::CoTempQA; }
    const std::vector<std::string>& labels() const override;
    // meta["class"], which must be one of labels().
    std::string goldLabel(const Item& item) const override;
    // Facts containing any non-empty gold answer (case-sensitive substring), in fact order.
    std::vector<int> goldRetrieval(const Item& item) const override;
    std::string classSentence(std::string_view label) const override;
    std::string retrievalSentence(const std::vector<std::string>& units) const override;
    std::string contextBlock(const Item& item) const override;  // repr(list of facts)
    // The paper's CoTempQA inference used the training prompt, so both styles agree.
    std::string userPrompt(const Item& item, PromptStyle style) const override;
    std::string answerText(const Item& item) const override;  // repr(list of gold answers)
    std::string_view classSentencePrefix() const override;
    std::string_view retrievalSentencePrefix() const override;
    // One random fact containing no gold answer, quoted as a bare string
    // (not a list), or "[]" when there is none - as in the paper's perturbed set.
    WrongRetrieval wrongRetrieval(const Item& item, SeededRng& rng) const override;
};

}  // namespace ts
