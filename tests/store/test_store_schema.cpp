// Project files: creating and opening, refusing files that are not projects or
// are newer, and migrating a version-1 file written by raw SQL.
#include <QtTest>

#include <sqlite3.h>

#include <fstream>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/findings.h"
#include "core/store/item_query.h"
#include "core/store/project.h"
#include "core/store/schema.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

using ts::test::rawExec;

namespace {

long long rawInt(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    long long value = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Expects open() to throw ts::Error whose message contains `needle`.
void expectOpenError(const std::string& path, const std::string& needle) {
    try {
        ts::store::Project::open(path);
        QFAIL("open() accepted the file");
    } catch (const ts::Error& e) {
        QVERIFY2(e.message().find(needle) != std::string::npos, e.message().c_str());
        QCOMPARE(e.where().file, path);
    }
}

}  // namespace

class TestStoreSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createAndReopen();
    void createRefusesExistingFile();
    void refusesMissingAndForeignFiles();
    void refusesNewerSchema();
    void migratesVersion1File();
    void migratesVersion2FileToFindings();
    void migratesVersion3FileKeepingVerdicts();
};

void TestStoreSchema::createAndReopen() {
    const std::string path = (ts::test::scratchDir("store_create") / "p.tsproj").string();
    {
        auto project = ts::store::Project::create(path);
        QCOMPARE(project.schemaVersion(), ts::store::kSchemaVersion);
        QCOMPARE(project.db().queryText("PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(project.db().queryInt("PRAGMA foreign_keys"), 1LL);
        QCOMPARE(project.db().queryText(
                     "SELECT value FROM project_meta WHERE key = 'created_with_schema'"),
                 std::to_string(ts::store::kSchemaVersion));
    }
    QCOMPARE(rawInt(path, "PRAGMA application_id"), 0x5453504ALL);
    QCOMPARE(rawInt(path, "PRAGMA user_version"),
             static_cast<long long>(ts::store::kSchemaVersion));
    auto project = ts::store::Project::open(path);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QVERIFY(ts::store::listDatasets(project).empty());
    QVERIFY(ts::store::listRuns(project).empty());
    // FTS5 is compiled into the system SQLite (the search queries rely on it).
    QCOMPARE(project.db().queryInt("SELECT sqlite_compileoption_used('ENABLE_FTS5')"), 1LL);
}

void TestStoreSchema::createRefusesExistingFile() {
    const auto dir = ts::test::scratchDir("store_create_existing");
    const auto path = ts::test::writeText(dir / "taken.tsproj", "precious");
    QVERIFY_THROWS_EXCEPTION(ts::Error, ts::store::Project::create(path.string()));
    QCOMPARE(readAll(path), std::string("precious"));  // untouched
}

void TestStoreSchema::refusesMissingAndForeignFiles() {
    const auto dir = ts::test::scratchDir("store_foreign");
    expectOpenError((dir / "missing.tsproj").string(), "no such project file");

    const auto text =
        ts::test::writeText(dir / "notes.tsproj", "this is a text file, not SQLite\n");
    expectOpenError(text.string(), "not an SQLite database");
    QCOMPARE(readAll(text), std::string("this is a text file, not SQLite\n"));

    const std::string foreign = (dir / "other.sqlite").string();
    rawExec(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    expectOpenError(foreign, "application_id 0");

    const auto empty = ts::test::writeText(dir / "empty.tsproj", "");
    expectOpenError(empty.string(), "not a TraceScope project");
}

void TestStoreSchema::refusesNewerSchema() {
    const std::string path = (ts::test::scratchDir("store_newer") / "future.tsproj").string();
    { ts::store::Project::create(path); }
    rawExec(path, "PRAGMA user_version = 7");
    expectOpenError(path, "schema version 7, newer than this TraceScope reads (up to " +
                              std::to_string(ts::store::kSchemaVersion) + ")");
    QCOMPARE(rawInt(path, "PRAGMA user_version"), 7LL);  // not migrated "down", not touched
}

void TestStoreSchema::migratesVersion1File() {
    const std::string path = (ts::test::scratchDir("store_v1") / "old.tsproj").string();
    const std::string v1 = readAll(ts::test::sourceDir() / "tests/store/schema_v1.sql");
    QVERIFY(!v1.empty());
    rawExec(path, v1);
    rawExec(path, R"sql(
        INSERT INTO datasets VALUES (1, 'old-set', 'generic', '[]', '2025-01-01T00:00:00Z');
        INSERT INTO items VALUES (1, 1, 'q/1', 0, 'test', 'Who built the lighthouse?', '["Ada"]',
                                  'person', '[0]', '{}');
        INSERT INTO items VALUES (2, 1, 'q/2', 1, 'test', 'Which river is longest?', '["Nile"]',
                                  'place', '[1]', '{}');
        INSERT INTO context_units VALUES (1, 0, 'Ada built the lighthouse in Porthcawl.', -1);
        INSERT INTO context_units VALUES (2, 0, 'Rivers flow.', -1);
        INSERT INTO context_units VALUES (2, 1, 'The Nile is the longest river.', -1);
        INSERT INTO runs VALUES (1, 'old-run', 1, 'm', '', 'correct', 121, '{}', '{}', '2025-01-01T00:00:00Z');
        INSERT INTO predictions VALUES (1, 1, 1, 'assistant <think>zeppelin</think> Ada');
        INSERT INTO predictions VALUES (2, 1, 2, 'assistant Nile');
        INSERT INTO annotations(run_id, item_id, step, annotator, verdict_override, note, created_at, updated_at)
          VALUES (1, 1, 'trace', 'rater1', 0, 'looks right', '2025-01-02T00:00:00Z', '2025-01-02T00:00:00Z');
    )sql");
    QCOMPARE(rawInt(path, "PRAGMA user_version"), 1LL);

    auto project = ts::store::Project::open(path);
    QCOMPARE(project.schemaVersion(), ts::store::kSchemaVersion);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QCOMPARE(project.db().queryText("PRAGMA journal_mode"), std::string("wal"));

    // The data survived, and the version-2 search index covers the old rows.
    const auto runs = ts::store::listRuns(project);
    QCOMPARE(runs.size(), std::size_t(1));
    QCOMPARE(runs[0].predictions, 2LL);
    QCOMPARE(runs[0].seed, std::optional<long long>(121));
    ts::store::ItemFilter filter;
    filter.text = "Porthcawl";  // context
    auto rows = ts::store::findItems(project, 1, filter);
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(rows[0].itemId, std::string("q/1"));
    QVERIFY(rows[0].annotated);
    QVERIFY(!rows[0].hasVerdict);
    filter.text = "zeppelin";  // prediction
    QCOMPARE(ts::store::countItems(project, 1, filter), 1LL);
    filter.text = "longest";  // question
    rows = ts::store::findItems(project, 1, filter);
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(rows[0].itemId, std::string("q/2"));

    // The old annotation reads with the new fields empty and can take them now.
    auto notes = ts::store::annotationsForItem(project, 1, "q/1");
    QCOMPARE(notes.size(), std::size_t(1));
    QCOMPARE(notes[0].note, std::string("looks right"));
    QVERIFY(!notes[0].interpretability && notes[0].tags.empty());
    notes[0].interpretability = 4;
    notes[0].tags = {"checked"};
    QCOMPARE(ts::store::saveAnnotation(project, notes[0]), notes[0].id);
    QCOMPARE(ts::store::findAnnotation(project, notes[0].id)->interpretability,
             std::optional<int>(4));
    const auto dataset = ts::store::loadDataset(project, "old-set");
    QCOMPARE(dataset.items.size(), std::size_t(2));
    QCOMPARE(dataset.items[1].context[1].text, std::string("The Nile is the longest river."));
}

// A version-2 file (before findings) written by raw SQL opens, gains the
// findings table in the migration, keeps its data, and takes findings.
void TestStoreSchema::migratesVersion2FileToFindings() {
    const std::string path = (ts::test::scratchDir("store_v2") / "old.tsproj").string();
    const std::string v2 = readAll(ts::test::sourceDir() / "tests/store/schema_v2.sql");
    QVERIFY(!v2.empty());
    rawExec(path, v2);
    rawExec(path, R"sql(
        INSERT INTO datasets VALUES (1, 'old-set', 'generic', '[]', '2025-01-01T00:00:00Z');
        INSERT INTO items VALUES (1, 1, 'q/1', 0, 'test', 'Who built the lighthouse?', '["Ada"]',
                                  'person', '[0]', '{}');
        INSERT INTO context_units VALUES (1, 0, 'Ada built the lighthouse in Porthcawl.', -1);
        INSERT INTO runs VALUES (1, 'old-run', 1, 'm', '', 'correct', 121, '{}', '{}', '2025-01-01T00:00:00Z');
        INSERT INTO predictions VALUES (1, 1, 1, 'assistant <think>zeppelin</think> Ada');
    )sql");
    QCOMPARE(rawInt(path, "PRAGMA user_version"), 2LL);
    QCOMPARE(rawInt(path, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'findings'"), 0LL);

    auto project = ts::store::Project::open(path);
    QCOMPARE(project.schemaVersion(), ts::store::kSchemaVersion);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QCOMPARE(ts::store::listRuns(project).size(), std::size_t(1));
    QVERIFY(ts::store::listFindings(project).empty());
    ts::store::Finding f;
    f.kind = ts::store::FindingKind::Item;
    f.runId = 1;
    f.itemId = "q/1";
    f.title = "the lighthouse";
    const long long id = ts::store::addFinding(project, f);
    const auto findings = ts::store::listFindings(project);
    QCOMPARE(findings.size(), std::size_t(1));
    QCOMPARE(findings[0].id, id);
    QCOMPARE(findings[0].itemId, std::string("q/1"));
    QCOMPARE(findings[0].runName, std::string("old-run"));
}

// A version-3 file with verdicts opens as version 4: the verdicts table is
// rebuilt with its rows, and now takes reason 4 (retrieval not applicable),
// which version 3 refused.
void TestStoreSchema::migratesVersion3FileKeepingVerdicts() {
    const std::string path = (ts::test::scratchDir("store_v3") / "old.tsproj").string();
    const std::string v3 = readAll(ts::test::sourceDir() / "tests/store/schema_v3.sql");
    QVERIFY(!v3.empty());
    rawExec(path, v3);
    rawExec(path, R"sql(
        INSERT INTO datasets VALUES (1, 'old-set', 'msmarco', '[]', '2025-01-01T00:00:00Z');
        INSERT INTO items VALUES (1, 1, 'marco/1', 0, 'test', 'how long do owls sleep',
                                  '["No Answer Present."]', 'NUMERIC', '[]', '{}');
        INSERT INTO context_units VALUES (1, 0, 'Owls hunt at night.', 0);
        INSERT INTO runs VALUES (1, 'old-run', 1, 'm', '', 'correct', 1, '{}', '{}', '2025-01-01T00:00:00Z');
        INSERT INTO predictions VALUES (1, 1, 1, 'assistant 8 hours');
        INSERT INTO verdicts(run_id, rule, item_id, parse_status, class_verdict, retrieval_verdict,
                             trace_verdict, answer_verdict, unevaluated_reason)
          VALUES (1, 1, 1, 1, 3, 3, 3, 1, 1);
    )sql");
    QCOMPARE(rawInt(path, "SELECT COUNT(*) FROM verdicts"), 1LL);

    auto project = ts::store::Project::open(path);
    QCOMPARE(project.schemaVersion(), ts::store::kSchemaVersion);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QCOMPARE(project.db().queryInt("SELECT unevaluated_reason FROM verdicts WHERE rule = 1"), 1LL);
    project.db().exec(
        "INSERT INTO verdicts(run_id, rule, item_id, parse_status, class_verdict, "
        "retrieval_verdict, trace_verdict, answer_verdict, unevaluated_reason) "
        "VALUES (1, 0, 1, 1, 1, 3, 3, 1, 4)");
    QCOMPARE(project.db().queryText("SELECT unevaluated_reason FROM verdicts_readable "
                                    "WHERE rule = 'strict'"),
             std::string("retrieval-not-applicable"));
    QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM verdicts_readable"), 2LL);
    // Version 5: old runs are rule-based; a free-form trace's reason is readable.
    QCOMPARE(project.db().queryText("SELECT trace_type FROM runs WHERE id = 1"),
             std::string("rule-based"));
    project.db().exec("UPDATE verdicts SET unevaluated_reason = 5 WHERE rule = 0");
    QCOMPARE(project.db().queryText("SELECT unevaluated_reason FROM verdicts_readable "
                                    "WHERE rule = 'strict'"),
             std::string("needs-human"));
    QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM studies"), 0LL);
}

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "test_store_schema.moc"
