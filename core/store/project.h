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
    // ts::Error, naming the file, when it is missing or not a regular file,
    // not an SQLite database, an SQLite database of another application, of
    // a newer schema version, or when its schema is not exactly the one
    // TraceScope's migrations make for its version (schema_check.h), or when
    // it fails SQLite's quick_check. The checks run under one time bound
    // (kOpenCheckSeconds). An older file is migrated
    // on a copy that then replaces it atomically: a failed migration leaves
    // the original as it was (docs/RELIABILITY.md).
    static Project open(const std::string& path);
    // The same checks, but the file is never written: no migration (an older
    // file is refused), no WAL, no lock files (SQLite's immutable open), and
    // quick_check always runs. For files from others and read-only media;
    // every write through it fails.
    static Project openReadOnly(const std::string& path);
    // open() when the file exists, create() otherwise.
    static Project openOrCreate(const std::string& path);

    Database& db() { return db_; }
    bool readOnly() const { return db_.readOnly(); }
    const std::string& path() const { return db_.path(); }
    // The schema version stored in the file (== kSchemaVersion once open).
    int schemaVersion();

private:
    explicit Project(Database db) : db_(std::move(db)) {}
    Database db_;
};

// The bound on the open checks together (schema, quick_check), in seconds,
// for a small file; open() adds 20 ms per MB of file (quick_check reads it all).
inline constexpr double kOpenCheckSeconds = 5.0;

// An identifier of this machine (a hash of /etc/machine-id, else of the host
// name), recorded as project_meta's created_on: provenance for people, never
// trusted by the checks (anyone can write it into a file).
std::string machineTag();

// The current time as ISO 8601 UTC with seconds, e.g. "2025-05-22T14:03:07Z".
std::string utcTimestamp();

}  // namespace ts::store
