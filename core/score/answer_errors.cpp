#include "core/score/answer_errors.h"

#include <algorithm>

#include "core/score/answer_metrics.h"
#include "core/util/text.h"

namespace ts {

namespace {

constexpr std::size_t kClip = 200;

bool hasAnswerTag(std::string_view prediction) {
    return toLowerAscii(prediction).find("<answer>") != std::string::npos;
}

bool wholeWordsAt(std::string_view text, std::size_t at, std::size_t length) {
    const bool startOk = at == 0 || text[at - 1] == ' ';
    const bool endOk = at + length == text.size() || text[at + length] == ' ';
    return startOk && endOk;
}

bool holdsWords(std::string_view text, std::string_view words) {
    for (std::size_t at = text.find(words); at != std::string_view::npos;
         at = text.find(words, at + 1))
        if (wholeWordsAt(text, at, words.size())) return true;
    return false;
}

bool isCited(const ItemVerdict& v, int unit) {
    return std::any_of(v.cited.begin(), v.cited.end(),
                       [&](const CitedUnit& c) { return c.contextIndex == unit; });
}

nlohmann::json answerList(const std::vector<std::string>& answers) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& a : answers) list.push_back(clipUtf8(a, kClip));
    return list;
}

// answer-other-entity or answer-not-in-context for an answer with F1 = 0.
void placeWrongAnswer(const TaxonomyInput& in, const std::vector<std::string>& answers,
                      std::vector<ItemError>& out) {
    const Item& item = in.item;
    nlohmann::json found = nlohmann::json::array();
    for (const std::string& a : answers) {
        const int unit = unitHoldingAnswer(a, item);
        if (unit < 0) continue;
        const bool gold = std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), unit) !=
                          item.goldRetrieval.end();
        found.push_back({{"answer", clipUtf8(a, kClip)},
                         {"unit", unit},
                         {"gold_unit", gold},
                         {"cited", isCited(in.verdict, unit)}});
    }
    const nlohmann::json gold = in.verdict.answerScore.gold;
    if (!found.empty())
        out.push_back({ErrorType::AnswerOtherEntity, {{"found", found}, {"gold", gold}}});
    else
        out.push_back(
            {ErrorType::AnswerNotInContext, {{"answers", answerList(answers)}, {"gold", gold}}});
}

}  // namespace

std::string clipUtf8(std::string_view s, std::size_t maxBytes) {
    if (s.size() <= maxBytes) return std::string(s);
    std::size_t end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return std::string(s.substr(0, end));
}

int unitHoldingAnswer(std::string_view normalisedAnswer, const Item& item) {
    if (normalisedAnswer.empty()) return -1;
    for (std::size_t i = 0; i < item.context.size(); ++i)
        if (holdsWords(normalizeAnswer(item.context[i].text), normalisedAnswer))
            return static_cast<int>(i);
    return -1;
}

std::vector<std::string> taxonomyAnswers(const ItemVerdict& verdict, std::string_view prediction) {
    std::vector<std::string> answers;
    for (const std::string& p : verdict.answerScore.predicted)
        if (!p.empty()) answers.push_back(p);
    if (answers.empty()) {
        std::string text = normalizeAnswer(extractPaperAnswer(prediction).text);
        if (!text.empty()) answers.push_back(std::move(text));
    }
    return answers;
}

void addAnswerErrors(const TaxonomyInput& in, std::vector<ItemError>& out) {
    const ItemVerdict& v = in.verdict;
    if (v.answer == StepVerdict::Unevaluated) return;
    if (!hasAnswerTag(in.prediction))
        out.push_back(
            {ErrorType::AnswerNoTag,
             {{"extraction", std::string(toString(extractPaperAnswer(in.prediction).source))}}});
    if (v.answer == StepVerdict::Ok) return;
    const std::vector<std::string> answers = taxonomyAnswers(v, in.prediction);
    if (answers.empty())
        out.push_back({ErrorType::AnswerEmpty, {{"gold", v.answerScore.gold}}});
    else if (v.answerScore.f1 > 0)
        out.push_back({ErrorType::AnswerPartial,
                       {{"f1", v.answerScore.f1},
                        {"predicted", answerList(answers)},
                        {"gold", v.answerScore.gold}}});
    else
        placeWrongAnswer(in, answers, out);
}

}  // namespace ts
