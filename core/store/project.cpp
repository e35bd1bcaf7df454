#include "core/store/project.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "core/store/own_files.h"
#include "core/store/schema.h"
#include "core/store/schema_check.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/sha256.h"

namespace ts::store {

namespace fs = std::filesystem;

std::string utcTimestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

Project Project::create(const std::string& path) {
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error("cannot create project: the file already exists", ErrorLocation(path));
    try {
        Database db(path, Database::Mode::Create);
        db.trustVerifiedSchema();  // the schema is the one it is about to get
        configureConnection(db);
        migrate(db);
        Statement meta = db.prepare("INSERT INTO project_meta(key, value) VALUES (?, ?)");
        meta.bind(1, "created_at").bind(2, utcTimestamp()).run();
        meta.reset();
        meta.bind(1, "created_with_schema").bind(2, std::to_string(kSchemaVersion)).run();
        meta.reset();
        meta.bind(1, "created_on").bind(2, machineTag()).run();
        return Project(std::move(db));
    } catch (...) {
        // Leave no half-made project behind (the WAL side files included).
        fs::remove(path, ec);
        fs::remove(path + "-wal", ec);
        fs::remove(path + "-shm", ec);
        throw;
    }
}

namespace {

void syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw Error("cannot open for fsync", ErrorLocation(path));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw Error("fsync failed", ErrorLocation(path));
}

std::string machineIdText() {
    try {
        return readFile("/etc/machine-id", 4096);
    } catch (const std::exception&) {
        return {};
    }
}

// quick_check reads every page, so a large honest file needs longer than a
// small crafted one: the base bound plus 20 ms per MB (50 MB/s).
double openCheckSeconds(const std::string& path) {
    std::error_code ec;
    const auto bytes = fs::file_size(path, ec);
    return kOpenCheckSeconds + (ec ? 0.0 : static_cast<double>(bytes) / 1e6 * 0.02);
}

void requireRegularFile(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) throw Error("no such project file", ErrorLocation(path));
    if (!fs::is_regular_file(status))
        throw Error("not a project file: not a regular file (a directory, FIFO or device)",
                    ErrorLocation(path));
}

// The header checks: an SQLite file, TraceScope's application id, a version
// this build reads, and exactly our schema for that version.
int checkHeaderAndSchema(Database& db) {
    const std::string& path = db.path();
    long long applicationId = 0;
    try {
        // The first read of the header is where SQLite notices a non-database.
        applicationId = db.queryInt("PRAGMA application_id");
    } catch (const Error& e) {
        throw Error("not a TraceScope project (not an SQLite database: " + e.message() + ")",
                    ErrorLocation(path));
    }
    if (applicationId != kApplicationId)
        throw Error("not a TraceScope project (an SQLite database with application_id " +
                        std::to_string(applicationId) + ", expected " +
                        std::to_string(kApplicationId) + ")",
                    ErrorLocation(path));
    const long long version = db.queryInt("PRAGMA user_version");
    if (version > kSchemaVersion)
        throw Error("the project has schema version " + std::to_string(version) +
                        ", newer than this TraceScope reads (up to " +
                        std::to_string(kSchemaVersion) + "); open it with a newer TraceScope",
                    ErrorLocation(path));
    if (version < 1)
        throw Error("not a TraceScope project (schema version " + std::to_string(version) + ")",
                    ErrorLocation(path));
    verifySchema(db, static_cast<int>(version));
    return static_cast<int>(version);
}

// SQLite's quick_check (page structure, no index-vs-table cross check): a
// corrupt page is refused before a query trips over it. A file this
// machine's TraceScope closed last, unchanged since, is not read again
// (own_files.h: its cost is seconds on a large project).
// Whether a file is vouched for is asked before the connection opens:
// reading a WAL-mode file creates the -wal beside it.
void quickCheckUnless(Database& db, bool vouchedFor) {
    if (vouchedFor) return;
    std::string result;
    try {
        result = db.queryText("PRAGMA quick_check(1)");
    } catch (const Error&) {
        if (!db.timeBoundPassed()) throw;
        throw Error("refused: SQLite's quick_check took longer than the " +
                        std::to_string(static_cast<int>(db.timeBoundSeconds())) +
                        " s allowed for a file of this size (5 s plus 20 ms per MB)",
                    ErrorLocation(db.path()));
    }
    if (result != "ok")
        throw Error("refused: the file fails SQLite's quick_check (" + result + ")",
                    ErrorLocation(db.path()));
}

