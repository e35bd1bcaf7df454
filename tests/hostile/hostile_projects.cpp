#include "tests/hostile/hostile_projects.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>

#include "core/store/annotations.h"
#include "core/store/own_files.h"
#include "core/store/project.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/studies.h"
#include "tests/store/store_fixtures.h"

namespace ts::test {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("making the hostile projects: " + what);
}

// Raw SQLite with none of TraceScope's checks or hardening: the tools of
// whoever crafts a file.
class RawDb {
public:
    explicit RawDb(const fs::path& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        : path_(path.string()) {
        if (sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
            fail(path_ + ": cannot open: " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
        sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : sqlite3_errmsg(db_);
            sqlite3_free(error);
            fail(path_ + ": " + message + " in: " + sql);
        }
    }
    std::string text(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            fail(path_ + ": " + sqlite3_errmsg(db_) + " in: " + sql);
        std::string out;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return out;
    }
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() const { return db_; }

private:
    std::string path_;
    sqlite3* db_ = nullptr;
};

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot read " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) fail("cannot write " + path.string());
}

std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
}

void requireNoSideFiles(const fs::path& path) {
    for (const char* side : {"-wal", "-shm", "-journal"})
        if (fs::exists(path.string() + side)) fail(path.string() + side + " was left behind");
}

// A project with two runs of one synthetic dataset, an annotation and a
// study, closed (its WAL checkpointed into the file and removed).
void makeValidProject(const fs::path& path) {
    auto project = store::Project::create(path.string());
    const Dataset dataset = syntheticDataset("hostile-data", 8);
    store::RunInfo baseline;
    baseline.name = "baseline";
    baseline.model = "tiny";
    const long long runId =
        store::importRun(project, dataset, baseline, syntheticPredictions(dataset, 0)).runId;
    store::RunInfo perturbed = baseline;
    perturbed.name = "perturbed";
    perturbed.condition = "perturbed-trace";
    store::importRun(project, dataset, perturbed, syntheticPredictions(dataset, 1));
    store::Annotation note;
    note.runId = runId;
    note.itemId = dataset.items.front().id;
    note.annotator = "alice";
    note.note = "looks right";
    store::saveAnnotation(project, note);
    store::StudySpec study;
    study.name = "s";
    study.runs = {"baseline", "perturbed"};
    study.itemCount = 4;
    study.participants = {"p1", "p2"};
    store::createStudy(project, study);
}

// Overwrites one page in the second half of the file with a pattern, the
// first page (from the middle on) whose damage SQLite's quick_check sees.
void corruptMiddlePage(const fs::path& path) {
    const std::string original = readBytes(path);
    if (original.size() < 8192) fail(path.string() + " is too small to corrupt a page");
    const std::size_t pageSize =
        (std::size_t(std::uint8_t(original[16])) << 8) | std::size_t(std::uint8_t(original[17]));
    const std::size_t pages = original.size() / pageSize;
    for (std::size_t k = pages / 2; k < pages; ++k) {
        std::string bytes = original;
        for (std::size_t i = 0; i < pageSize; ++i)
            bytes[k * pageSize + i] = "\xA5\x5A\xFF\x00\x13\x37\xC0\xDE"[i % 8];
        writeBytes(path, bytes);
        std::string verdict;
        {
            RawDb db("file:" + path.string() + "?immutable=1", SQLITE_OPEN_READONLY);
            verdict = db.text("PRAGMA quick_check(1)");
        }
        if (verdict != "ok") return;
    }
    fail(path.string() + ": no page of the second half is one quick_check reads");
}

long long ctimeNs(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail("cannot stat " + path.string());
    return st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
}

