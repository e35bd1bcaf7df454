#pragma once
// CoTempQA (Su et al. 2024): the raw class files (JSON Lines, one per
// co-temporal class: equal.json, overlap.json, during.json, mix.json) and the
// labelled split CSVs of the paper's repository (test_set.csv, val_set.csv).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

// The class a file name names ("equal", "overlap", "during", "mix" as a word
// of the stem), or "" when it names none or several.
std::string coTempQaClassFromFileName(const std::filesystem::path& path);

// One raw class file. Item ids are "<class>/<index>"; the split comes from
// the file or folder name ("cotempqa/test/mix.json" is "test"), else "".
Dataset loadCoTempQaClassFile(const std::filesystem::path& path, const LoadOptions& options = {});

// test_set.csv / val_set.csv (columns index, triple_element, question, facts,
// answer, label; list cells are Python literals). The ids are the raw files'
// ids ("<label>/<index>"); split from the file name ("test", "val").
Dataset loadCoTempQaSplitCsv(const std::filesystem::path& path, const LoadOptions& options = {});

// The source fields of one CoTempQA question, as every CoTempQA source has them.
struct CoTempQaRecord {
    std::string cls;  // equal / overlap / during / mix
    std::int64_t index = 0;
    std::string tripleElement;
    std::string question;
    std::vector<std::string> facts;
    std::vector<std::string> answers;
};

// The Item of a record: id "<class>/<index>", context = facts in order,
// meta {class, triple_element, index}, gold class and retrieval from the rule.
Item makeCoTempQaItem(const CoTempQaRecord& record, const std::string& split,
                      const std::string& file, std::size_t line);

}  // namespace ts
