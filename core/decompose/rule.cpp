#include "core/decompose/rule.h"

#include <algorithm>

#include "core/decompose/babi_rule.h"
#include "core/decompose/cotempqa_rule.h"
#include "core/decompose/generic_rule.h"
#include "core/decompose/msmarco_rule.h"
#include "core/decompose/rule_common.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace rule_detail {

std::string paperPrompt(std::string_view context, std::string_view question,
                        bool newlineBeforeOnly) {
    std::string out(kPromptHead);
    out += context;
    out += "\nQuestion: ";
    out += question;
    out += newlineBeforeOnly ? "\nOnly return the answer.\n" : " Only return the answer.\n";
    return out;
}

std::string labelSentence(std::string_view prefix, std::string_view label) {
    std::string out(prefix);
    out += label;
    out += ".\n";
    return out;
}

bool hasIndex(const std::vector<int>& indices, int i) {
    return std::find(indices.begin(), indices.end(), i) != indices.end();
}

std::vector<int> nonGoldUnits(const Item& item, bool caseInsensitive) {
    auto fold = [&](const std::string& s) { return caseInsensitive ? toLowerAscii(s) : s; };
    std::vector<std::string> goldTexts;
    for (int g : item.goldRetrieval) {
        if (g >= 0 && static_cast<std::size_t>(g) < item.context.size())
            goldTexts.push_back(fold(item.context[static_cast<std::size_t>(g)].text));
    }
    std::vector<int> out;
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        const int idx = static_cast<int>(i);
        if (hasIndex(item.goldRetrieval, idx)) continue;
        const std::string t = fold(item.context[i].text);
        if (std::find(goldTexts.begin(), goldTexts.end(), t) != goldTexts.end()) continue;
        out.push_back(idx);
    }
    return out;
}

WrongRetrieval pickOneWrongUnit(const Item& item, const std::vector<int>& candidates,
                                std::string_view prefix, SeededRng& rng) {
    WrongRetrieval out;
    out.sentence = std::string(prefix);
    if (candidates.empty()) {
        out.sentence += "[]";
        return out;
    }
    const int chosen = rng.pick(candidates);
    out.units.push_back(chosen);
    out.sentence += item.context[static_cast<std::size_t>(chosen)].text;
    return out;
}

void itemError(const Item& item, const std::string& what, const std::string& key) {
    throw Error("item '" + item.id + "': " + what, ErrorLocation({}, 0, key));
}

}  // namespace rule_detail

std::string DecompositionRule::goldRetrievalSentence(const Item& item) const {
    return retrievalSentence(item.goldUnitTexts());
}

std::string DecompositionRule::systemMessage(std::string_view modelFamily) const {
    if (modelFamily.empty())
        throw Error("system message: empty model family (expected Llama or Qwen)");
    std::string out = "You are ";
    out += modelFamily;
    out +=
        ", an AI assistant created to be helpful and honest. Your knowledge spans a wide range of "
        "topics, "
        "allowing you to engage in substantive conversations and provide analysis on complex "
        "subjects.";
    return out;
}

std::string DecompositionRule::wrongLabel(const Item& item, SeededRng& rng) const {
    const auto& all = labels();
    if (all.empty())
        throw Error("item '" + item.id + "': dataset kind '" +
                    std::string(datasetKindName(kind())) +
                    "' has no label set, so no wrong class can be drawn");
    std::vector<std::string> others;
    for (const auto& l : all)
        if (toLowerAscii(l) != toLowerAscii(item.goldLabel)) others.push_back(l);
    if (others.empty())
        throw Error("item '" + item.id + "': the label set has no label other than the gold one");
    return rng.pick(others);
}

const DecompositionRule& ruleFor(DatasetKind kind) {
    static const CoTempQaRule cotemp;
    static const BabiRule babi;
    static const MsMarcoRule marco;
    static const GenericRule generic;
    switch (kind) {
        case DatasetKind::CoTempQA:
            return cotemp;
        case DatasetKind::Babi:
            return babi;
        case DatasetKind::MsMarco:
            return marco;
        case DatasetKind::Generic:
            return generic;
    }
    throw Error("no decomposition rule for dataset kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace ts
