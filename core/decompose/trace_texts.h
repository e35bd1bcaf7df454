#pragma once
// Trace texts read from a file, one per item: the traces of the free-form
// conditions (R1-style thinking, summaries of it, post-hoc explanations;
// arXiv 2505.13792 v2). TraceScope calls no teacher model: the texts are made
// elsewhere and handed over as JSON Lines, one object per item,
//   {"item_id": "qa1/train/1/3", "trace": "Okay, the question asks where ..."}
// Other keys (a generator's metadata) are allowed and ignored.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/decompose/sft_example.h"

namespace ts {

struct TraceTexts {
    std::string source;                         // the file, named in every error about it
    std::map<std::string, std::string> byItem;  // item id -> trace text
    std::map<std::string, std::size_t> lineOf;  // item id -> its line in the file

    // Null when the file holds no trace for the item.
    const std::string* find(const std::string& itemId) const;
};

// The trace files of one dataset, one per free-form condition.
using TraceTextFiles = std::map<SftCondition, TraceTexts>;

// Throws ts::Error naming the file and line for malformed JSON, a line that
// is not an object, a missing or non-string "item_id" or "trace", an empty
// trace, a trace holding one of the target's tags (<think>, </think>,
// <answer>, </answer>: it would end its think block early) and a repeated
// item id (naming the first line too); and naming the file for one without
// any record.
TraceTexts parseTraceTexts(std::string_view text, const std::string& pathForMessages);
TraceTexts readTraceTexts(const std::filesystem::path& path);

// Reads one file per condition (each must be a free-form condition).
TraceTextFiles readTraceTextFiles(const std::map<SftCondition, std::filesystem::path>& files);

}  // namespace ts
