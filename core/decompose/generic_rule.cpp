#include "core/decompose/generic_rule.h"

#include <algorithm>

#include "core/decompose/rule_common.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/text.h"

namespace ts {

using namespace rule_detail;

const std::vector<std::string>& GenericRule::labels() const {
    static const std::vector<std::string> kNone;
    return kNone;
}

std::string GenericRule::classSentence(std::string_view label) const {
    return labelSentence(kCategoryPrefix, label);
}

std::string GenericRule::retrievalSentence(const std::vector<std::string>& units) const {
    return std::string(kTextRetrievalPrefix) + pythonReprList(units);
}

std::string GenericRule::contextBlock(const Item& item) const {
    return join(item.contextTexts(), "\n");
}

std::string GenericRule::userPrompt(const Item& item, PromptStyle) const {
    return paperPrompt(contextBlock(item), item.question, false);
}

std::string GenericRule::answerText(const Item& item) const {
    if (item.goldAnswers.empty()) itemError(item, "no gold answer", "answers");
    if (item.goldAnswers.size() == 1) return item.goldAnswers.front();
    return pythonReprList(item.goldAnswers);
}

std::string_view GenericRule::classSentencePrefix() const {
    return kCategoryPrefix;
}
std::string_view GenericRule::retrievalSentencePrefix() const {
    return kTextRetrievalPrefix;
}

WrongRetrieval GenericRule::wrongRetrieval(const Item& item, SeededRng& rng) const {
    const std::vector<int> candidates = nonGoldUnits(item, false);
    const std::size_t k = std::min(item.goldRetrieval.size(), candidates.size());
    WrongRetrieval out;
    std::vector<std::string> quoted;
    for (std::size_t pos : rng.sample(candidates.size(), k)) {
        out.units.push_back(candidates[pos]);
        quoted.push_back(item.context[static_cast<std::size_t>(candidates[pos])].text);
    }
    out.sentence = std::string(kTextRetrievalPrefix) + pythonReprList(quoted);
    return out;
}

}  // namespace ts
