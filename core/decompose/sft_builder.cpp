#include "core/decompose/sft_builder.h"

#include <algorithm>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace {

bool needsWrongLabel(SftCondition c) {
    return c == SftCondition::Incorrect || c == SftCondition::WrongClassOnly;
}
bool needsWrongRetrieval(SftCondition c) {
    return c == SftCondition::Incorrect || c == SftCondition::WrongRetrievalOnly;
}
bool hasRetrievalStep(SftCondition c) {
    return c != SftCondition::Vanilla && c != SftCondition::ClassOnly;
}

[[noreturn]] void fail(const Item& item, SftCondition c, const std::string& what) {
    throw Error("item '" + item.id + "', condition " + std::string(sftConditionName(c)) + ": " +
                what);
}

}  // namespace

SftTraceParts sftTraceParts(const Item& item, const DecompositionRule& rule, SftCondition condition,
                            const SftOptions& options) {
    SftTraceParts parts;
    if (condition == SftCondition::Vanilla) return parts;

    if (item.goldLabel.empty() && !needsWrongLabel(condition))
        fail(item, condition, "the item has no gold class");
    if (needsWrongLabel(condition)) {
        if (item.goldLabel.empty())
            fail(item, condition, "the item has no gold class to differ from");
        SeededRng rng = SeededRng::forItem(options.seed, item.id, "wrong-class");
        parts.label = rule.wrongLabel(item, rng);
        parts.labelIsGold = false;
        // Guards the promise every incorrect set makes: never the gold class.
        if (toLowerAscii(parts.label) == toLowerAscii(item.goldLabel))
            fail(item, condition, "internal error: the wrong class equals the gold class");
    } else {
        parts.label = item.goldLabel;
    }
    parts.classSentence = rule.classSentence(parts.label);
    if (!hasRetrievalStep(condition)) return parts;

    if (needsWrongRetrieval(condition)) {
        SeededRng rng = SeededRng::forItem(options.seed, item.id, "wrong-retrieval");
        WrongRetrieval wrong = rule.wrongRetrieval(item, rng);
        for (int u : wrong.units)
            if (std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), u) !=
                item.goldRetrieval.end())
                fail(item, condition, "internal error: the wrong retrieval quotes a gold unit");
        parts.units = std::move(wrong.units);
        parts.unitsAreGold = false;
        parts.retrievalSentence = std::move(wrong.sentence);
    } else {
        parts.units = item.goldRetrieval;
        for (int u : parts.units)
            if (u < 0 || static_cast<std::size_t>(u) >= item.context.size())
                fail(item, condition,
                     "gold retrieval index " + std::to_string(u) + " is outside the context");
        parts.retrievalSentence = rule.goldRetrievalSentence(item);
    }
    return parts;
}

std::string sftAssistantTarget(const Item& item, const DecompositionRule& rule,
                               SftCondition condition, const SftOptions& options) {
    const std::string answer = rule.answerText(item);
    if (condition == SftCondition::Vanilla) return answer;
    const SftTraceParts parts = sftTraceParts(item, rule, condition, options);
    return "<think>" + parts.classSentence + parts.retrievalSentence + "</think> <answer>" +
           answer + "</answer>";
}

SftExample buildSftExample(const Item& item, const DecompositionRule& rule, SftCondition condition,
                           const SftOptions& options) {
    SftExample ex;
    ex.itemId = item.id;
    ex.condition = condition;
    if (options.includeSystemMessage)
        ex.messages.push_back({"system", rule.systemMessage(options.modelFamily)});
    ex.messages.push_back({"user", rule.userPrompt(item, options.promptStyle)});
    ex.messages.push_back({"assistant", sftAssistantTarget(item, rule, condition, options)});
    return ex;
}

std::vector<SftExample> buildSftSet(const Dataset& dataset, SftCondition condition,
                                    const SftOptions& options, const ProgressSink& progress,
                                    std::vector<std::string>* leftOut) {
    const DecompositionRule& rule = ruleFor(dataset.kind);
    const std::string name(sftConditionName(condition));
    std::vector<SftExample> out;
    out.reserve(dataset.items.size());
    std::size_t unanswered = 0;
    const std::size_t n = dataset.items.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 256 == 0)
            progress.report(static_cast<double>(i) / static_cast<double>(n),
                            "building " + name + " examples (" + std::to_string(i) + "/" +
                                std::to_string(n) + ")");
        const Item& item = dataset.items[i];
        if (item.goldAnswers.empty()) {
            ++unanswered;
            if (leftOut) leftOut->push_back(item.id);
            continue;
        }
        out.push_back(buildSftExample(item, rule, condition, options));
    }
    std::string done = "built " + std::to_string(out.size()) + " " + name + " examples";
    if (unanswered > 0)
        done += "; left out " + std::to_string(unanswered) + " item(s) without a gold answer";
    progress.report(1.0, done);
    return out;
}

}  // namespace ts
