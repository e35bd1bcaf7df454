#pragma once
// A TraceScope project: one SQLite file (extension .tsproj) holding datasets,
// runs, predictions, verdicts, annotations and cached tables (docs/schema.md).
// Opening checks that the file really is a project and migrates older schema
// versions forward; the other store headers operate on an open Project.
#include <string>

#include "core/store/sqlite_db.h"

namespace ts::store {

// How much of the open checks a connection runs.
enum class OpenChecks {
    Full,  // header, schema and (unless own_files.h vouches for the file) quick_check
    // A further connection to a file a Project in this process opened with
    // the full checks and still holds (the GUI's reader and analysis
    // threads, a worker's import): header and schema again, no quick_check.
    // Its -wal is open, so the record of own files cannot vouch for it, and
    // another full read would only repeat what the first connection did.
    FurtherConnection,
};

class Project {
public:
    // Creates a new project file; throws ts::Error if the path exists.
    static Project create(const std::string& path);
    // Opens an existing project, migrating it to the current schema. Throws
    // ts::Error, naming the file, when it is missing or not a regular file,
    // not an SQLite database, an SQLite database of another application, of
    // a newer schema version, or when its schema is not exactly the one
    // TraceScope's migrations make for its version (schema_check.h), or when
    // it fails SQLite's quick_check (skipped for a file this machine's
    // TraceScope closed last and nothing changed since: own_files.h). The
    // checks run under one time bound (kOpenCheckSeconds). An older file is migrated
    // on a copy that then replaces it atomically: a failed migration leaves
    // the original as it was (docs/RELIABILITY.md).
    static Project open(const std::string& path, OpenChecks checks = OpenChecks::Full);
    // The same checks, but the file is never written: no migration (an older
    // file is refused), no WAL, no lock files (SQLite's immutable open). For
    // files from others and read-only media; every write through it fails.
    static Project openReadOnly(const std::string& path, OpenChecks checks = OpenChecks::Full);
    // open() when the file exists, create() otherwise.
    static Project openOrCreate(const std::string& path);

    // A read-write project records the file as this machine's own once its
    // connection has closed (own_files.h).
    ~Project();
    Project(Project&& other) noexcept = default;
    Project& operator=(Project&& other) noexcept;
    Project(const Project&) = delete;
    Project& operator=(const Project&) = delete;

    Database& db() { return db_; }
    bool readOnly() const { return db_.readOnly(); }
    const std::string& path() const { return db_.path(); }
    // The schema version stored in the file (== kSchemaVersion once open).
    int schemaVersion();

private:
    explicit Project(Database db) : db_(std::move(db)), recordOnClose_(!db_.readOnly()) {}
    void closeAndRecord();
    Database db_;
    bool recordOnClose_ = false;
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
