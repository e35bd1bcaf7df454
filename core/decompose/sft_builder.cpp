#include "core/decompose/sft_builder.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

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

std::string thinkTarget(const std::string& trace, const std::string& answer) {
    return "<think>" + trace + "</think> <answer>" + answer + "</answer>";
}

const TraceTexts& traceFileOf(SftCondition c, const SftOptions& options) {
    const std::string name(sftConditionName(c));
    if (!options.traceTexts || !options.traceTexts->count(c))
        throw Error("condition " + name +
                    " needs a trace file (JSON Lines of {\"item_id\": .., \"trace\": ..})");
    return options.traceTexts->at(c);
}

// The condition whose traces the set reads from a file, if any: its own, or
// swapped's source.
std::optional<SftCondition> fileConditionOf(SftCondition c, const SftOptions& options) {
    if (sftConditionNeedsTraceFile(c)) return c;
    if (c == SftCondition::Swapped && options.swapSource &&
        sftConditionNeedsTraceFile(*options.swapSource))
        return options.swapSource;
    return std::nullopt;
}

void requireSwapSource(const SftOptions& options) {
    if (!options.swapSource)
        throw Error(
            "condition swapped needs a source condition: the one whose traces it deals out");
    if (!sftConditionIsSwapSource(*options.swapSource))
        throw Error("swapped cannot take its traces from condition " +
                    std::string(sftConditionName(*options.swapSource)) +
                    " (it has none to deal out)");
}

// The file must fit the dataset: a trace for every item the set builds (an
// item left without one would silently leave the set), and - unless the set
// is a part of what the file was written for - no id naming no item at all.
void requireTraceCoverage(const TraceTexts& texts, const Dataset& dataset, SftCondition c,
                          bool allowOtherItems) {
    std::vector<std::string> missing;
    std::unordered_set<std::string> ids;
    for (const Item& item : dataset.items) {
        ids.insert(item.id);
        if (!item.goldAnswers.empty() && !texts.find(item.id)) missing.push_back(item.id);
    }
    if (!missing.empty())
        throw Error("no trace for item '" + missing.front() + "' of dataset '" + dataset.name +
                        "' (condition " + std::string(sftConditionName(c)) + ")" +
                        (missing.size() > 1
                             ? "; " + std::to_string(missing.size() - 1) + " more items have none"
                             : std::string()),
                    {texts.source});
    if (allowOtherItems) return;
    std::size_t firstLine = 0, unknown = 0;
    std::string firstId;
    for (const auto& [id, line] : texts.lineOf) {
        if (ids.count(id)) continue;
        ++unknown;
        if (firstLine == 0 || line < firstLine) firstLine = line, firstId = id;
    }
    if (unknown > 0)
        throw Error("'" + firstId + "' names no item of dataset '" + dataset.name + "'" +
                        (unknown > 1 ? " (nor do " + std::to_string(unknown - 1) + " more ids)"
                                     : std::string()),
                    {texts.source, firstLine, "item_id"});
}

// For every item of the dataset, the trace swapped gives it: the source
// condition's trace of another item of the set ("" for the items left out).
std::vector<std::string> swappedTraceTexts(const Dataset& dataset, const DecompositionRule& rule,
                                           const SftOptions& options) {
    std::vector<std::size_t> positions;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        if (dataset.items[i].goldAnswers.empty()) continue;
        positions.push_back(i);
        ids.push_back(dataset.items[i].id);
    }
    if (ids.size() < 2)
        throw Error("condition swapped needs at least 2 items to swap traces between; dataset '" +
                    dataset.name + "' has " + std::to_string(ids.size()));
    const std::vector<std::size_t> donors = swappedDonors(ids, options.seed);
    std::vector<std::string> source;
    source.reserve(positions.size());
    for (std::size_t p : positions)
        source.push_back(sftTraceText(dataset.items[p], rule, *options.swapSource, options));
    std::vector<std::string> out(dataset.items.size());
    for (std::size_t k = 0; k < positions.size(); ++k) out[positions[k]] = source[donors[k]];
    return out;
}

SftExample exampleWithTarget(const Item& item, const DecompositionRule& rule,
                             SftCondition condition, const SftOptions& options,
                             std::string target) {
    SftExample ex;
    ex.itemId = item.id;
    ex.condition = condition;
    if (options.includeSystemMessage)
        ex.messages.push_back({"system", rule.systemMessage(options.modelFamily)});
    ex.messages.push_back({"user", rule.userPrompt(item, options.promptStyle)});
    ex.messages.push_back({"assistant", std::move(target)});
    return ex;
}

}  // namespace