// A file this machine recorded as its own, damaged in place after the record
// was made. File times tick with the kernel's coarse clock (1-10 ms): waiting
// a tick first makes the change visible, and the ctime is checked to be sure.
void corruptOwnFileInPlace(const fs::path& path) {
    const long long recorded = ctimeNs(path);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    corruptMiddlePage(path);
    if (ctimeNs(path) == recorded) fail(path.string() + ": the ctime did not change");
    if (store::isUnchangedOwnFile(path.string()))
        fail(path.string() + ": still counted as unchanged after the damage");
}

constexpr int kSchemaBombTriggers = 150000;

struct Maker {
    HostileProjectCase c;
    std::function<void(const fs::path& path)> make;
};

}  // namespace

void plantSchemaBomb(const fs::path& path) {
    RawDb(path).exec(
        "PRAGMA writable_schema = ON; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
        "SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kSchemaBombTriggers) +
        ") INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) SELECT "
        "'trigger', 'bomb_' || i, 'runs', 0, 'CREATE TRIGGER bomb_' || i || ' AFTER "
        "INSERT ON runs BEGIN SELECT 1; END' FROM n; PRAGMA writable_schema = OFF;");
}

std::string expectName(ProjectExpect e) {
    switch (e) {
        case ProjectExpect::Refused:
            return "refused";
        case ProjectExpect::Harmless:
            return "harmless";
        case ProjectExpect::RefusedOrHarmless:
            return "refused or harmless";
    }
    return "?";
}

