#pragma once
// Reads the Trace_Check_QA layout: an evaluation_outputs JSON Lines file
// paired with the gold SFT CSV the test items came from.
//   CoTempQA: records {input: {text}, prediction, gold: [str], triple_element,
//             question, facts: [str]}; one gold CSV per class
//             (e.g. sft_dataset_reasoning_with_facts_chat_template/equal_test.csv);
//   bAbI:     records {input: str, prediction, gold: str, question, passage
//             (a list repr), ...}; the one test.csv of all tasks;
//   MS MARCO: records {input, prediction, gold: the answers cell (a list
//             repr), question, query_type, passage (the passages cell),
//             reasoning, answer_passage} (marco_sft_inference.py); the one
//             test.csv.
// The gold CSV's items come from core/data (loadTraceCheckQaCsv, which
// gives every item meta "row"); this reader adds the legacy rule's view of
// the raw CSV and matches each record to its row exactly on the raw question
// and the context list (the first row with that key not yet taken), so a
// wrong pairing or a missing row is an error naming the predictions file and
// line. The record's gold answer must equal the row's.
#include <filesystem>

#include "core/data/csv.h"
#include "core/score/scoring_pair.h"

namespace ts {

// One evaluation_outputs record.
struct TraceCheckQaRecord {
    std::size_t line = 0;
    std::string prediction;
    std::vector<std::string> gold;     // bAbI: the one gold string; MS MARCO: the answers cell
    std::string question;              // the raw question
    std::vector<std::string> context;  // CoTempQA "facts"; bAbI, MS MARCO "passage" parsed
};

// Throws ts::Error (file, line, key) for malformed JSON or a record without
// the keys of the dataset's layout.
std::vector<TraceCheckQaRecord> readTraceCheckQaRecords(const std::filesystem::path& path,
                                                        DatasetKind kind);

// The legacy rule's view of a gold CSV: answer cell ("answers" for MS
// MARCO), reasoning, facts ("facts" for CoTempQA, "passages" for bAbI and
// MS MARCO) and the "index" cell (or the row number), with the item id of
// each row from goldItems (matched on meta "row").
LegacyGoldTable legacyGoldTableFromCsv(const CsvTable& table, DatasetKind kind,
                                       const Dataset& goldItems);

// kind must be cotempqa, babi or msmarco. goldItems: the gold CSV loaded by
// core/data; goldCsv: its path (re-read raw for the legacy rule).
ScoringPair readTraceCheckQaPair(const std::filesystem::path& predictions,
                                 const std::filesystem::path& goldCsv, const Dataset& goldItems,
                                 DatasetKind kind);

}  // namespace ts
