#pragma once
// Pieces every source loader shares: asking the dataset's decomposition rule
// for the gold class and retrieval (with the file and line added to its
// errors), and naming splits and classes from file names.
#include <cstddef>
#include <filesystem>
#include <string>

#include "core/data/item.h"

namespace ts {

// Fills item.goldLabel and item.goldRetrieval from ruleFor(kind). The item's
// source fields (context, goldAnswers, meta) must be complete. A rule error
// is rethrown with file and line.
void applyDecompositionRule(Item& item, DatasetKind kind, const std::string& file,
                            std::size_t line);

// "train", "test" or "val" when the file name says so (train; test, eval;
// val, valid, validation, dev as a word of the stem), else when the folder
// the file is in is named exactly one of those words, else "".
std::string splitFromFileName(const std::filesystem::path& path);

// True when the lower-cased stem of path contains word as a whole word
// (delimited by the start, the end, or any non-alphanumeric character).
bool fileStemHasWord(const std::filesystem::path& path, const std::string& word);

}  // namespace ts
