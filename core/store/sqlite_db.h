#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed bind/column helpers, and transactions that roll back unless
// committed. Every failure becomes a ts::Error naming the database file and
// SQLite's own message, so callers never look at return codes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ts::store {

class Statement;

class Database {
public:
    // ReadOnly never writes the file or anything beside it: SQLite opens it
    // immutable (no locks, no -wal / -shm; a WAL left beside it is not read).
    enum class Mode { OpenExisting, Create, ReadOnly };

    // Opens (or, with Mode::Create, creates) the file. Every connection is
    // hardened for files from others (docs/RELIABILITY.md, "Project files
    // from others"): defensive mode, trusted_schema off, no extensions,
    // limits on SQL and value sizes, and a progress handler that enforces
    // the time bound of a TimeBound scope. Throws ts::Error when it cannot be
    // opened.
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;

    const std::string& path() const { return path_; }
    bool readOnly() const { return readOnly_; }

    // While one lives, a statement that runs past `seconds` is interrupted
    // (SQLITE_INTERRUPT) and fails with a ts::Error saying it ran too long;
    // the transaction it was in rolls back, so no partial state is left.
    class TimeBound {
    public:
        TimeBound(Database& db, double seconds);
        ~TimeBound();
        TimeBound(const TimeBound&) = delete;
        TimeBound& operator=(const TimeBound&) = delete;

    private:
        Database& db_;
        double previous_;
    };
    // Connections start with trusted_schema off, so nothing in a file's
    // schema can run functions or use virtual tables from triggers and views.
    // Once the schema is known to be exactly TraceScope's (schema_check.h) its
    // own triggers (which keep the FTS5 index in step) must run: this turns
    // it back on for this connection.
    void trustVerifiedSchema();
    // The bound in force (0: none).
    double timeBoundSeconds() const { return boundSeconds_; }
    // A TimeBound is in force and its time is up (what interrupted a statement).
    bool timeBoundPassed() const;
    sqlite3* handle() const { return db_; }

    // Runs one or more statements without results.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // The first column of the first row of a query (e.g. a PRAGMA).
    long long queryInt(std::string_view sql);
    std::string queryText(std::string_view sql);

    long long lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;

    // Throws ts::Error "<path>: <context>: <sqlite message>".
    [[noreturn]] void fail(int code, std::string_view context) const;

private:
    friend class TimeBound;
    static int onProgress(void* self);
    std::string why(int code) const;
    void harden();

    sqlite3* db_ = nullptr;
    std::string path_;
    bool readOnly_ = false;
    double boundSeconds_ = 0.0;
    std::int64_t deadlineNs_ = 0;  // steady clock; 0: none
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Binding, 1-based like SQLite. Returns *this so calls chain.
    Statement& bind(int index, long long value);
    Statement& bind(int index, int value) { return bind(index, static_cast<long long>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bindNull(int index);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind(int index, const std::optional<long long>& value);
    Statement& bind(int index, const std::optional<std::string>& value);

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps a statement that returns no rows; throws if it does.
    void run();
    // Resets for re-execution with new bindings (bindings are cleared).
    void reset();

    bool isNull(int column) const;
    long long columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<double> columnOptionalDouble(int column) const;
    std::optional<long long> columnOptionalInt(int column) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; the destructor rolls back if commit() was not
// reached (an exception, a cancellation), so a failed import leaves nothing.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace ts::store
