#include "core/decompose/babi_rule.h"

#include <algorithm>
#include <array>

#include "core/decompose/rule_common.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

using namespace rule_detail;

namespace {

const std::array<std::string, 20>& taskNames() {
    static const std::array<std::string, 20> kNames{"single-supporting-fact",
                                                    "two-supporting-facts",
                                                    "three-supporting-facts",
                                                    "two-arg-relations",
                                                    "three-arg-relations",
                                                    "yes-no-questions",
                                                    "counting",
                                                    "lists-sets",
                                                    "simple-negation",
                                                    "indefinite-knowledge",
                                                    "basic-coreference",
                                                    "conjunction",
                                                    "compound-coreference",
                                                    "time-reasoning",
                                                    "basic-deduction",
                                                    "basic-induction",
                                                    "positional-reasoning",
                                                    "size-reasoning",
                                                    "path-finding",
                                                    "agents-motivations"};
    return kNames;
}

}  // namespace

const std::string& babiTaskName(int task) {
    if (task < 1 || task > 20)
        throw Error("bAbI task number " + std::to_string(task) + " is outside 1..20");
    return taskNames()[static_cast<std::size_t>(task - 1)];
}

std::optional<int> babiTaskNumber(std::string_view name) {
    const auto& names = taskNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<int>(i + 1);
    return std::nullopt;
}

const std::vector<std::string>& BabiRule::labels() const {
    static const std::vector<std::string> kLabels{"single-supporting-fact",
                                                  "two-supporting-facts",
                                                  "two-arg-relations",
                                                  "counting",
                                                  "lists-sets",
                                                  "conjunction",
                                                  "time-reasoning",
                                                  "basic-deduction",
                                                  "basic-induction",
                                                  "positional-reasoning",
                                                  "size-reasoning"};
    return kLabels;
}

std::string BabiRule::goldLabel(const Item& item) const {
    if (const auto it = item.meta.find("task_name"); it != item.meta.end() && it->is_string()) {
        const std::string name = it->get<std::string>();
        if (!babiTaskNumber(name))
            itemError(item, "unknown bAbI task name '" + name + "'", "task_name");
        return name;
    }
    const auto it = item.meta.find("task");
    if (it == item.meta.end() || !it->is_number_integer())
        itemError(item, "bAbI items need meta \"task_name\" or an integer meta \"task\"", "task");
    const int task = it->get<int>();
    if (task < 1 || task > 20)
        itemError(item, "bAbI task " + std::to_string(task) + " is outside 1..20", "task");
    return babiTaskName(task);
}

std::vector<int> BabiRule::goldRetrieval(const Item& item) const {
    const auto it = item.meta.find("supporting_ids");
    if (it == item.meta.end()) return item.goldRetrieval;
    if (!it->is_array())
        itemError(item, "meta \"supporting_ids\" must be an array of line numbers",
                  "supporting_ids");
    std::vector<int> out;
    for (const auto& v : *it) {
        if (!v.is_number_integer())
            itemError(item, "meta \"supporting_ids\" must hold integers", "supporting_ids");
        const int line = v.get<int>();
        bool found = false;
        for (std::size_t i = 0; i < item.context.size(); ++i) {
            if (item.context[i].sourceId == line) {
                if (!hasIndex(out, static_cast<int>(i))) out.push_back(static_cast<int>(i));
                found = true;
            }
        }
        if (!found)
            itemError(
                item,
                "supporting line " + std::to_string(line) + " is not a statement of the story",
                "supporting_ids");
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string BabiRule::classSentence(std::string_view label) const {
    return labelSentence(kCategoryPrefix, label);
}

std::string BabiRule::retrievalSentence(const std::vector<std::string>& units) const {
    return std::string(kTextRetrievalPrefix) + pythonReprList(units);
}

std::string BabiRule::contextBlock(const Item& item) const {
    return join(item.contextTexts(), "\n");
}

std::string BabiRule::userPrompt(const Item& item, PromptStyle style) const {
    return paperPrompt(contextBlock(item), item.question, style == PromptStyle::PaperInference);
}

std::string BabiRule::answerText(const Item& item) const {
    if (item.goldAnswers.empty()) itemError(item, "no gold answer", "answer");
    // A loader may keep "apple,football" whole or split it; the paper's target is the written form.
    return join(item.goldAnswers, ",");
}

std::string_view BabiRule::classSentencePrefix() const {
    return kCategoryPrefix;
}
std::string_view BabiRule::retrievalSentencePrefix() const {
    return kTextRetrievalPrefix;
}

WrongRetrieval BabiRule::wrongRetrieval(const Item& item, SeededRng& rng) const {
    // The paper compared lower-cased lines, so a line equal to a supporting one
    // up to case is never offered as a wrong one.
    const std::vector<int> candidates = nonGoldUnits(item, true);
    const std::size_t k = std::min(item.goldRetrieval.size(), candidates.size());
    WrongRetrieval out;
    std::vector<std::string> quoted;
    for (std::size_t pos : rng.sample(candidates.size(), k)) {
        const int idx = candidates[pos];
        out.units.push_back(idx);
        quoted.push_back(toLowerAscii(item.context[static_cast<std::size_t>(idx)].text));
    }
    out.sentence = std::string(kTextRetrievalPrefix) + pythonReprList(quoted);
    return out;
}

}  // namespace ts
