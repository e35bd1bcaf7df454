#pragma once
// The project's sample data: bAbI-style stories (tasks 1, 2, 6, 7) and
// CoTempQA-style temporal questions (equal, overlap, during, mix), each split
// into train and test, written in the real datasets' file formats so the
// ordinary loaders read them; and free-form traces of the task-1 items with a
// demo run made of them (free_form_traces.h). Deterministic by seed: every
// file draws from its own stream (seed, file path; the traces per item), so
// the same seed rewrites the same bytes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ts {

struct SampleDataOptions {
    std::uint64_t seed = 7;
    int babiTrainStories = 150;  // per task
    int babiTestStories = 30;    // per task
    int questionsPerStory = 3;
    int coTempPerClass = 120;  // records per class before the split
    int coTempTestPerClass = 24;
};

struct SampleFile {
    // e.g. "babi/qa1_single-supporting-fact_train.txt", "cotempqa/test/mix.json",
    // "traces/babi/summary.jsonl"
    std::string relativePath;
    std::string content;
};

// Every sample file, in a fixed order.
std::vector<SampleFile> generateSampleData(const SampleDataOptions& options = {});

// Writes generateSampleData() under outDir (creating folders; each file
// atomically) and returns the paths written.
std::vector<std::filesystem::path> writeSampleData(const std::filesystem::path& outDir,
                                                   const SampleDataOptions& options = {});

}  // namespace ts
