#pragma once
// The paper's SFT CSVs (Trace_Check_QA, "trace-check-qa-csv"), in their three
// variants, told apart by the header:
//   CoTempQA: index, triple_element, facts, question (the full user prompt),
//             reasoning, answer[, messages]
//   bAbI:     passages, query (the full user prompt), question (raw),
//             query_type, reasoning, answer_passage, answer[, messages]
//   MS MARCO: answers, passages, query (the full user prompt), question (raw),
//             query_type, reasoning, answer_passage[, messages]
//             (marco_process_data_for_prompting.py + marco_create_sft_data.py)
// List cells are Python literals. CoTempQA and bAbI rows are the paper's test
// split; MS MARCO rows take the split from the file name (test when it names none).
#include <filesystem>

#include "core/data/csv.h"
#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

enum class TraceCheckCsvVariant { CoTempQA, Babi, MsMarco };

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
// MS MARCO rows: id "marco/<split>/row<k>", context = passages (sourceId =
// position); answers = the `answers` cell read as a list of str (the test
// file's form) or as one answer (the train file's); the prompt must be the
// paper's (either form of "Only return the answer.") of this row's passages
// and question; label = query_type. Gold passage from `answer_passage`: the
// passage it equals, or the passages of its list; none when it is empty (the
// paper's None), or the answer of a "No Answer Present." row; when it repeats
// the answers cell (the paper's test file) the paper's overlap rule picks it.
// meta answers_cell / answer_passage_cell keep both cells as written.
// All: meta["row"] = 0-based data row, meta["assistant_target"] = the
// assistant message of `messages` when that column exists.
Dataset loadTraceCheckQaCsv(const std::filesystem::path& path, const LoadOptions& options = {});

}  // namespace ts