// Migrates an older file on a copy (with its WAL, if any) and renames the
// copy over it, so a failure leaves the original as it was.
void migrateOnCopy(const std::string& path) {
    const std::string copy = path + ".upgrade-" + std::to_string(::getpid());
    std::error_code ec;
    const auto cleanup = [&] {
        for (const char* side : {"", "-wal", "-shm", "-journal"}) fs::remove(copy + side, ec);
    };
    try {
        fs::copy_file(path, copy, fs::copy_options::overwrite_existing);
        if (fs::exists(path + "-wal", ec))
            fs::copy_file(path + "-wal", copy + "-wal", fs::copy_options::overwrite_existing);
        {
            Database db(copy, Database::Mode::OpenExisting);
            verifySchema(db, static_cast<int>(db.queryInt("PRAGMA user_version")));
            db.trustVerifiedSchema();
            configureConnection(db);
            migrate(db);
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        syncFile(copy);
        fs::rename(copy, path);
        // The original's WAL (now inside the new file) must not be replayed.
        fs::remove(path + "-wal", ec);
        fs::remove(path + "-shm", ec);
        cleanup();
    } catch (const std::exception& e) {
        cleanup();
        throw Error(std::string("migrating the project failed; the file is unchanged: ") + e.what(),
                    ErrorLocation(path));
    }
}

}  // namespace

std::string machineTag() {
    std::string id = machineIdText();
    if (id.empty()) {
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        id = host;
    }
    return sha256Hex(id).substr(0, 16);
}

Project Project::open(const std::string& path, OpenChecks checks) {
    requireRegularFile(path);
    const bool vouched = checks == OpenChecks::FurtherConnection || isUnchangedOwnFile(path);
    int version = 0;
    {
        Database db(path, Database::Mode::OpenExisting);
        {
            const Database::TimeBound bound(db, openCheckSeconds(path));
            version = checkHeaderAndSchema(db);
            quickCheckUnless(db, vouched);
        }
        if (version == kSchemaVersion) {
            db.trustVerifiedSchema();
            configureConnection(db);
            return Project(std::move(db));
        }
    }
    migrateOnCopy(path);
    Database db(path, Database::Mode::OpenExisting);
    {
        const Database::TimeBound bound(db, openCheckSeconds(path));
        checkHeaderAndSchema(db);
    }
    db.trustVerifiedSchema();
    configureConnection(db);
    return Project(std::move(db));
}

Project Project::openReadOnly(const std::string& path, OpenChecks checks) {
    requireRegularFile(path);
    const bool vouched = checks == OpenChecks::FurtherConnection || isUnchangedOwnFile(path);
    Database db(path, Database::Mode::ReadOnly);
    int version = 0;
    {
        const Database::TimeBound bound(db, openCheckSeconds(path));
        version = checkHeaderAndSchema(db);
        quickCheckUnless(db, vouched);
    }
    if (version != kSchemaVersion)
        throw Error("the project has schema version " + std::to_string(version) +
                        ", older than this TraceScope's " + std::to_string(kSchemaVersion) +
                        "; a read-only open cannot upgrade it (open a copy read-write)",
                    ErrorLocation(path));
    return Project(std::move(db));
}

Project Project::openOrCreate(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec) ? open(path) : create(path);
}

Project::~Project() {
    closeAndRecord();
}

Project& Project::operator=(Project&& other) noexcept {
    if (this != &other) {
        closeAndRecord();
        db_ = std::move(other.db_);
        recordOnClose_ = other.recordOnClose_;
    }
    return *this;
}

void Project::closeAndRecord() {
    if (!recordOnClose_ || !db_.handle()) return;
    const std::string path = db_.path();
    {
        // Closing the last connection checkpoints the WAL into the file and
        // deletes it: only then is the file what the record describes.
        Database closing = std::move(db_);
    }
    recordOwnFile(path);
}

int Project::schemaVersion() {
    return static_cast<int>(db_.queryInt("PRAGMA user_version"));
}

}  // namespace ts::store
