#pragma once
// The error taxonomy in the project file (table item_error_types, schema
// version 6; docs/analysis.md): one row per (run, stored rule, item, type)
// with the type's evidence as JSON, so filters and counts are queries.
//
// The rows are always computed from what the project stores - the verdict
// rows, their details, the raw prediction and the item - by core/score's
// classifyErrors, whether at import (run_writer.cpp, inside the import's
// transaction), when a rule is re-scored, or when an older project is
// upgraded: migrate() runs the SQL of version 6 (the empty table) and then
// backfillErrorTypes() in C++, in the same transaction, so an old project
// gains exactly the rows a fresh import of the same run writes. The human
// rule is not stored: it reads the strict rows (error_taxonomy.h in core/store).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/score/error_types.h"
#include "core/score/verdict.h"
#include "core/store/sqlite_db.h"

namespace ts::store {

// Bumped when a definition changes; project_meta key "error_taxonomy" holds
// the version and the similarity threshold the rows were computed with.
inline constexpr int kErrorTaxonomyVersion = 1;

// Replaces the run's rows of one stored rule (both when absent) with rows
// computed from its stored verdicts. Call inside a transaction.
void storeErrorTypes(Database& db, long long runId, std::optional<ScoringRuleKind> rule = {});

// Every run of the project, and the project_meta entry (the upgrade to
// version 6; also run on a new project, where it only writes the entry).
void backfillErrorTypes(Database& db);

struct StoredErrorType {
    long long itemRowId = 0;
    std::string itemId;
    ErrorType type = ErrorType::NoTrace;
    nlohmann::json detail;
};

// A run's rows under a stored rule, in item order, then type order.
std::vector<StoredErrorType> readErrorTypes(Database& db, long long runId, ScoringRuleKind rule);

// The type names per item key (items without a type are absent).
std::map<std::string, std::vector<std::string>> errorTypeNamesByItem(Database& db, long long runId,
                                                                     ScoringRuleKind rule);

// The dataset's label set: its kind's labels, or for a dataset kind without
// one the distinct gold labels of its items, sorted.
std::vector<std::string> datasetLabels(Database& db, long long datasetId);

}  // namespace ts::store
