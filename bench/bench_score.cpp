// Scoring throughput: 1,000,000 synthetic predictions over CoTempQA-like
// items (10 facts, 1-3 gold answers), in the shapes real models print
// (correct trace, wrong class, partial or lower-cased citations, missing
// tags, no trace). Prints items/s for the parse alone (the baseline), the
// answer metric alone, parse + answer + strict rule, and parse + answer +
// legacy rule (whose first-substring gold-row lookup scans the gold table),
// each with its ratio to the baseline, measured in the same run.
//   bench_score [count]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/score/legacy_rule.h"
#include "core/score/strict_rule.h"
#include "core/util/text.h"

using namespace ts;

namespace {

const std::vector<std::string> kNames = {"Ann Lee", "Bo Ray",  "Cy Park",  "Di Moss",
                                         "Ed Vale", "Flo Kim", "Gus Hart", "Hal Dunn"};
const std::vector<std::string> kOrgs = {
    "Liberal Party", "Green Union", "Acme Corp",   "Zenith Labs", "City Council", "FC Example",
    "Harbor Trust",  "Vox",         "Old College", "State Bank",  "Blue Cross",   "Red Line"};
const std::vector<std::string> kLabels = {"equal", "overlap", "during", "mix"};
const std::string kClass =
    "The temporal relation between the event in question and the event in context is: ";
const std::string kFacts = "I need to use the following facts to answer the question: ";

std::string fact(std::mt19937_64& rng, const std::string& name, const std::string& org) {
    const int y = 1950 + int(rng() % 60);
    switch (rng() % 4) {
        case 0:
            return name + " is a member of the " + org + " from " + std::to_string(y) + " to " +
                   std::to_string(y + 3) + ".";
        case 1:
            return name + " works for " + org + " in " + std::to_string(y) + ".";
        case 2:
            return name + " holds the position of chair of " + org + " from " + std::to_string(y) +
                   ".";
        default:
            return name + " plays for " + org + " from " + std::to_string(y) + " to " +
                   std::to_string(y + 1) + ".";
    }
}

Item makeItem(std::mt19937_64& rng, int n) {
    Item item;
    item.id = "equal/" + std::to_string(n);
    const std::string name = kNames[rng() % kNames.size()];
    item.question = "While " + name + " was in the " + kOrgs[rng() % kOrgs.size()] +
                    ", which organisation did " + name + " belong to at the same time?";
    std::vector<std::string> orgs = kOrgs;
    std::shuffle(orgs.begin(), orgs.end(), rng);
    for (int i = 0; i < 10; ++i) item.context.push_back({fact(rng, name, orgs[i])});
    const int golds = 1 + int(rng() % 3);
    for (int g = 0; g < golds; ++g) {
        item.goldAnswers.push_back(orgs[g]);
        item.goldRetrieval.push_back(g);
    }
    item.goldLabel = kLabels[rng() % 4];
    item.meta = {{"class", item.goldLabel}, {"triple_element", "S1_R1_O2"}};
    return item;
}

std::string makePrediction(std::mt19937_64& rng, const Item& item) {
    std::vector<std::string> cited;
    const int shape = int(rng() % 10);
    for (int g : item.goldRetrieval)
        if (shape != 3 || g == 0) cited.push_back(item.context[std::size_t(g)].text);
    if (shape == 4) cited.push_back(toLowerAscii(item.context[9].text));
    const std::string label =
        shape == 2
            ? kLabels[(rng() % 3 + 1 +
                       std::size_t(std::find(kLabels.begin(), kLabels.end(), item.goldLabel) -
                                   kLabels.begin())) %
                      4]
            : item.goldLabel;
    const std::string answer =
        pythonReprList(shape == 5 ? std::vector<std::string>{"Nobody"} : item.goldAnswers);
    const std::string trace = kClass + label + ".\n" + kFacts + pythonReprList(cited);
    switch (shape) {
        case 6:
            return "assistant\n\n" + answer;  // no trace
        case 7:
            return "assistant\n<think>\n" + trace + "\n</think>\n\n " + answer;  // no tags
        case 8:
            return "assistant\n\n<think>" + trace + " <answer>" + answer + "</answer>";  // unclosed
        default:
            return "assistant\n\n<think>" + trace + "</think> <answer>" + answer + "</answer>";
    }
}

// Both clocks: CPU time of this thread is what the code costs; wall time also
// shows how busy the machine was (the two differ on a shared box).
struct Rate {
    double cpu = 0, wall = 0;  // items per second
};

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
Rate itemsPerSecond(std::size_t count, Fn&& fn) {
    const double c0 = threadCpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < count; ++i) fn(i);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return {double(count) / (threadCpuSeconds() - c0), double(count) / wall};
}

void printRate(const char* what, Rate r, Rate base) {
    std::printf("  %-30s %10.0f items/s CPU  (%5.2fx parse)  %10.0f items/s wall\n", what, r.cpu,
                r.cpu / base.cpu, r.wall);
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    constexpr int kItems = 1000;  // the item pool; predictions cycle over it
    std::mt19937_64 rng(20250521);
    std::vector<Item> items;
    for (int i = 0; i < kItems; ++i) items.push_back(makeItem(rng, i));
    std::vector<std::string> predictions;
    predictions.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        predictions.push_back(makePrediction(rng, items[i % kItems]));
    const TraceVocabulary vocab = traceVocabularyFor(DatasetKind::CoTempQA);
    auto gold = std::make_shared<const LegacyGoldTable>(
        legacyGoldTableFromItems(DatasetKind::CoTempQA, items, "synthetic"));

    std::size_t sink = 0;  // keeps results alive
    const Rate parse = itemsPerSecond(count, [&](std::size_t i) {
        sink += parseTrace(predictions[i], vocab, items[i % kItems]).cited.size();
    });
    const Rate answer = itemsPerSecond(count, [&](std::size_t i) {
        sink += scoreAnswer(DatasetKind::CoTempQA, items[i % kItems], predictions[i]).exactMatch;
    });
    StrictRule strictRule;
    std::size_t strictTrace = 0;
    const Rate strict = itemsPerSecond(count, [&](std::size_t i) {
        const ItemVerdict v =
            scoreItem(strictRule, DatasetKind::CoTempQA, vocab, items[i % kItems], predictions[i]);
        strictTrace += v.trace == StepVerdict::Ok;
    });
    LegacyRule legacyRule(gold);
    std::size_t legacyTrace = 0;
    const Rate legacy = itemsPerSecond(count, [&](std::size_t i) {
        const ItemVerdict v =
            scoreItem(legacyRule, DatasetKind::CoTempQA, vocab, items[i % kItems], predictions[i]);
        legacyTrace += v.trace == StepVerdict::Ok;
    });

    std::printf(
        "bench_score: %zu synthetic CoTempQA-like predictions over %d items "
        "(legacy gold table: %d rows), one thread\n",
        count, kItems, kItems);
    printRate("parse only (baseline)", parse, parse);
    printRate("answer metric only", answer, parse);
    printRate("parse + answer + strict rule", strict, parse);
    printRate("parse + answer + legacy rule", legacy, parse);
    std::printf("  trace ok: strict %zu, legacy %zu (checksum %zu)\n", strictTrace, legacyTrace,
                sink);
    return 0;
}
