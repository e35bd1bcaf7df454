#pragma once
// Per-dataset decomposition of an item into the two checkable trace steps
// (METHOD.md sections 2-3): the label set and gold class, the gold retrieval
// set, and the exact prompt and trace templates. One implementation per
// dataset; adding a dataset means adding one rule file and registering it.
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"

namespace ts {

class SeededRng;

// The paper trained with "... Question: {q} Only return the answer.\n" but its
// bAbI and MARCO inference prompts put a newline before "Question:" and
// "Only" - both are needed to reproduce it.
enum class PromptStyle { Training, PaperInference };

// A deliberately wrong retrieval step for the incorrect-trace conditions, in
// the paper's dataset-specific form (METHOD.md "Incorrect traces in the code").
struct WrongRetrieval {
    std::vector<int> units;  // indices into Item::context, in the order quoted
    std::string sentence;    // the full retrieval sentence, byte-exact
};

class DecompositionRule {
public:
    virtual ~DecompositionRule() = default;

    virtual DatasetKind kind() const = 0;
    // The label set in its canonical order and spelling (empty: no label set).
    virtual const std::vector<std::string>& labels() const = 0;

    // Gold class and gold retrieval, computed from the item's source fields
    // (context, goldAnswers, meta); loaders call these to fill the Item.
    // They throw ts::Error naming the item when the source fields do not allow it.
    virtual std::string goldLabel(const Item& item) const = 0;
    virtual std::vector<int> goldRetrieval(const Item& item) const = 0;

    // Templates, byte-exact to the paper's files.
    virtual std::string classSentence(std::string_view label) const = 0;
    virtual std::string retrievalSentence(const std::vector<std::string>& units) const = 0;
    // The retrieval sentence of the item's gold retrieval: by default
    // retrievalSentence(item.goldUnitTexts()); MS MARCO's "No Answer
    // Present." items quote the answer instead of a passage.
    virtual std::string goldRetrievalSentence(const Item& item) const;
    virtual std::string contextBlock(const Item& item) const = 0;
    virtual std::string userPrompt(const Item& item, PromptStyle style) const = 0;
    virtual std::string answerText(const Item& item) const = 0;
    virtual std::string systemMessage(std::string_view modelFamily) const;  // "Llama" / "Qwen"

    // The fixed text before the label / the quoted units (for trace parsers).
    virtual std::string_view classSentencePrefix() const = 0;
    virtual std::string_view retrievalSentencePrefix() const = 0;

    // A uniformly random label of labels() other than the item's gold label.
    // Throws ts::Error when the rule has no label set.
    std::string wrongLabel(const Item& item, SeededRng& rng) const;
    // Non-gold units in the paper's perturbed form; never quotes a gold unit
    // (neither by index nor by text). Throws ts::Error for rules without one.
    virtual WrongRetrieval wrongRetrieval(const Item& item, SeededRng& rng) const = 0;
};

// The rule for a dataset kind (Generic gets a plain rule: no label set,
// retrieval as stored). Throws ts::Error for an unknown kind.
const DecompositionRule& ruleFor(DatasetKind kind);

}  // namespace ts
