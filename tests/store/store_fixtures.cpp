#include "tests/store/store_fixtures.h"

#include <sqlite3.h>

#include <stdexcept>

#include <cstdint>

namespace ts::test {

namespace {
const char* const kLabels[] = {"alpha", "beta", "gamma"};
const char* const kWords[] = {"river",   "castle", "orange", "violin",
                              "harbour", "planet", "lantern"};
}  // namespace

Dataset syntheticDataset(const std::string& name, int n) {
    Dataset d;
    d.kind = DatasetKind::Generic;
    d.name = name;
    d.sourceFiles = {"synthetic/" + name};
    d.items.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
        Item item;
        item.id = "q/" + std::to_string(k);
        item.split = "test";
        item.question =
            "Where is the " + std::string(kWords[k % 7]) + " number " + std::to_string(k) + "?";
        for (int u = 0; u < 3; ++u)
            item.context.push_back(ContextUnit{"Fact " + std::to_string(u) + " about " +
                                                   kWords[(k + u) % 7] + " " + std::to_string(k),
                                               u});
        item.goldAnswers = {"answer " + std::to_string(k)};
        item.goldLabel = kLabels[k % 3];
        item.goldRetrieval = {1};
        item.meta = {{"k", k}};
        d.items.push_back(std::move(item));
    }
    return d;
}

ItemVerdict syntheticVerdict(const Item& item, int k, ScoringRuleKind rule, int flavour) {
    ItemVerdict v;
    v.itemId = item.id;
    v.rule = rule;
    // A well-mixed hash (splitmix64 finaliser) so the residues below are
    // independent of each other and of k's own divisibility.
    std::uint64_t x = static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL +
                      static_cast<std::uint64_t>(flavour + 1) * 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 29;
    const int h = static_cast<int>(x % 1000003ULL);
    v.parse = (h % 11 == 0) ? ParseStatus::NoTrace : ParseStatus::Ok;
    if (rule == ScoringRuleKind::Legacy && h % 13 == 0) {
        v.classStep = v.retrievalStep = v.trace = StepVerdict::Unevaluated;
        v.evidence.unevaluatedReason = UnevaluatedReason::EmptyTrace;
    } else if (v.parse == ParseStatus::NoTrace) {
        v.classStep = v.retrievalStep = v.trace = StepVerdict::Wrong;
    } else {
        v.classStep = (h % 3 != 0) ? StepVerdict::Ok : StepVerdict::Wrong;
        v.retrievalStep = (h % 5 == 0)   ? StepVerdict::Partial
                          : (h % 7 == 0) ? StepVerdict::Wrong
                                         : StepVerdict::Ok;
        const bool retrievalOk = v.retrievalStep == StepVerdict::Ok;
        v.trace = v.classStep == StepVerdict::Ok && retrievalOk ? StepVerdict::Ok
                  : v.classStep == StepVerdict::Ok && v.retrievalStep == StepVerdict::Partial
                      ? StepVerdict::Partial
                      : StepVerdict::Wrong;
    }
    // Correlated with the trace so the tables show an association.
    const bool answerOk = (v.trace == StepVerdict::Ok) ? (h % 4 != 0) : (h % 4 == 0);
    v.answer =
        answerOk ? StepVerdict::Ok : (h % 6 == 0 ? StepVerdict::Partial : StepVerdict::Wrong);
    v.predictedLabel = v.classStep == StepVerdict::Ok ? item.goldLabel : kLabels[(k + 1) % 3];
    v.labelSpan = TextSpan{10, 15};
    v.extractedAnswer = answerOk ? item.goldAnswers.front() : "something else";
    v.answerSpan = TextSpan{40, 40 + v.extractedAnswer.size()};
    v.cited = {CitedUnit{1, TextSpan{20, 30}, true}};
    if (h % 5 == 0) v.cited.push_back(CitedUnit{2, TextSpan{31, 39}, false});
    if (h % 9 == 0) v.unmatched = {UnmatchedCitation{"made-up fact", TextSpan{5, 17}}};
    v.goldCount = 1;
    v.goldCited = 1;
    v.retrievalPrecision = 1.0 / static_cast<double>(v.cited.size());
    v.answerScore.predicted = {v.extractedAnswer};
    v.answerScore.gold = item.goldAnswers;
    v.answerScore.exactMatch = answerOk;
    v.answerScore.f1 = answerOk ? 1.0 : (v.answer == StepVerdict::Partial ? 0.5 : 0.0);
    v.answerScore.precision = v.answerScore.f1;
    v.answerScore.recall = v.answerScore.f1;
    v.evidence.goldLabel = item.goldLabel;
    v.evidence.classSegment = "The category is " + v.predictedLabel;
    v.evidence.matchedUnit = 1;
    v.evidence.matchedUnitText = item.context[1].text;
    if (rule == ScoringRuleKind::Legacy) {
        v.evidence.goldRow = k;
        v.evidence.goldRowLine = static_cast<std::size_t>(k) + 2;
        v.evidence.goldRowId = std::to_string(k);
        v.evidence.goldRowIsOwn = h % 17 != 0;
        v.evidence.goldRowStale = h % 17 == 0;
    }
    return v;
}

std::vector<store::PredictionRecord> syntheticPredictions(const Dataset& dataset, int flavour) {
    std::vector<store::PredictionRecord> out;
    out.reserve(dataset.items.size());
    for (std::size_t k = 0; k < dataset.items.size(); ++k) {
        const Item& item = dataset.items[k];
        store::PredictionRecord p;
        p.itemId = item.id;
        p.text = "assistant <think>The category is " + item.goldLabel + ". I need " +
                 item.context[1].text + "</think> <answer>" + item.goldAnswers.front() +
                 (k % 10 == 3 ? " telescope" : "") + "</answer>";
        const int i = static_cast<int>(k);
        p.verdicts = {syntheticVerdict(item, i, ScoringRuleKind::Strict, flavour),
                      syntheticVerdict(item, i, ScoringRuleKind::Legacy, flavour)};
        out.push_back(std::move(p));
    }
    return out;
}

void rawExec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(path + ": " + message);
}

}  // namespace ts::test
