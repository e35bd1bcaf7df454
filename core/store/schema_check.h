#pragma once
// Checks a project file's schema before anything else reads it: the file's
// sqlite_schema must hold exactly the tables, indexes, triggers and views
// that TraceScope's own migrations produce for the file's version (same
// names, same SQL up to white space). A colleague's file with an extra
// trigger, a view where a table belongs, a changed column or an extra index
// is refused with an error that names the object, before any of our
// queries could fire it (docs/RELIABILITY.md, "Project files from others").
#include "core/store/sqlite_db.h"

namespace ts::store {

// `version` is the file's user_version (1 .. kSchemaVersion). Throws
// ts::Error naming the file and the first differing object.
void verifySchema(Database& db, int version);

}  // namespace ts::store
