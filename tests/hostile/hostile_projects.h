#pragma once
// Hostile project files (docs/RELIABILITY.md, "Project files from others"):
// a valid project made with store::Project::create, then tampered with
// through the raw SQLite C API or byte by byte - extra triggers, views where
// tables belong, functions in the schema, an endless recursive view, huge
// values, corrupt pages, wrong versions, foreign schemas, a WAL of another
// database, and files that are not SQLite at all. Generated at test time;
// each case lives alone in its own folder, so a test can snapshot the
// folder before and after opening the case and require it unchanged.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ts::test {

// What opening a case must do.
enum class ProjectExpect {
    Refused,            // a ts::Error naming the file (and one of `words`, if any)
    Harmless,           // opens; listRuns and listStudies work
    RefusedOrHarmless,  // either of the two, both sound (the table says why)
};
std::string expectName(ProjectExpect e);

// What a read-write open may change in the case's folder (read-only: nothing).
enum class AllowedChange {
    None,           // every name, size and byte stays as it was
    Migration,      // an older project: its file may be rewritten (no file appears or vanishes)
    WalCheckpoint,  // a -wal beside it is part of the database: it may be checkpointed
                    // into the file and vanish with its -shm (nothing else may change)
};

struct HostileProjectCase {
    std::string name;                                  // unique, e.g. "extra-trigger"
    std::string how;                                   // how the file was made (the corpus table)
    std::filesystem::path folder;                      // holds the case and nothing else
    std::filesystem::path path;                        // what is opened (folder / "p.tsproj")
    ProjectExpect readWrite = ProjectExpect::Refused;  // Project::open
    ProjectExpect readOnly = ProjectExpect::Refused;   // Project::openReadOnly
    // A refusal's message must contain one of these (case-insensitive, the
    // file's path left out); empty: any message that names the file.
    std::vector<std::string> words;
    AllowedChange readWriteChange = AllowedChange::None;
    // When opened: the runs and studies the normal reads must see (-1: any).
    int runs = -1;
    int studies = -1;
    // A file at least this large is in the case; an open must not read it
    // into memory (the test bounds the child's extra peak memory below it).
    std::uint64_t hugeValueBytes = 0;
};

// Writes the corpus under root (created; must not exist or be empty) and
// describes it. Throws std::runtime_error when a case cannot be made.
std::vector<HostileProjectCase> makeHostileProjects(const std::filesystem::path& root);

// Case "schema-bomb"'s tampering, for a valid project at `path`: 150,000
// triggers written into sqlite_schema, so loading the schema takes minutes.
void plantSchemaBomb(const std::filesystem::path& path);

// Size of the huge prediction in case "huge-blob".
inline constexpr std::uint64_t kHugeValueBytes = std::uint64_t(80) << 20;

// A folder's entries by relative path: type, size and a hash of the bytes
// (regular files only; a FIFO is never opened).
struct FileState {
    char type = '?';  // 'f' file, 'd' directory, 'p' FIFO, 'l' symlink, '?' other
    std::uint64_t size = 0;
    std::uint64_t hash = 0;
    bool operator==(const FileState&) const = default;
};
using FolderSnapshot = std::map<std::string, FileState>;
FolderSnapshot snapshotFolder(const std::filesystem::path& folder);

// The differences between two snapshots that `allowed` does not permit for
// the project file `project` ("" when none), e.g. "p.tsproj-wal: appeared".
std::string unexpectedChanges(const FolderSnapshot& before, const FolderSnapshot& after,
                              const std::filesystem::path& folder,
                              const std::filesystem::path& project, AllowedChange allowed);

}  // namespace ts::test
