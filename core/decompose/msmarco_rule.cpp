#include "core/decompose/msmarco_rule.h"

#include <algorithm>

#include "core/decompose/rule_common.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/text.h"

namespace ts {

using namespace rule_detail;

namespace {

constexpr std::size_t kMaxSharedWords = 8;  // the paper's "fewer than 8 words in common"

bool isSpace(char32_t cp) {
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0;
}

bool isPunctuation(char32_t cp) {
    if (cp < 0x80)
        return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F);
}

std::size_t sharedWords(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::size_t n = 0;
    for (const auto& w : a) n += b.count(w);
    return n;
}

}  // namespace

std::set<std::string> marcoWordSet(std::string_view text, bool stripPunctuation) {
    const std::string lower = toLowerAscii(text);
    std::set<std::string> words;
    std::string word;
    std::size_t i = 0;
    while (i < lower.size()) {
        const std::size_t start = i;
        const char32_t cp = decodeUtf8(lower, i);
        if (isSpace(cp)) {
            if (!word.empty()) words.insert(word);
            word.clear();
        } else if (!stripPunctuation || !isPunctuation(cp)) {
            word.append(lower, start, i - start);
        }
    }
    if (!word.empty()) words.insert(word);
    return words;
}

const std::vector<std::string>& MsMarcoRule::labels() const {
    static const std::vector<std::string> kLabels{"DESCRIPTION", "NUMERIC", "ENTITY", "LOCATION",
                                                  "PERSON"};
    return kLabels;
}

std::string MsMarcoRule::goldLabel(const Item& item) const {
    const auto it = item.meta.find("query_type");
    if (it == item.meta.end() || !it->is_string())
        itemError(item, "MS MARCO items need meta \"query_type\"", "query_type");
    const std::string label = toUpperAscii(trim(it->get<std::string>()));
    const auto& all = labels();
    if (std::find(all.begin(), all.end(), label) == all.end())
        itemError(item, "unknown MS MARCO query type '" + it->get<std::string>() + "'",
                  "query_type");
    return label;
}

bool marcoNoAnswerPresent(const Item& item) {
    return !item.goldAnswers.empty() &&
           contains(toLowerAscii(item.goldAnswers.front()), "no answer present");
}

std::string marcoAnswersCell(const Item& item) {
    const auto it = item.meta.find("answers_cell");
    if (it != item.meta.end() && it->is_string()) return it->get<std::string>();
    return pythonReprList(item.goldAnswers);
}

std::vector<int> MsMarcoRule::goldRetrieval(const Item& item) const {
    if (marcoNoAnswerPresent(item)) return {};
    const auto it = item.meta.find("is_selected");
    if (it == item.meta.end()) return item.goldRetrieval;
    if (!it->is_array() || it->size() != item.context.size())
        itemError(item,
                  "meta \"is_selected\" must be an array with one 0/1 flag per passage (" +
                      std::to_string(item.context.size()) + " passages)",
                  "is_selected");
    std::vector<int> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& flag = (*it)[i];
        if (!flag.is_number_integer() && !flag.is_boolean())
            itemError(item, "meta \"is_selected\" must hold 0/1 flags", "is_selected");
        const bool on = flag.is_boolean() ? flag.get<bool>() : flag.get<int>() != 0;
        if (on) out.push_back(static_cast<int>(i));
    }
    return out;
}

std::string MsMarcoRule::classSentence(std::string_view label) const {
    return labelSentence(kCategoryPrefix, label);
}

std::string MsMarcoRule::retrievalSentence(const std::vector<std::string>& units) const {
    // The paper wrote str(answer_passage) of its single passage: the bare text.
    if (units.size() == 1) return std::string(kTextRetrievalPrefix) + units.front();
    return std::string(kTextRetrievalPrefix) + pythonReprList(units);
}

std::string MsMarcoRule::goldRetrievalSentence(const Item& item) const {
    if (marcoNoAnswerPresent(item))
        return std::string(kTextRetrievalPrefix) + item.goldAnswers.front();
    return DecompositionRule::goldRetrievalSentence(item);
}

std::string MsMarcoRule::contextBlock(const Item& item) const {
    return pythonReprList(item.contextTexts());
}

std::string MsMarcoRule::userPrompt(const Item& item, PromptStyle style) const {
    return paperPrompt(contextBlock(item), item.question, style == PromptStyle::PaperInference);
}

std::string MsMarcoRule::answerText(const Item& item) const {
    if (item.goldAnswers.empty()) itemError(item, "no gold answer", "answers");
    return item.goldAnswers.front();
}

std::string_view MsMarcoRule::classSentencePrefix() const {
    return kCategoryPrefix;
}
std::string_view MsMarcoRule::retrievalSentencePrefix() const {
    return kTextRetrievalPrefix;
}

WrongRetrieval MsMarcoRule::wrongRetrieval(const Item& item, SeededRng& rng) const {
    std::vector<std::set<std::string>> goldWords;
    for (int g : item.goldRetrieval)
        goldWords.push_back(marcoWordSet(item.context.at(static_cast<std::size_t>(g)).text, true));
    std::vector<int> candidates;
    for (int i : nonGoldUnits(item, false)) {
        const auto words = marcoWordSet(item.context[static_cast<std::size_t>(i)].text, false);
        const bool farFromGold =
            std::all_of(goldWords.begin(), goldWords.end(),
                        [&](const auto& gw) { return sharedWords(gw, words) < kMaxSharedWords; });
        if (farFromGold) candidates.push_back(i);
    }
    return pickOneWrongUnit(item, candidates, kTextRetrievalPrefix, rng);
}

}  // namespace ts
