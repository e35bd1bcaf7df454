#pragma once
// Finding runs and items by the names people use (run name, Item::id).
#include <optional>
#include <string>

#include "core/store/sqlite_db.h"

namespace ts::store {

std::optional<long long> findRunId(Database& db, const std::string& runName);
// Throws ts::Error "no run named ..." listing nothing else (callers add context).
long long requireRunId(Database& db, const std::string& runName);
// Throws ts::Error "the project has no run with id N" unless the run exists.
void requireRunExists(Database& db, long long runId);
// items.id of an item of the run's dataset; throws ts::Error when absent.
long long requireItemRowId(Database& db, long long runId, const std::string& itemKey);

}  // namespace ts::store
