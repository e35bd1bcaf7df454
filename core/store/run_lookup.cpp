#include "core/store/run_lookup.h"

#include "core/util/error.h"

namespace ts::store {

std::optional<long long> findRunId(Database& db, const std::string& runName) {
    Statement st = db.prepare("SELECT id FROM runs WHERE name = ?");
    st.bind(1, runName);
    if (!st.step()) return std::nullopt;
    return st.columnInt(0);
}

long long requireRunId(Database& db, const std::string& runName) {
    if (auto id = findRunId(db, runName)) return *id;
    throw Error("the project has no run named '" + runName + "'", ErrorLocation(db.path()));
}

void requireRunExists(Database& db, long long runId) {
    Statement exists = db.prepare("SELECT 1 FROM runs WHERE id = ?");
    exists.bind(1, runId);
    if (!exists.step())
        throw Error("the project has no run with id " + std::to_string(runId), ErrorLocation(db.path()));
}

long long requireItemRowId(Database& db, long long runId, const std::string& itemKey) {
    Statement st = db.prepare(
        "SELECT i.id FROM items i JOIN runs r ON r.dataset_id = i.dataset_id"
        " WHERE r.id = ? AND i.item_key = ?");
    st.bind(1, runId).bind(2, itemKey);
    if (!st.step())
        throw Error("the run's dataset has no item '" + itemKey + "'",
                    ErrorLocation(db.path(), 0, itemKey));
    return st.columnInt(0);
}

}  // namespace ts::store
