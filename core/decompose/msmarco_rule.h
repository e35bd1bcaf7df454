#pragma once
// MS MARCO QA: the class is the query type; the gold unit is the answer
// passage (the dataset's is_selected flags by default; a loader may replace
// them with the paper's max-word-overlap passage).
#include <set>

#include "core/decompose/rule.h"

namespace ts {

// The paper's word set of a passage for the "fewer than 8 shared words" test:
// lower-cased, punctuation removed (answer passage only), split on whitespace.
// Lower-casing is ASCII and non-ASCII characters count as letters - close to,
// but not exactly, Python's str.lower()/isalnum().
std::set<std::string> marcoWordSet(std::string_view text, bool stripPunctuation);

class MsMarcoRule final : public DecompositionRule {
public:
    DatasetKind kind() const override { return DatasetKind::MsMarco; }
    const std::vector<std::string>& labels() const override;  // DESCRIPTION ... PERSON
    std::string goldLabel(const Item& item) const override;   // upper(meta["query_type"])
    // Passages flagged in meta["is_selected"]; without it the stored retrieval.
    std::vector<int> goldRetrieval(const Item& item) const override;
    std::string classSentence(std::string_view label) const override;
    // One passage is quoted bare (the paper's form); several as a list repr.
    std::string retrievalSentence(const std::vector<std::string>& units) const override;
    std::string contextBlock(const Item& item) const override;  // repr(list of passages)
    std::string userPrompt(const Item& item, PromptStyle style) const override;
    std::string answerText(const Item& item) const override;  // the first answer
    std::string_view classSentencePrefix() const override;
    std::string_view retrievalSentencePrefix() const override;
    // One random passage sharing fewer than 8 words with every gold passage
    // (any non-gold passage when there is none), bare, or "[]" when none qualifies.
    WrongRetrieval wrongRetrieval(const Item& item, SeededRng& rng) const override;
};

}  // namespace ts