std::vector<HostileProjectCase> makeHostileProjects(const fs::path& root) {
    using E = ProjectExpect;
    const fs::path work = root / "work", cases = root / "cases";
    fs::create_directories(work);
    fs::create_directories(cases);

    // made here: project_meta's created_on names this machine
    const fs::path here = work / "valid-here.tsproj";
    makeValidProject(here);
    requireNoSideFiles(here);
    // "from a colleague": the same file claiming to be made elsewhere
    const fs::path base = work / "valid-elsewhere.tsproj";
    fs::copy_file(here, base);
    RawDb(base).exec(
        "INSERT OR REPLACE INTO project_meta(key, value) VALUES ('created_on', "
        "'a-colleagues-laptop')");
    requireNoSideFiles(base);

    const auto copyOf = [](const fs::path& from) {
        return [from](const fs::path& path) { fs::copy_file(from, path); };
    };
    const auto tampered = [&](std::string sql) {
        return [&base, sql](const fs::path& path) {
            fs::copy_file(base, path);
            RawDb(path).exec(sql);
        };
    };
    const std::string appId = std::to_string(store::kApplicationId);

    const auto hc = [](std::string name, std::string how, E rw, E ro,
                       std::vector<std::string> words = {}) {
        HostileProjectCase c;
        c.name = std::move(name);
        c.how = std::move(how);
        c.readWrite = rw;
        c.readOnly = ro;
        c.words = std::move(words);
        return c;
    };
    const auto opened = [](HostileProjectCase c, int runs, int studies) {
        c.runs = runs;
        c.studies = studies;
        return c;
    };

    std::vector<Maker> makers;
    makers.push_back(
        {opened(hc("valid", "a valid project (the control)", E::Harmless, E::Harmless), 2, 1),
         copyOf(base)});
    {
        HostileProjectCase c =
            opened(hc("valid-old-version-5",
                      "a valid project taken back to schema version 5 (version 6's table and "
                      "index dropped, user_version 5): read-write migrates it, read-only "
                      "cannot",
                      E::Harmless, E::Refused, {"version"}),
                   2, 1);
        c.readWriteChange = AllowedChange::Migration;
        makers.push_back({c, [&](const fs::path& path) {
                              if (store::kSchemaVersion != 6)
                                  fail(
                                      "valid-old-version-5 drops version 6's objects: update "
                                      "it for schema version " +
                                      std::to_string(store::kSchemaVersion));
                              fs::copy_file(base, path);
                              RawDb(path).exec(
                                  "DROP INDEX item_error_types_by_type; DROP TABLE "
                                  "item_error_types; PRAGMA user_version = 5;");
                          }});
    }
    makers.push_back(
        {hc("extra-trigger",
            "CREATE TRIGGER wipe_annotations_on_insert AFTER INSERT ON annotations: DELETE FROM "
            "annotations",
            E::Refused, E::Refused, {"wipe_annotations_on_insert"}),
         tampered("CREATE TRIGGER wipe_annotations_on_insert AFTER INSERT ON annotations BEGIN "
                  "DELETE FROM annotations; END;")});
    makers.push_back(
        {hc("view-shadows-table",
            "DROP TABLE findings; CREATE VIEW findings AS SELECT <one forged finding>", E::Refused,
            E::Refused, {"findings"}),
         tampered("DROP TABLE findings; CREATE VIEW findings AS SELECT 1 AS id, 0 AS position, "
                  "'item' AS kind, 1 AS run_id, 1 AS item_id, 'strict' AS rule, '' AS "
                  "annotator, 'all' AS retrieval, '' AS chart, 'forged' AS title, '' AS note, "
                  "'2025-01-01T00:00:00Z' AS created_at;")});
    makers.push_back(
        {hc("trigger-calls-functions",
            "CREATE TRIGGER verdicts_load_extension AFTER INSERT ON verdicts: SELECT "
            "load_extension('/tmp/...so'), randomblob(1e9)",
            E::Refused, E::Refused, {"verdicts_load_extension"}),
         tampered("CREATE TRIGGER verdicts_load_extension AFTER INSERT ON verdicts BEGIN "
                  "SELECT load_extension('/tmp/tracescope-hostile-evil.so'); SELECT "
                  "randomblob(1000000000); END;")});
    makers.push_back(
        {hc("recursive-cte-view",
            "DROP TABLE studies; CREATE VIEW studies AS WITH RECURSIVE n(i) AS (SELECT 1 UNION "
            "ALL SELECT i + 1 FROM n) SELECT ... FROM n (endless; listStudies reads it)",
            E::Refused, E::Refused, {"studies"}),
         tampered("DROP TABLE studies; CREATE VIEW studies AS WITH RECURSIVE n(i) AS (SELECT 1 "
                  "UNION ALL SELECT i + 1 FROM n) SELECT i AS id, 'study ' || i AS name, 1 AS "
                  "seed, '' AS created_at FROM n;")});
    makers.push_back(
        {hc("extra-index", "CREATE INDEX predictions_by_raw_text ON predictions(raw_text)",
            E::Refused, E::Refused, {"predictions_by_raw_text"}),
         tampered("CREATE INDEX predictions_by_raw_text ON predictions(raw_text);")});
    makers.push_back(
        {hc("extra-column", "ALTER TABLE datasets ADD COLUMN payload TEXT NOT NULL DEFAULT 'x'",
            E::Refused, E::Refused, {"datasets"}),
         tampered("ALTER TABLE datasets ADD COLUMN payload TEXT NOT NULL DEFAULT "
                  "'x';")});
    makers.push_back(
        {hc("schema-text-edited",
            "PRAGMA writable_schema: item_error_types' CHECK(rule IN (0, 1)) rewritten as "
            "CHECK(rule IN (0, 1, 2)) in sqlite_schema only",
            E::Refused, E::Refused, {"item_error_types"}),
         [&](const fs::path& path) {
             fs::copy_file(base, path);
             RawDb db(path);
             db.exec(
                 "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, "
                 "'CHECK(rule IN (0, 1))', 'CHECK(rule IN (0, 1, 2))') WHERE name = "
                 "'item_error_types';");
             if (db.changes() != 1) fail("schema-text-edited: item_error_types not found");
             db.exec("PRAGMA writable_schema = OFF;");
         }});
    {
        HostileProjectCase c =
            opened(hc("huge-blob",
                      "one prediction's raw_text replaced by an 80 MiB blob (written with "
                      "sqlite3_blob_write); a valid value, larger than SQLite's length limit for "
                      "TraceScope (64 MiB): the open must neither refuse nor read it",
                      E::Harmless, E::Harmless),
                   2, 1);
        c.hugeValueBytes = kHugeValueBytes;
        makers.push_back(
            {c, [&](const fs::path& path) {
                 fs::copy_file(base, path);
                 RawDb db(path);
                 const long long id = std::stoll(db.text("SELECT min(id) FROM predictions"));
                 db.exec("UPDATE predictions SET raw_text = zeroblob(" +
                         std::to_string(kHugeValueBytes) + ") WHERE id = " + std::to_string(id));
                 sqlite3_blob* blob = nullptr;
                 if (sqlite3_blob_open(db.handle(), "main", "predictions", "raw_text", id, 1,
                                       &blob) != SQLITE_OK)
                     fail("huge-blob: " + std::string(sqlite3_errmsg(db.handle())));
                 std::string chunk;
                 while (chunk.size() < (std::size_t(1) << 20))
                     chunk += "lorem ipsum dolor sit amet ";
                 chunk.resize(std::size_t(1) << 20);
                 for (std::uint64_t off = 0; off < kHugeValueBytes; off += chunk.size())
                     if (sqlite3_blob_write(blob, chunk.data(), int(chunk.size()), int(off)) !=
                         SQLITE_OK)
                         fail("huge-blob: blob write failed");
                 sqlite3_blob_close(blob);
             }});
    }
    makers.push_back({hc("corrupted-page",
                         "a page in the second half of the file overwritten with a byte "
                         "pattern (the first one from the middle whose damage quick_check "
                         "sees); created_on says another machine",
                         E::Refused, E::Refused),
                      [&](const fs::path& path) {
                          fs::copy_file(base, path);
                          corruptMiddlePage(path);
                      }});
    makers.push_back({hc("corrupted-page-same-machine",
                         "corrupted-page, but project_meta's created_on is this machine's "
                         "(a colleague on the same server, or a copied tag: the file's own "
                         "claim)",
                         E::Refused, E::Refused),
                      [&](const fs::path& path) {
                          fs::copy_file(here, path);
                          corruptMiddlePage(path);
                      }});
    makers.push_back({opened(hc("own-file-unchanged",
                                "a valid project made and closed by TraceScope at this very "
                                "path, so this machine's record of its own files names it "
                                "(core/store/own_files.h): the open skips quick_check",
                                E::Harmless, E::Harmless),
                             2, 1),
                      [](const fs::path& path) {
                          makeValidProject(path);
                          if (!store::isUnchangedOwnFile(path.string()))
                              fail("own-file-unchanged: the record does not name the file");
                      }});
    makers.push_back({hc("own-file-edited-after-close",
                         "own-file-unchanged, then a page overwritten in place (same inode "
                         "and size): the changed ctime voids the record, quick_check runs",
                         E::Refused, E::Refused),
                      [](const fs::path& path) {
                          makeValidProject(path);
                          corruptOwnFileInPlace(path);
                      }});
    makers.push_back(
        {hc("schema-bomb",
            "150,000 extra triggers on runs written straight into sqlite_schema "
            "(writable_schema): SQLite's schema load alone takes minutes, so only the time "
            "bound ends it",
            E::Refused, E::Refused),
         [&](const fs::path& path) {
             fs::copy_file(base, path);
             plantSchemaBomb(path);
         }});
    makers.push_back(
        {hc("user-version-99", "PRAGMA user_version = 99", E::Refused, E::Refused, {"newer"}),
         tampered("PRAGMA user_version = 99;")});
    makers.push_back(
        {hc("user-version-2",
            "PRAGMA user_version = 2 on a current schema (it has version 3-6's objects)",
            E::Refused, E::Refused,
            {"findings", "studies", "study_", "item_error_types", "verdicts", "runs"}),
         tampered("PRAGMA user_version = 2;")});
    makers.push_back({hc("foreign-schema-version-0",
                         "a new database: CREATE TABLE x(y); PRAGMA application_id = TSPJ "
                         "(user_version 0)",
                         E::Refused, E::Refused),
                      [&](const fs::path& path) {
                          RawDb(path).exec("CREATE TABLE x(y); PRAGMA application_id = " + appId +
                                           ";");
                      }});
    makers.push_back({hc("foreign-schema-current-version",
                         "a new database: CREATE TABLE x(y); PRAGMA application_id = TSPJ; "
                         "PRAGMA user_version = kSchemaVersion",
                         E::Refused, E::Refused),
                      [&](const fs::path& path) {
                          RawDb(path).exec("CREATE TABLE x(y); PRAGMA application_id = " + appId +
                                           "; PRAGMA user_version = " +
                                           std::to_string(store::kSchemaVersion) + ";");
                      }});
    {
        HostileProjectCase c =
            hc("foreign-wal",
               "a valid project with p.tsproj-wal beside it, copied from another project "
               "(a run 'other') while that one was still open: SQLite replays it, so the "
               "content is the other project's; every check runs on what SQLite shows",
               E::RefusedOrHarmless, E::RefusedOrHarmless);
        c.readWriteChange = AllowedChange::WalCheckpoint;
        makers.push_back({c, [&](const fs::path& path) {
                              fs::copy_file(base, path);
                              const fs::path other = work / "other.tsproj";
                              auto project = store::Project::create(other.string());
                              const Dataset dataset = syntheticDataset("other-data", 3);
                              store::RunInfo run;
                              run.name = "other";
                              store::importRun(project, dataset, run,
                                               syntheticPredictions(dataset, 2));
                              const fs::path wal = other.string() + "-wal";
                              if (!fs::exists(wal) || fs::file_size(wal) <= 32)
                                  fail("foreign-wal: the other project has no WAL to copy");
                              fs::copy_file(wal, path.string() + "-wal");
                          }});
    }
    makers.push_back(
        {hc("directory", "p.tsproj is a directory (holding one file)", E::Refused, E::Refused),
         [](const fs::path& path) {
             fs::create_directory(path);
             writeBytes(path / "inside.txt", "not a project\n");
         }});
    makers.push_back(
        {hc("fifo", "p.tsproj is a FIFO (mkfifo; nobody writes to it)", E::Refused, E::Refused),
         [](const fs::path& path) {
             if (::mkfifo(path.c_str(), 0600) != 0) fail("mkfifo failed");
         }});
    makers.push_back({hc("zero-length", "an empty file", E::Refused, E::Refused),
                      [](const fs::path& path) { writeBytes(path, ""); }});
    makers.push_back(
        {hc("truncated", "the first 4096 bytes of a valid project", E::Refused, E::Refused),
         [&](const fs::path& path) { writeBytes(path, readBytes(base).substr(0, 4096)); }});
    makers.push_back({hc("random-bytes", "1 MiB of random bytes", E::Refused, E::Refused),
                      [](const fs::path& path) {
                          writeBytes(path, randomBytes(std::size_t(1) << 20, 20250522));
                      }});
    makers.push_back(
        {hc("header-then-random",
            "a valid project's 100-byte header (application_id, user_version, page count) "
            "followed by random bytes to the project's size",
            E::Refused, E::Refused),
         [&](const fs::path& path) {
             const std::string valid = readBytes(base);
             writeBytes(path, valid.substr(0, 100) + randomBytes(valid.size() - 100, 7));
         }});
    makers.push_back({hc("text-file", "a text file named .tsproj", E::Refused, E::Refused),
                      [](const fs::path& path) {
                          std::string text;
                          for (int i = 0; i < 200; ++i)
                              text += "These are my notes, not a TraceScope project.\n";
                          writeBytes(path, text);
                      }});
    makers.push_back(
        {opened(hc("analyze-stat1",
                   "ANALYZE (sqlite_stat1: SQLite's own planner statistics, data and never "
                   "code; the sqlite3 shell or PRAGMA optimize leave it in honest files)",
                   E::Harmless, E::Harmless),
                2, 1),
         [&](const fs::path& path) {
             fs::copy_file(base, path);
             RawDb db(path);
             db.exec("ANALYZE;");
             if (db.text("SELECT count(*) FROM sqlite_stat1") == "0")
                 fail("analyze-stat1: ANALYZE wrote no statistics");
         }});
    makers.push_back(
        {opened(hc("stat1-nonsense",
                   "ANALYZE, then every sqlite_stat1 row set to nonsense and a row for a "
                   "table that does not exist (the planner may choose badly, never wrongly)",
                   E::Harmless, E::Harmless),
                2, 1),
         tampered("ANALYZE; UPDATE sqlite_stat1 SET stat = '18446744073709551615 0 -1 "
                  "garbage'; INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES ('no_such_table', "
                  "'no_such_index', '1 1');")});

    std::vector<HostileProjectCase> out;
    for (Maker& m : makers) {
        HostileProjectCase c = std::move(m.c);
        c.folder = cases / c.name;
        c.path = c.folder / "p.tsproj";
        fs::create_directories(c.folder);
        try {
            m.make(c.path);
        } catch (const std::exception& e) {
            fail(c.name + ": " + e.what());
        }
        std::error_code ec;
        if (c.name != "foreign-wal" && fs::is_regular_file(c.path, ec)) requireNoSideFiles(c.path);
        if (c.hugeValueBytes && fs::file_size(c.path) < c.hugeValueBytes)
            fail(c.name + ": the file is smaller than its huge value");
        out.push_back(std::move(c));
    }
    return out;
}

