#pragma once
// The demo project as a new user gets it (DemoProjectJob: the sample
// CoTempQA-style and bAbI-style datasets) plus two scored runs written the
// way models answer: a CoTempQA run whose outputs carry the paper's traces
// (correct ones, and wrong ones every third item) and a bAbI run that answers
// without a trace (the vanilla condition). Runs are imported through core's
// one import path from native prediction files the fixture writes.
#include <filesystem>
#include <string>

namespace ts::test {

struct ReadingRuns {
    std::string cotempRun = "sample/cotempqa/traces";
    std::string vanillaRun = "sample/babi/vanilla";
    std::string cotempItem;   // a typical CoTempQA item of the traced run
    std::string vanillaItem;  // the vanilla run's first item
};

// Writes predictions for the demo project at projectPath (which must hold
// the sample datasets) and imports the two runs.
ReadingRuns addReadingRuns(const std::filesystem::path& projectPath,
                           const std::filesystem::path& workDir);

}  // namespace ts::test
