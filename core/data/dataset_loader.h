#pragma once
// The one entry point for loading datasets: picks the format (by content and
// file name, or as told), runs that format's loader on every file, and merges
// the files into one Dataset. The per-format loaders are in their own headers
// (cotempqa_loader.h, babi_loader.h, msmarco_loader.h,
// trace_check_csv_loader.h, jsonl_dataset.h).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

enum class DatasetFormat { Auto, CoTempQA, Babi, MsMarco, TraceCheckQaCsv, Jsonl };

// "auto", "cotempqa", "babi", "msmarco", "trace-check-qa-csv", "jsonl".
std::string_view datasetFormatName(DatasetFormat format);
// The inverse; throws ts::Error listing the accepted names.
DatasetFormat parseDatasetFormat(std::string_view name);

// The format of one file, from its content and name:
//   .txt named qaN_<task>_<split>.txt starting "1 "          -> Babi
//   .csv whose header is a Trace_Check_QA SFT variant        -> TraceCheckQaCsv
//   .csv with index, triple_element, question, facts, answer, label -> CoTempQA
//   JSON whose first line is a TraceScope header             -> Jsonl
//   JSON records with facts + triple_element                 -> CoTempQA
//   JSON records (or columns) with query + passages          -> MsMarco
// Throws ts::Error naming the file when it cannot decide (pass a format then).
DatasetFormat detectFormat(const std::filesystem::path& path);

// Loads and merges the files (all of one dataset kind; Auto detects each
// file). Item ids must be unique across the files: a duplicate is an error
// naming both files. The result passes validateDataset. Progress is reported
// per file; cancelling throws ts::Cancelled and returns nothing.
Dataset loadDataset(const std::vector<std::filesystem::path>& paths,
                    DatasetFormat format = DatasetFormat::Auto, const LoadOptions& options = {});

// One file (Auto detects the format). The result passes validateDataset;
// a repeated id or a gold index outside its context is a ts::Error naming
// the file.
Dataset loadDatasetFile(const std::filesystem::path& path, DatasetFormat format,
                        const LoadOptions& options = {});

}  // namespace ts
