#include "core/data/generators/sample_data.h"

#include <algorithm>
#include <set>

#include "core/data/generators/babi_story_generator.h"
#include "core/data/generators/cotemp_generator.h"
#include "core/data/generators/free_form_traces.h"
#include "core/decompose/babi_rule.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace ts {

namespace fs = std::filesystem;

std::vector<SampleFile> generateSampleData(const SampleDataOptions& options) {
    if (options.coTempTestPerClass < 1 || options.coTempTestPerClass >= options.coTempPerClass)
        throw Error("sample data: the CoTempQA test part must be between 1 and the class size - 1");
    std::vector<SampleFile> files;
    // The first questions the free-form files are made for: the traces cover
    // task 1 (test, then train), the demo run every task's test items.
    std::vector<Item> traceItems, runItems, taskOneTrain;
    for (int task : generatedBabiTasks()) {
        for (const auto& [split, stories] : {std::pair{"train", options.babiTrainStories},
                                             std::pair{"test", options.babiTestStories}}) {
            const std::string path =
                "babi/qa" + std::to_string(task) + "_" + babiTaskName(task) + "_" + split + ".txt";
            SeededRng rng = SeededRng::forItem(options.seed, path, "sample-data");
            files.push_back(
                {path, generateBabiStories({task, stories, options.questionsPerStory}, rng)});
            const auto items = generatedBabiFirstQuestions(files.back().content, task, split);
            if (split == std::string("test"))
                runItems.insert(runItems.end(), items.begin(), items.end());
            if (task == 1) (split == std::string("test") ? traceItems : taskOneTrain) = items;
        }
    }
    for (const auto& cls : coTempClasses()) {
        SeededRng rng = SeededRng::forItem(options.seed, "cotempqa/" + cls, "sample-data");
        const auto records = generateCoTempRecords(cls, options.coTempPerClass, rng);
        const auto picked = rng.sample(records.size(), std::size_t(options.coTempTestPerClass));
        const std::set<std::size_t> test(picked.begin(), picked.end());
        // Records keep their class-wide index in both files, as the paper's
        // split files do, so train and test ids never collide.
        std::string train, testText;
        for (std::size_t i = 0; i < records.size(); ++i)
            (test.count(i) ? testText : train) += coTempRecordJson(records[i]) + "\n";
        files.push_back({"cotempqa/train/" + cls + ".json", train});
        files.push_back({"cotempqa/test/" + cls + ".json", testText});
    }
    traceItems.insert(traceItems.end(), taskOneTrain.begin(), taskOneTrain.end());
    for (auto& f : generateFreeFormSampleFiles(traceItems, runItems, options.seed))
        files.push_back(std::move(f));
    return files;
}

std::vector<fs::path> writeSampleData(const fs::path& outDir, const SampleDataOptions& options) {
    std::vector<fs::path> written;
    for (const auto& f : generateSampleData(options)) {
        const fs::path path = outDir / f.relativePath;
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec) throw Error("cannot create folder: " + ec.message(), {path.parent_path().string()});
        writeFileAtomic(path, f.content);
        written.push_back(path);
    }
    return written;
}

}  // namespace ts
