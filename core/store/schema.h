#pragma once
// The project file's schema as an ordered list of migrations (docs/schema.md).
// Migration k turns a version k-1 file into version k; a new project runs all
// of them from an empty file, so the upgrade path is exercised by every
// project ever created. PRAGMA user_version holds the version and
// PRAGMA application_id marks the file as a TraceScope project.
#include <cstdint>

namespace ts::store {

class Database;

// 'TSPJ': lets open() tell a TraceScope project from any other SQLite file.
inline constexpr std::int32_t kApplicationId = 0x5453504A;
// The version this build writes; files up to it are read (and migrated).
inline constexpr int kSchemaVersion = 6;

// Applies migrations user_version+1 .. kSchemaVersion inside one transaction
// and sets user_version. A file older than version 6 then gains its error
// taxonomy rows in the same transaction (backfillErrorTypes: SQL cannot
// classify, so this step is C++). Throws ts::Error (and leaves the file untouched) on
// any failure or when the file is newer than kSchemaVersion.
void migrate(Database& db);

// The SQL of migration `version` (1 .. kSchemaVersion): what schema_check.h
// replays to know the schema a file of that version must have.
const char* migrationSql(int version);

// Per-connection settings: WAL, foreign keys, synchronous NORMAL.
void configureConnection(Database& db);

}  // namespace ts::store
