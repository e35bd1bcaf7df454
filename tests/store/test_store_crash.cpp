// Crash safety: an import is one transaction, so a process killed with
// SIGKILL in the middle of one leaves the project as it was before - intact
// (integrity_check), with no trace of the partial run - and usable.
#include <QtTest>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "core/store/catalog.h"
#include "core/store/item_query.h"
#include "core/store/run_tables.h"
#include "core/store/run_writer.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

namespace {

std::vector<long long> tableCounts(ts::store::Project& p) {
    std::vector<long long> out;
    for (const char* t : {"datasets", "items", "context_units", "items_fts", "runs", "predictions",
                          "verdicts", "verdict_details", "annotations", "table_cache"})
        out.push_back(p.db().queryInt(std::string("SELECT COUNT(*) FROM ") + t));
    return out;
}

ts::store::RunInfo named(const std::string& name) {
    ts::store::RunInfo info;
    info.name = name;
    return info;
}

}  // namespace

class TestStoreCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedImportLeavesProjectAsBefore();
};

void TestStoreCrash::killedImportLeavesProjectAsBefore() {
    const std::string path = (ts::test::scratchDir("store_crash") / "crash.tsproj").string();
    const ts::Dataset base = ts::test::syntheticDataset("base", 200);
    std::vector<long long> before;
    long long baseOkOk = 0;
    {
        auto project = ts::store::Project::create(path);
        ts::store::importRun(project, base, named("base"), ts::test::syntheticPredictions(base, 0));
        before = tableCounts(project);
        baseOkOk = ts::store::runTables(project, "base", ts::ScoringRuleKind::Strict)
                       .trace.statistics.counts.ok_ok;
        before = tableCounts(project);  // now with the cached tables
    }  // closed before fork: SQLite connections must not cross fork()

    // A second dataset too, so the killed import also writes new items.
    const ts::Dataset big = ts::test::syntheticDataset("big", 15000);
    const auto predictions = ts::test::syntheticPredictions(big, 1);
    int fds[2];
    QCOMPARE(pipe(fds), 0);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        close(fds[0]);
        try {
            auto project = ts::store::Project::open(path);
            ts::ProgressSink sink([&](const ts::Progress& p) {
                if (p.fraction > 0.5) {
                    // Half the rows are written inside the open transaction:
                    // tell the parent, then wait to be killed.
                    const char byte = 'k';
                    (void)!write(fds[1], &byte, 1);
                    for (;;) pause();
                }
                return true;
            });
            ts::store::importRun(project, big, named("killed"), predictions, sink);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child: the import failed: %s\n", e.what());
        }
        _exit(3);  // reached only if the import ended without being killed
    }
    close(fds[1]);
    pollfd pfd{fds[0], POLLIN, 0};
    QVERIFY2(poll(&pfd, 1, 120000) == 1, "the child never reached the middle of the import");
    char byte = 0;
    QCOMPARE(read(fds[0], &byte, 1), ssize_t(1));
    QCOMPARE(byte, 'k');
    // The page cache has spilled uncommitted pages into the WAL, so recovery
    // really has frames to ignore.
    QVERIFY(std::filesystem::file_size(path + "-wal") > 1000000);
    QCOMPARE(kill(child, SIGKILL), 0);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    close(fds[0]);

    auto project = ts::store::Project::open(path);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0LL);
    project.db().exec("INSERT INTO predictions_fts(predictions_fts) VALUES ('integrity-check')");
    project.db().exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
    QCOMPARE(tableCounts(project), before);
    const auto runs = ts::store::listRuns(project);
    QCOMPARE(runs.size(), std::size_t(1));
    QCOMPARE(runs[0].name, std::string("base"));
    QCOMPARE(ts::store::listDatasets(project).size(), std::size_t(1));
    QCOMPARE(ts::store::runTables(project, "base", ts::ScoringRuleKind::Strict)
                 .trace.statistics.counts.ok_ok,
             baseOkOk);

    // And the same import now completes on the recovered file.
    ts::store::importRun(project, big, named("killed"), predictions);
    QCOMPARE(ts::store::runSummary(project, "killed").predictions, 15000LL);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "test_store_crash.moc"