FolderSnapshot snapshotFolder(const fs::path& folder) {
    FolderSnapshot out;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const fs::file_status s = entry.symlink_status();
        FileState state;
        switch (s.type()) {
            case fs::file_type::regular: {
                state.type = 'f';
                std::ifstream in(entry.path(), std::ios::binary);
                std::uint64_t h = 1469598103934665603ull;  // FNV-1a
                std::string buffer(std::size_t(1) << 20, '\0');
                while (in) {
                    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                    const auto n = static_cast<std::size_t>(in.gcount());
                    for (std::size_t i = 0; i < n; ++i)
                        h = (h ^ std::uint8_t(buffer[i])) * 1099511628211ull;
                    state.size += n;
                }
                state.hash = h;
                break;
            }
            case fs::file_type::directory:
                state.type = 'd';
                break;
            case fs::file_type::fifo:
                state.type = 'p';
                break;
            case fs::file_type::symlink:
                state.type = 'l';
                break;
            default:
                state.type = '?';
        }
        out[fs::relative(entry.path(), folder).string()] = state;
    }
    return out;
}

std::string unexpectedChanges(const FolderSnapshot& before, const FolderSnapshot& after,
                              const fs::path& folder, const fs::path& project,
                              AllowedChange allowed) {
    const std::string name = fs::relative(project, folder).string();
    std::string out;
    const auto note = [&out](const std::string& what) {
        if (!out.empty()) out += "; ";
        out += what;
    };
    for (const auto& [path, state] : before) {
        const auto it = after.find(path);
        if (it == after.end()) {
            const bool sideFile = path == name + "-wal" || path == name + "-shm";
            if (!(allowed == AllowedChange::WalCheckpoint && sideFile)) note(path + ": vanished");
        } else if (!(it->second == state)) {
            const bool mayChange = path == name && allowed != AllowedChange::None;
            if (!mayChange)
                note(path + ": changed (" + std::to_string(state.size) + " -> " +
                     std::to_string(it->second.size) + " bytes)");
        }
    }
    for (const auto& [path, state] : after)
        if (!before.count(path))
            note(path + ": appeared (" + std::to_string(state.size) + " bytes)");
    return out;
}

}  // namespace ts::test
