#include "core/decompose/cotempqa_rule.h"

#include <algorithm>

#include "core/decompose/rule_common.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/text.h"

namespace ts {

using namespace rule_detail;

namespace {

constexpr std::string_view kClassPrefix =
    "The temporal relation between the event in question and the event in context is: ";
constexpr std::string_view kRetrievalPrefix =
    "I need to use the following facts to answer the question: ";

bool containsGoldAnswer(const std::string& fact, const std::vector<std::string>& answers) {
    return std::any_of(answers.begin(), answers.end(),
                       [&](const std::string& a) { return !a.empty() && contains(fact, a); });
}

}  // namespace

const std::vector<std::string>& CoTempQaRule::labels() const {
    static const std::vector<std::string> kLabels{"equal", "overlap", "during", "mix"};
    return kLabels;
}

std::string CoTempQaRule::goldLabel(const Item& item) const {
    const auto it = item.meta.find("class");
    if (it == item.meta.end() || !it->is_string())
        itemError(item, "CoTempQA items need meta \"class\" (equal, overlap, during or mix)",
                  "class");
    const std::string label = it->get<std::string>();
    const auto& all = labels();
    if (std::find(all.begin(), all.end(), label) == all.end())
        itemError(item,
                  "unknown CoTempQA class '" + label + "' (expected equal, overlap, during or mix)",
                  "class");
    return label;
}

std::vector<int> CoTempQaRule::goldRetrieval(const Item& item) const {
    std::vector<int> out;
    for (std::size_t i = 0; i < item.context.size(); ++i)
        if (containsGoldAnswer(item.context[i].text, item.goldAnswers))
            out.push_back(static_cast<int>(i));
    return out;
}

std::string CoTempQaRule::classSentence(std::string_view label) const {
    return labelSentence(kClassPrefix, label);
}

std::string CoTempQaRule::retrievalSentence(const std::vector<std::string>& units) const {
    return std::string(kRetrievalPrefix) + pythonReprList(units);
}

std::string CoTempQaRule::contextBlock(const Item& item) const {
    return pythonReprList(item.contextTexts());
}

std::string CoTempQaRule::userPrompt(const Item& item, PromptStyle) const {
    return paperPrompt(contextBlock(item), item.question, false);
}

std::string CoTempQaRule::answerText(const Item& item) const {
    if (item.goldAnswers.empty()) itemError(item, "no gold answer", "answer");
    return pythonReprList(item.goldAnswers);
}

std::string_view CoTempQaRule::classSentencePrefix() const {
    return kClassPrefix;
}
std::string_view CoTempQaRule::retrievalSentencePrefix() const {
    return kRetrievalPrefix;
}

WrongRetrieval CoTempQaRule::wrongRetrieval(const Item& item, SeededRng& rng) const {
    std::vector<int> candidates;
    for (int i : nonGoldUnits(item, false))
        if (!containsGoldAnswer(item.context[static_cast<std::size_t>(i)].text, item.goldAnswers))
            candidates.push_back(i);
    return pickOneWrongUnit(item, candidates, kRetrievalPrefix, rng);
}

}  // namespace ts
