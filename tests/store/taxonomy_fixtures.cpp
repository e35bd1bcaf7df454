#include "tests/store/taxonomy_fixtures.h"

#include <memory>

#include "core/score/legacy_rule.h"
#include "core/score/strict_rule.h"

namespace ts::test {

namespace {

const std::string kClass =
    "The category of the question represents what is being asked in that question. The category "
    "of the question asked is: ";
const std::string kText = "I need to use the following text to answer the question: ";

std::string trace(const std::string& label, const std::string& cited, const std::string& answer) {
    return "assistant\n<think>\n" + kClass + label + ".\n" + kText + cited +
           "\n</think>\n\n <answer>" + answer + "</answer>";
}

const std::vector<std::string>& templates() {
    static const std::vector<std::string> t = {
        trace("single-supporting-fact", "['John moved to the garden.']", "garden"),
        trace("counting", "['Mary went to the kitchen.']", "kitchen"),
        trace("location", "['The moon is made of cheese.']", "paris"),
        trace("single-supporting-fact", "['john moved to the garden']", "garden"),
        "assistant\n<think>\n" + kText + "[]\n</think>\n\n <answer>garden</answer>",
        "assistant\n<think>\n" + kClass + "single-supporting-fact.\n" + kText +
            "['John moved to the garden.', 'Mary went",
        "assistant\n\ngarden",
        trace("single-supporting-fact", "['John moved to the garden.']", ""),
    };
    return t;
}

}  // namespace

Dataset taxonomyDataset() {
    Dataset d;
    d.kind = DatasetKind::Babi;
    d.name = "taxonomy-babi";
    for (int k = 0; k < 8; ++k) {
        Item i;
        i.id = "qa1/test/s" + std::to_string(k);
        i.split = "test";
        i.question = "Where is John?";
        for (const char* line : {"Mary went to the kitchen.", "John moved to the garden.",
                                 "Mary picked up the apple.", "Sandra travelled to the office."})
            i.context.push_back({line});
        i.goldAnswers = {"garden"};
        i.goldLabel = "single-supporting-fact";
        i.goldRetrieval = {1};
        d.items.push_back(std::move(i));
    }
    return d;
}

std::string taxonomyPrediction(int k, int flavour) {
    const auto& t = templates();
    return t[static_cast<std::size_t>(k + 3 * flavour) % t.size()];
}

std::vector<store::PredictionRecord> taxonomyPredictions(const Dataset& dataset, int flavour) {
    StrictRule strict;
    LegacyRule legacy(std::make_shared<const LegacyGoldTable>(
        legacyGoldTableFromItems(DatasetKind::Babi, dataset.items, "fixture")));
    const TraceVocabulary vocabulary = traceVocabularyFor(DatasetKind::Babi);
    std::vector<store::PredictionRecord> out;
    for (std::size_t k = 0; k < dataset.items.size(); ++k) {
        const Item& item = dataset.items[k];
        store::PredictionRecord r;
        r.itemId = item.id;
        r.text = taxonomyPrediction(static_cast<int>(k), flavour);
        for (ScoringRule* rule :
             {static_cast<ScoringRule*>(&strict), static_cast<ScoringRule*>(&legacy)})
            r.verdicts.push_back(scoreItem(*rule, DatasetKind::Babi, vocabulary, item, r.text));
        out.push_back(std::move(r));
    }
    return out;
}

void importTaxonomyRuns(store::Project& project) {
    const Dataset d = taxonomyDataset();
    for (int flavour : {0, 1}) {
        store::RunInfo run;
        run.name = flavour == 0 ? "tax-a" : "tax-b";
        run.condition = "correct-trace";
        store::importRun(project, d, run, taxonomyPredictions(d, flavour));
    }
}

}  // namespace ts::test
