#pragma once
// Writers (and the JSONL reader) for SFT sets: our native JSON Lines, and the
// paper's CSV layout so a set can be compared with, or swapped for, the files
// the original training scripts read.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/decompose/sft_example.h"

namespace ts {

// One object per line: {"item_id": .., "condition": .., "messages": [{"role": .., "content": ..},
// ..]}.
std::string sftJsonl(const std::vector<SftExample>& examples);
// Reads sftJsonl output back; throws ts::Error naming the file and line.
std::vector<SftExample> parseSftJsonl(std::string_view text,
                                      const std::string& pathForMessages = "");

// Python repr of the messages as the paper's `messages` cells hold them:
// [{'content': '...', 'role': 'user'}, ...].
std::string pythonReprMessages(const std::vector<ChatMessage>& messages);

// The paper's CSV columns for the dataset kind, header included:
//   CoTempQA / generic: index, triple_element, facts, question, reasoning, answer, messages
//   bAbI:     passages, query, question, query_type, reasoning, answer_passage, answer, messages
//   MS MARCO: answers, passages, query, question, query_type, reasoning, answer_passage, messages
//             (answers as a list repr; answer_passage the quoted text, empty for none)
// `question`/`query` hold the user prompt, `reasoning` the gold class sentence
// (also for incorrect sets, as in the paper's perturbed files). Each example
// must name an item of the dataset (ts::Error otherwise).
std::string sftPaperCsv(const Dataset& dataset, const std::vector<SftExample>& examples);

// Writes .jsonl or .csv (by extension) atomically; any other extension is an error.
void writeSftFile(const std::filesystem::path& path, const Dataset& dataset,
                  const std::vector<SftExample>& examples);

}  // namespace ts
