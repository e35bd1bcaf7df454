#pragma once
// A TraceScope project: one SQLite file (extension .tsproj) holding datasets,
// runs, predictions, verdicts, annotations and cached tables (docs/schema.md).
// Opening checks that the file really is a project and migrates older schema
// versions forward; the other store headers operate on an open Project.
#include <string>

#include "core/store/sqlite_db.h"

namespace ts::store {

class Project {
public:
    // Creates a new project file; throws ts::Error if the path exists.
    static Project create(const std::string& path);
    // Opens an existing project, migrating it to the current schema. Throws
    // ts::Error, naming the file, when it is missing, not an SQLite database,
    // an SQLite database of another application, or of a newer schema version.
    static Project open(const std::string& path);
    // open() when the file exists, create() otherwise.
    static Project openOrCreate(const std::string& path);

    Database& db() { return db_; }
    const std::string& path() const { return db_.path(); }
    // The schema version stored in the file (== kSchemaVersion once open).
    int schemaVersion();

private:
    explicit Project(Database db) : db_(std::move(db)) {}
    Database db_;
};

// The current time as ISO 8601 UTC with seconds, e.g. "2025-05-22T14:03:07Z".
std::string utcTimestamp();

}  // namespace ts::store
