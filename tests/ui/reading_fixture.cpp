#include "tests/ui/reading_fixture.h"

#include <nlohmann/json.hpp>

#include "core/data/jsonl_dataset.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_builder.h"
#include "core/store/catalog.h"
#include "core/store/run_import.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace ts::test {

namespace {

// One native predictions file: each item answered by `answer(item, k)`.
template <typename Answer>
fs::path writePredictions(const fs::path& file, const Dataset& d, Answer answer) {
    std::string lines;
    for (std::size_t k = 0; k < d.items.size(); ++k)
        lines += nlohmann::json{{"item_id", d.items[k].id}, {"prediction", answer(d.items[k], k)}}
                     .dump() +
                 "\n";
    writeFileAtomic(file, lines);
    return file;
}

void importRun(store::Project& project, const Dataset& d, const fs::path& predictions,
               const fs::path& gold, const std::string& name, const std::string& condition) {
    store::RunInfo run;
    run.name = name;
    run.model = "sample-model";
    run.condition = condition;
    const auto pairs =
        store::readImportPairs(store::ImportFormat::Jsonl, d.kind, {{predictions, gold}});
    store::importScoredRun(project, store::ImportFormat::Jsonl, d.kind, run, pairs, {}, d.name);
}

}  // namespace

ReadingRuns addReadingRuns(const fs::path& projectPath, const fs::path& workDir) {
    ReadingRuns runs;
    fs::create_directories(workDir);
    auto project = store::Project::open(projectPath.string());
    Dataset cotemp = store::loadDataset(project, "sample-cotempqa");
    Dataset babi = store::loadDataset(project, "sample-babi");
    // Only the test split, as inference answers it.
    for (Dataset* d : {&cotemp, &babi})
        std::erase_if(d->items, [](const Item& i) { return i.split != "test"; });
    const fs::path cotempGold = workDir / "cotempqa-test.jsonl",
                   babiGold = workDir / "babi-test.jsonl";
    writeJsonlDataset(cotempGold, cotemp);
    writeJsonlDataset(babiGold, babi);

    SftOptions options;
    options.seed = 5;
    const DecompositionRule& cotempRule = ruleFor(cotemp.kind);
    const auto traced =
        writePredictions(workDir / "traces.jsonl", cotemp, [&](const Item& item, std::size_t k) {
            const auto condition = k % 3 == 0 ? SftCondition::Incorrect : SftCondition::Correct;
            std::string target = sftAssistantTarget(item, cotempRule, condition, options);
            // Every fourth answer is wrong, so every cell of the tables has items.
            if (k % 4 == 2)
                target = target.substr(0, target.find("<answer>")) + "<answer>['nobody']</answer>";
            return "assistant\n\n" + target;
        });
    const DecompositionRule& babiRule = ruleFor(babi.kind);
    const auto vanilla =
        writePredictions(workDir / "vanilla.jsonl", babi, [&](const Item& item, std::size_t k) {
            return "assistant\n\n" +
                   (k % 2 ? std::string("nowhere")
                          : sftAssistantTarget(item, babiRule, SftCondition::Vanilla, options));
        });
    importRun(project, cotemp, traced, cotempGold, runs.cotempRun, "correct-trace");
    importRun(project, babi, vanilla, babiGold, runs.vanillaRun, "vanilla");
    // A typical item: the first with a correct trace (k = 1).
    runs.cotempItem = cotemp.items.at(1).id;
    runs.vanillaItem = babi.items.at(0).id;
    return runs;
}

}  // namespace ts::test
