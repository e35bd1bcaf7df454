#pragma once
// MS MARCO QA: the class is the query type; the gold unit is the answer
// passage (the loader chooses it: the paper's max-word-overlap passage by
// default, or the dataset's is_selected flags). An item whose answer is
// "No Answer Present." has no gold passage: its gold retrieval text is the
// answer itself, as in the paper's traces.
#include <set>

#include "core/decompose/rule.h"

namespace ts {

// The paper's word set of a passage for the "fewer than 8 shared words" test:
// lower-cased, punctuation removed (answer passage only), split on whitespace.
// Lower-casing is ASCII and non-ASCII characters count as letters - close to,
// but not exactly, Python's str.lower()/isalnum().
std::set<std::string> marcoWordSet(std::string_view text, bool stripPunctuation);

// The paper's test ('no answer present' in answers[0].lower()): the item's
// first gold answer says the passages hold no answer. ASCII lower-casing
// (the phrase is ASCII).
bool marcoNoAnswerPresent(const Item& item);

// The paper's `answers` cell of an item: meta "answers_cell" when the item
// came from one of its CSVs, else the Python repr of the gold answers (the
// test file's form). The legacy rule finds gold rows by this string.
std::string marcoAnswersCell(const Item& item);

class MsMarcoRule final : public DecompositionRule {
public:
    DatasetKind kind() const override { return DatasetKind::MsMarco; }
    const std::vector<std::string>& labels() const override;  // DESCRIPTION ... PERSON
    std::string goldLabel(const Item& item) const override;   // upper(meta["query_type"])
    // Passages flagged in meta["is_selected"]; without it the stored
    // retrieval; none for a "No Answer Present." item.
    std::vector<int> goldRetrieval(const Item& item) const override;
    // "No Answer Present." items quote the answer (the paper's ans_passage).
    std::string goldRetrievalSentence(const Item& item) const override;
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
