#pragma once
// A small bAbI-style story generator (the project's own; no bAbI text is
// copied). It simulates a tiny world - four people, six rooms, three objects -
// and writes stories in the bAbI v1.2 text format, with answers and
// supporting-fact line numbers derived from the simulated state, for tasks
//   1 single-supporting-fact   "Where is Mary?"
//   2 two-supporting-facts     "Where is the apple?"
//   6 yes-no-questions         "Is Mary in the kitchen?"
//   7 counting                 "How many objects is Mary carrying?"
// The vocabulary is kept small on purpose: the sample data trains a tiny
// model on a CPU, so the questions must be learnable.
#include <string>
#include <vector>

namespace ts {

class SeededRng;

struct BabiStoryOptions {
    int task = 1;               // 1, 2, 6 or 7
    int stories = 100;          // stories in the file
    int questionsPerStory = 3;  // bAbI stories ask several questions; the paper uses the first
};

// The tasks the generator can write.
const std::vector<int>& generatedBabiTasks();

// The text of one qaN_<name>_<split>.txt file. Throws ts::Error for a task it
// cannot generate or non-positive counts.
std::string generateBabiStories(const BabiStoryOptions& options, SeededRng& rng);

}  // namespace ts