SftTraceParts sftTraceParts(const Item& item, const DecompositionRule& rule, SftCondition condition,
                            const SftOptions& options) {
    SftTraceParts parts;
    if (condition == SftCondition::Vanilla) return parts;
    if (sftConditionNeedsTraceFile(condition) || condition == SftCondition::Swapped)
        fail(item, condition, "a free-text trace has no class and retrieval steps");

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

std::string sftTraceText(const Item& item, const DecompositionRule& rule, SftCondition condition,
                         const SftOptions& options) {
    if (sftConditionNeedsTraceFile(condition)) {
        const TraceTexts& texts = traceFileOf(condition, options);
        if (const std::string* trace = texts.find(item.id)) return *trace;
        throw Error("no trace for item '" + item.id + "' (condition " +
                        std::string(sftConditionName(condition)) + ")",
                    {texts.source});
    }
    if (!sftConditionIsSwapSource(condition))
        fail(item, condition, "the condition has no trace of its own");
    const SftTraceParts parts = sftTraceParts(item, rule, condition, options);
    return parts.classSentence + parts.retrievalSentence;
}

std::string sftAssistantTarget(const Item& item, const DecompositionRule& rule,
                               SftCondition condition, const SftOptions& options) {
    const std::string answer = rule.answerText(item);
    if (condition == SftCondition::Vanilla) return answer;
    if (condition == SftCondition::Swapped)
        fail(item, condition, "swapped traces are dealt out over a whole set (use buildSftSet)");
    return thinkTarget(sftTraceText(item, rule, condition, options), answer);
}

SftExample buildSftExample(const Item& item, const DecompositionRule& rule, SftCondition condition,
                           const SftOptions& options) {
    return exampleWithTarget(item, rule, condition, options,
                             sftAssistantTarget(item, rule, condition, options));
}

std::vector<std::size_t> swappedDonors(const std::vector<std::string>& itemIds,
                                       std::uint64_t seed) {
    const std::size_t n = itemIds.size();
    if (n < 2)
        throw Error("swapped needs at least 2 items to swap traces between, got " +
                    std::to_string(n));
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return itemIds[a] < itemIds[b]; });
    for (std::size_t k = 1; k < n; ++k)
        if (itemIds[order[k]] == itemIds[order[k - 1]])
            throw Error("swapped: item id '" + itemIds[order[k]] + "' appears twice");
    // Rejection keeps the derangement uniform; at least a third of all
    // shuffles qualify (n >= 2), so few are drawn.
    SeededRng rng = SeededRng::forItem(seed, "", "swapped");
    std::vector<std::size_t> perm(n);
    const auto hasFixedPoint = [&] {
        for (std::size_t k = 0; k < n; ++k)
            if (perm[k] == k) return true;
        return false;
    };
    do {
        std::iota(perm.begin(), perm.end(), std::size_t(0));
        rng.shuffle(perm);
    } while (hasFixedPoint());
    std::vector<std::size_t> donors(n);
    for (std::size_t k = 0; k < n; ++k) donors[order[k]] = order[perm[k]];
    return donors;
}

std::vector<SftExample> buildSftSet(const Dataset& dataset, SftCondition condition,
                                    const SftOptions& options, const ProgressSink& progress,
                                    std::vector<std::string>* leftOut) {
    const DecompositionRule& rule = ruleFor(dataset.kind);
    const std::string name(sftConditionName(condition));
    if (condition == SftCondition::Swapped) requireSwapSource(options);
    if (const auto fileCondition = fileConditionOf(condition, options))
        requireTraceCoverage(traceFileOf(*fileCondition, options), dataset, *fileCondition,
                             options.allowTracesOfOtherItems);
    std::vector<std::string> swapped;  // the trace each item receives
    if (condition == SftCondition::Swapped) swapped = swappedTraceTexts(dataset, rule, options);
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
        if (condition == SftCondition::Swapped)
            out.push_back(exampleWithTarget(item, rule, condition, options,
                                            thinkTarget(swapped[i], rule.answerText(item))));
        else
            out.push_back(buildSftExample(item, rule, condition, options));
    }
    std::string done = "built " + std::to_string(out.size()) + " " + name + " examples";
    if (unanswered > 0)
        done += "; left out " + std::to_string(unanswered) + " item(s) without a gold answer";
    progress.report(1.0, done);
    return out;
}

}  // namespace ts
