#include "core/store/schema_check.h"

#include <map>
#include <mutex>
#include <string>

#include "core/store/schema.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

struct SchemaObject {
    std::string type, table, sql;
    bool operator==(const SchemaObject&) const = default;
};
using Schema = std::map<std::string, SchemaObject>;  // by name

// White space runs read as one space, so formatting never matters.
std::string normalised(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

Schema readSchema(Database& db) {
    Schema s;
    Statement st = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema");
    while (st.step())
        s[st.columnText(1)] = {st.columnText(0), st.columnText(2),
                               st.isNull(3) ? std::string() : normalised(st.columnText(3))};
    return s;
}

// The schema migrations 1 .. version make in an empty database, built once
// per version per process (a few milliseconds).
const Schema& referenceSchema(int version) {
    static std::mutex mutex;
    static std::map<int, Schema> cache;
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(version);
    if (it != cache.end()) return it->second;
    Database memory(":memory:", Database::Mode::Create);
    for (int v = 1; v <= version; ++v) memory.exec(migrationSql(v));
    return cache.emplace(version, readSchema(memory)).first->second;
}

}  // namespace

void verifySchema(Database& db, int version) {
    if (version < 1 || version > kSchemaVersion) return;  // open() refuses those itself
    const Schema& expected = referenceSchema(version);
    Schema actual;
    try {
        actual = readSchema(db);
    } catch (const Error& e) {
        if (db.timeBoundPassed())
            throw Error("refused: reading its schema took longer than the " +
                            std::to_string(static_cast<int>(db.timeBoundSeconds())) +
                            " s the open checks may take (a TraceScope schema reads in about a "
                            "millisecond; this one is far larger than any project's)",
                        ErrorLocation(db.path()));
        throw Error(
            "not a usable TraceScope project: its schema cannot be read (" + e.message() + ")",
            ErrorLocation(db.path()));
    }
    const std::string where = " (schema version " + std::to_string(version) + ")";
    for (const auto& [name, object] : actual) {
        // SQLite's own planner statistics (ANALYZE, PRAGMA optimize): data
        // the planner reads, never code that runs.
        if (object.type == "table" && name.rfind("sqlite_stat", 0) == 0) continue;
        const auto it = expected.find(name);
        if (it == expected.end())
            throw Error("refused: the file holds a " + object.type + " '" + name +
                            "' that TraceScope's schema does not have" + where,
                        ErrorLocation(db.path(), 0, name));
        if (!(it->second == object))
            throw Error("refused: the " + object.type + " '" + name +
                            "' differs from TraceScope's schema (expected a " + it->second.type +
                            ")" + where,
                        ErrorLocation(db.path(), 0, name));
    }
    for (const auto& [name, object] : expected)
        if (!actual.count(name))
            throw Error("refused: the " + object.type + " '" + name +
                            "' of TraceScope's schema is missing" + where,
                        ErrorLocation(db.path(), 0, name));
}

}  // namespace ts::store
