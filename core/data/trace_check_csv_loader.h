#pragma once
// The paper's SFT CSVs (Trace_Check_QA, "trace-check-qa-csv"), in their two
// variants, told apart by the header:
//   CoTempQA: index, triple_element, facts, question (the full user prompt),
//             reasoning, answer[, messages]
//   bAbI:     passages, query (the full user prompt), question (raw),
//             query_type, reasoning, answer_passage, answer[, messages]
// List cells are Python literals. All rows are the paper's test split.
#include <filesystem>

#include "core/data/csv.h"
#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

enum class TraceCheckCsvVariant { CoTempQA, Babi };

// The variant a header belongs to; throws ts::Error naming the file and the
// missing columns when it is neither.
TraceCheckCsvVariant traceCheckCsvVariant(const CsvTable& table);

// CoTempQA rows: id "<class>/<index within the raw class file>" (the CSV's
// index is the row of the paper's dataset_with_labels.csv, where the classes
// follow each other as during, equal, mix, overlap); the raw question is cut
// out of the prompt, which must have the paper's shape and quote the facts
// cell exactly. Class from the reasoning sentence (or, without one, from the
// file name); a reasoning class that contradicts the file name is an error.
// bAbI rows: id "qa<task>/test/row<k>", context = passages with sourceId =
// position + 1 (the bAbI line number for a first question), supporting_ids
// from answer_passage; the prompt must match passages and question.
// Both: meta["row"] = 0-based data row, meta["assistant_target"] = the
// assistant message of `messages` when that column exists.
Dataset loadTraceCheckQaCsv(const std::filesystem::path& path, const LoadOptions& options = {});

}  // namespace ts
