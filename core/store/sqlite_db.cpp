#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <utility>

#include "core/util/error.h"

namespace ts::store {

namespace {

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A file URI for the immutable read-only open (RFC 3986 percent-encoding of
// everything but unreserved characters and '/').
std::string immutableUri(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri + "?immutable=1";
}

}  // namespace

Database::Database(const std::string& path, Mode mode)
    : path_(path), readOnly_(mode == Mode::ReadOnly) {
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::ReadOnly)
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0);
    const std::string name = mode == Mode::ReadOnly ? immutableUri(path) : path;
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error("cannot open project file: " + message, ErrorLocation(path));
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process (the GUI and the CLI on the same project) may hold the
    // write lock briefly; wait instead of failing at once.
    sqlite3_busy_timeout(db_, 5000);
    harden();
}

// SQLite's guidance for database files from untrusted sources ("Defense
// against the dark arts"): nothing in the file's schema may run functions
// with side effects or write to shadow tables, no extension can be loaded,
// and sizes are bounded so a crafted value or statement cannot exhaust
// memory. The limits are far above anything a project holds (the largest
// value is a model output or a verdict's details, kilobytes).
void Database::harden() {
    int done = 0;
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, &done);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &done);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &done);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &done);
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 64 << 20);     // one value: 64 MiB
    sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);  // one statement: 1 MiB
    sqlite3_limit(db_, SQLITE_LIMIT_COLUMN, 200);
    sqlite3_limit(db_, SQLITE_LIMIT_EXPR_DEPTH, 200);
    sqlite3_limit(db_, SQLITE_LIMIT_COMPOUND_SELECT, 200);
    sqlite3_limit(db_, SQLITE_LIMIT_VDBE_OP, 250000);
    sqlite3_limit(db_, SQLITE_LIMIT_FUNCTION_ARG, 16);
    sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db_, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
    sqlite3_limit(db_, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
    sqlite3_progress_handler(db_, 1000, &Database::onProgress, this);
}

void Database::trustVerifiedSchema() {
    int done = 0;
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, &done);
}

bool Database::timeBoundPassed() const {
    return deadlineNs_ != 0 && nowNs() > deadlineNs_;
}

int Database::onProgress(void* self) {
    return static_cast<const Database*>(self)->timeBoundPassed() ? 1 : 0;
}

Database::TimeBound::TimeBound(Database& db, double seconds)
    : db_(db), previous_(db.boundSeconds_) {
    db_.boundSeconds_ = seconds;
    db_.deadlineNs_ = nowNs() + static_cast<std::int64_t>(seconds * 1e9);
}

Database::TimeBound::~TimeBound() {
    db_.boundSeconds_ = previous_;
    db_.deadlineNs_ = previous_ > 0 ? nowNs() + static_cast<std::int64_t>(previous_ * 1e9) : 0;
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      readOnly_(other.readOnly_) {
    // A time bound belongs to the scope that set it on the other object.
    // The progress handler points at the object: move it along.
    if (db_) sqlite3_progress_handler(db_, 1000, &Database::onProgress, this);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        readOnly_ = other.readOnly_;
        boundSeconds_ = 0.0;
        deadlineNs_ = 0;
        if (db_) sqlite3_progress_handler(db_, 1000, &Database::onProgress, this);
    }
    return *this;
}

// What SQLite's message leaves out: why a statement was interrupted, or why
// a read-only project cannot be written.
std::string Database::why(int code) const {
    if ((code & 0xff) == SQLITE_INTERRUPT && boundSeconds_ > 0)
        return " (it ran past the bound of " + std::to_string(static_cast<int>(boundSeconds_)) +
               " s for this step and was stopped)";
    if ((code & 0xff) == SQLITE_READONLY && readOnly_)
        return " (the project is open read-only: nothing is saved to it; open it read-write to "
               "change it)";
    return {};
}

void Database::fail(int code, std::string_view context) const {
    std::string message(context);
    message += ": ";
    message += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    throw Error(message + why(code), ErrorLocation(path_));
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw Error("SQL failed: " + message + why(rc), ErrorLocation(path_));
    }
}

Statement Database::prepare(std::string_view sql) {
    return Statement(*this, sql);
}

long long Database::queryInt(std::string_view sql) {
    Statement st(*this, sql);
    if (!st.step()) fail(SQLITE_ERROR, "query returned no row");
    return st.columnInt(0);
}

std::string Database::queryText(std::string_view sql) {
    Statement st(*this, sql);
    if (!st.step()) fail(SQLITE_ERROR, "query returned no row");
    return st.columnText(0);
}

long long Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}
bool Database::inTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, "cannot prepare \"" + std::string(sql.substr(0, 80)) + "\"");
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

namespace {
void check(Database& db, int rc, const char* what) {
    if (rc != SQLITE_OK) db.fail(rc, what);
}
}  // namespace

Statement& Statement::bind(int index, long long value) {
    check(*db_, sqlite3_bind_int64(stmt_, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(*db_, sqlite3_bind_double(stmt_, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    check(
        *db_,
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    check(*db_, sqlite3_bind_null(stmt_, index), "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<long long>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail(rc, "statement failed");
}

void Statement::run() {
    if (step()) db_->fail(SQLITE_MISUSE, "statement unexpectedly returned rows");
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

long long Statement::columnInt(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::columnText(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<double> Statement::columnOptionalDouble(int column) const {
    if (isNull(column)) return std::nullopt;
    return columnDouble(column);
}

std::optional<long long> Statement::columnOptionalInt(int column) const {
    if (isNull(column)) return std::nullopt;
    return columnInt(column);
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_ && db_.inTransaction()) {
        // Never throw from a destructor; ROLLBACK can only fail if the
        // connection is already broken, and then SQLite rolls back on close.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace ts::store
