#pragma once
// Importing a run from prediction files: read and match each predictions
// file to its gold file (core/score's readers), score every prediction under
// the strict and the legacy rule, and store everything in one transaction
// (run_writer.h). The CLI's `import` and the GUI's import dialog both call this.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/load_options.h"
#include "core/jobs/progress.h"
#include "core/score/run_scorer.h"
#include "core/score/scoring_pair.h"
#include "core/store/run_writer.h"

namespace ts::store {

enum class ImportFormat {
    TraceCheckQa,  // Trace_Check_QA evaluation_outputs JSON Lines + the gold SFT CSV
    Jsonl,         // native {item_id, prediction} JSON Lines + a dataset file (any loader format)
};
std::string_view toString(ImportFormat f);  // "trace-check-qa", "jsonl"
std::optional<ImportFormat> parseImportFormat(std::string_view name);

struct ImportPairSpec {
    std::filesystem::path predictions;
    std::filesystem::path gold;
};

// Reads and matches every pair. Throws ts::Error naming the file (and line)
// for malformed JSON, predictions in the other format, a gold file of another
// dataset kind, or predictions that do not match the gold file (wrong pairing,
// missing gold row). options: how source datasets are loaded (jsonl pairs:
// the bAbI items, the MS MARCO gold passage).
std::vector<ScoringPair> readImportPairs(ImportFormat format, DatasetKind kind,
                                         const std::vector<ImportPairSpec>& specs,
                                         const LoadOptions& options = {});

struct ScoredImport {
    ImportSummary stored;
    RunScore strict;
    std::optional<RunScore> legacy;  // absent when the legacy rule cannot score these pairs
    long long unansweredItems = 0;   // gold items no prediction answered
};

// Scores the pairs under both rules and stores the run in one transaction:
// the dataset `datasetName` (empty: named by its kind, e.g. "cotempqa") gains
// the items the predictions answer. run.source is filled with the format and
// the file pairs. The legacy rule is skipped when a pair has no legacy gold
// rows (generic datasets). The one import path: the CLI's `import`, the
// workbench's import job and the trainer's inference all end here.
ScoredImport importScoredRun(Project& project, ImportFormat format, DatasetKind kind, RunInfo run,
                             const std::vector<ScoringPair>& pairs,
                             const ProgressSink& progress = {},
                             const std::string& datasetName = {});

}  // namespace ts::store
