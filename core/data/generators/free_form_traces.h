#pragma once
// Free-form traces for the bAbI sample, the inputs of the paper's second arm
// (arXiv 2505.13792 v2) made from templates - TraceScope calls no teacher
// model. For a first question of the sample's stories (tasks 1, 2, 6, 7) it
// writes three texts in the styles the paper compared:
//   verbose      R1-style thinking: a few hedged sentences that name the
//                question type in words, quote one or two story lines
//                (verbatim or slightly reworded) and wander a little;
//   summary      a short summary of that thinking;
//   explanation  a post-hoc explanation: "The answer is X because ...",
//                quoting the supporting lines.
// The sample's trace files hold them for the task-1 items (train and test);
// its demo free-form run gives every test item (all four tasks) the verbose
// thinking and the gold answer for about 70% of the items, a wrong one
// otherwise (a trace that reads right above a wrong answer is what the
// paper's disconnect is about). Every text draws from its own stream (seed,
// item id, purpose), so the same seed writes the same bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/generators/sample_data.h"
#include "core/data/item.h"

namespace ts {

struct FreeFormTrace {
    std::string verbose, summary, explanation;
};

// The three texts of one item. Throws ts::Error naming the item when its id
// is not "qa<task>/..." of a generated task, its question not that task's
// form, or it has no supporting line.
FreeFormTrace freeFormTraceFor(const Item& item, std::uint64_t seed);

// The demo run's answer for one item: the gold answer for about 70% of the
// items, otherwise a wrong one from the story - another room (another person
// when the story names no other room) for the where-questions, the other
// answer of a yes/no question, another count for counting.
std::string freeFormDemoAnswer(const Item& item, std::uint64_t seed);

// The items the bAbI loader makes of a generated task file's first questions
// (id "qa<task>/<split>/<story>/<line>", context, answer, supporting lines),
// read from the text so the generator needs no file on disk. Only for the
// generator's own, well-formed output: anything else is a ts::Error.
std::vector<Item> generatedBabiFirstQuestions(std::string_view text, int task,
                                              const std::string& split);

// traces/babi/{free-form,summary,explanation}.jsonl, one {"item_id", "trace"}
// per item of traceItems, and runs/babi/free-form-predictions.jsonl, one
// native prediction per item of runItems ("<think>{verbose}</think>
// <answer>{freeFormDemoAnswer}</answer>", trace_type free-form).
std::vector<SampleFile> generateFreeFormSampleFiles(const std::vector<Item>& traceItems,
                                                    const std::vector<Item>& runItems,
                                                    std::uint64_t seed);

}  // namespace ts
