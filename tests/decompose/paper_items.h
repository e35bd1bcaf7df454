#pragma once
// Builds Items straight from the paper's SFT CSVs and the raw bAbI / MARCO
// files with the low-level readers, independently of the dataset loaders, so
// the SFT builder can be checked against the paper's own targets.
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/csv.h"
#include "core/data/item.h"

namespace ts::test {

// The paper's CoTempQA SFT CSV (test.csv or a per-class file). The class of
// each row comes from the per-class files beside it (by the global `index`),
// not from the row's own `reasoning` cell.
Dataset paperCotempItems(const std::filesystem::path& csvPath);

// The paper's bAbI SFT CSV. Each row is matched to its story in the raw bAbI
// v1.2 files (shared babi/en), whose supporting-fact line numbers give the
// gold retrieval; the task comes from the row's query_type.
Dataset paperBabiItems(const std::filesystem::path& csvPath,
                       const std::filesystem::path& babiEnDir);

// The raw CoTempQA class file (JSON Lines).
Dataset rawCotempItems(const std::filesystem::path& jsonPath, const std::string& cls);

// The MS MARCO v1.1 sample (Hugging Face layout); records without answers are left out.
Dataset marcoSampleItems(const std::filesystem::path& jsonPath, int* unanswered = nullptr);

// The assistant content of a `messages` cell (Python repr of a list of dicts).
std::string assistantOfMessagesCell(const std::string& cell);
std::string userOfMessagesCell(const std::string& cell);

}  // namespace ts::test
