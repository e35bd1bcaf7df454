#include "core/store/project.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "core/store/schema.h"
#include "core/util/error.h"

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
        configureConnection(db);
        migrate(db);
        Statement meta = db.prepare("INSERT INTO project_meta(key, value) VALUES (?, ?)");
        meta.bind(1, "created_at").bind(2, utcTimestamp()).run();
        meta.reset();
        meta.bind(1, "created_with_schema").bind(2, std::to_string(kSchemaVersion)).run();
        return Project(std::move(db));
    } catch (...) {
        // Leave no half-made project behind (the WAL side files included).
        fs::remove(path, ec);
        fs::remove(path + "-wal", ec);
        fs::remove(path + "-shm", ec);
        throw;
    }
}

Project Project::open(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw Error("no such project file", ErrorLocation(path));
    Database db(path, Database::Mode::OpenExisting);
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
    // Refuse a newer file before touching it (configureConnection writes).
    const long long version = db.queryInt("PRAGMA user_version");
    if (version > kSchemaVersion)
        throw Error("the project has schema version " + std::to_string(version) +
                        ", newer than this TraceScope reads (up to " +
                        std::to_string(kSchemaVersion) + "); open it with a newer TraceScope",
                    ErrorLocation(path));
    configureConnection(db);
    migrate(db);
    return Project(std::move(db));
}

Project Project::openOrCreate(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec) ? open(path) : create(path);
}

int Project::schemaVersion() {
    return static_cast<int>(db_.queryInt("PRAGMA user_version"));
}

}  // namespace ts::store
