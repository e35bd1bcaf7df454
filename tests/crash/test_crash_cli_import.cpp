// SIGKILL of `tracescope-cli import` at many moments of a large import -
// while it reads the files, while it scores the predictions under both rules,
// while it writes the run - on copies of one project that already holds a
// run. After every kill the project passes its integrity checks, the earlier
// run is exactly as it was, and the killed run is either absent or complete
// (never partial); importing again then succeeds. (tests/store kills
// importRun inside a forked test process; this kills the real CLI, scoring
// included.)
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/crash/crash_support.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Under the sanitizers (test.sh's asan build, -O0) the CLI imports about 15
// times slower; a fifth of the items keeps the ten imports inside Qt Test's
// per-function limit while every kill still lands in the same phases.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kItems = 4000;
#else
constexpr int kItems = 20000;
#endif
// "The run's writes have reached the WAL": 1 MB of 20,000 items' worth.
constexpr std::uintmax_t kWalBytes = 1000000ULL * kItems / 20000;

void writeRun(const fs::path& dataset, const fs::path& predictions, const fs::path& basePredictions) {
    std::ofstream d(dataset), p(predictions), b(basePredictions);
    for (int i = 0; i < kItems; ++i) {
        const std::string fact = "B" + std::to_string(i) + " works for Place" + std::to_string(i % 89) +
                                 " from 1991 to 1994.";
        d << R"({"index": )" << i << R"(, "triple_element": "S1_R1_O2", "question": "While A)" << i
          << R"( worked for X, where did B work?", "facts": ["A)" << i << R"( works for X from 1990 to 1995.", ")"
          << fact << R"("], "answer": ["Place)" << (i % 89) << "\"]}\n";
        const std::string line =
            R"({"item_id": "equal/)" + std::to_string(i) +
            R"(", "prediction": "<think>The temporal relation between the event in question and the event in context is: equal.\nI need to use the following facts to answer the question: [')" +
            fact + R"(']</think> <answer>Place)" + std::to_string(i % 89) + "</answer>\"}\n";
        p << line;
        if (i < 300) b << line;
    }
}

std::vector<long long> tableCounts(ts::store::Project& p) {
    std::vector<long long> out;
    for (const char* t : {"datasets", "items", "context_units", "runs", "predictions", "verdicts", "annotations"})
        out.push_back(p.db().queryInt(std::string("SELECT COUNT(*) FROM ") + t));
    return out;
}

}  // namespace

class TestCrashCliImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedImportIsAllOrNothing() {
        const fs::path root = ts::test::scratchDir("crash_cli_import");
        const fs::path dataset = root / "equal.json", predictions = root / "run.jsonl", base = root / "base.jsonl";
        writeRun(dataset, predictions, base);
        const std::string cli = TRACESCOPE_CLI;
        const auto importArgs = [&](const fs::path& project, const std::string& run, const fs::path& preds) {
            return std::vector<std::string>{"import", "--project", project.string(), "--format", "jsonl", "--dataset",
                                            "cotempqa", "--run", run, "--pair", preds.string() + ":" + dataset.string()};
        };
        const fs::path baseline = root / "baseline.tsproj";
        {
            ts::test::Victim v(cli, importArgs(baseline, "base", base), root / "baseline.log");
            QVERIFY2(v.waitSucceeded(600), qPrintable(QString::fromStdString(ts::readFile(root / "baseline.log"))));
        }
        std::vector<long long> before;
        {
            auto p = ts::store::Project::open(baseline.string());
            before = tableCounts(p);
        }
        // One uninterrupted import: how long it takes, and what a complete run holds.
        const fs::path straight = root / "straight.tsproj";
        fs::copy_file(baseline, straight);
        const auto t0 = Clock::now();
        {
            ts::test::Victim v(cli, importArgs(straight, "big", predictions), root / "straight.log");
            QVERIFY(v.waitSucceeded(900));
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("uninterrupted import of %d predictions: %.2f s\n", kItems, seconds);

        int duringWrite = 0, beforeWrite = 0, afterCommit = 0;
        // Kills at fractions of the uninterrupted time, and one (fraction < 0)
        // as soon as kWalBytes of the run sit uncommitted in the WAL.
        for (const double fraction : {0.08, 0.2, 0.35, 0.5, 0.62, 0.75, 0.87, 0.95, -1.0}) {
            const fs::path project = root / ("killed-" + std::to_string(int(fraction * 100)) + ".tsproj");
            fs::copy_file(baseline, project);
            const fs::path wal = project.string() + "-wal";
            ts::test::Victim v(cli, importArgs(project, "big", predictions), root / "killed.log");
            QVERIFY(v.started());
            if (fraction >= 0)
                std::this_thread::sleep_for(std::chrono::duration<double>(seconds * fraction));
            else
                QVERIFY(ts::test::waitUntil(
                    v, [&] { return fs::exists(wal) && fs::file_size(wal) > kWalBytes; }, 900));
            const bool walPresent = fs::exists(wal) && fs::file_size(wal) > 0;
            const bool wasRunning = v.running();
            v.kill();
            bool complete = false;
            {
                auto p = ts::store::Project::open(project.string());
                QCOMPARE(QString::fromStdString(ts::test::projectIntegrity(p)), QStringLiteral("ok"));
                const auto runs = ts::store::listRuns(p);
                QVERIFY(runs.size() == 1 || runs.size() == 2);
                QCOMPARE(runs[0].name, std::string("base"));
                QCOMPARE(runs[0].predictions, 300LL);
                if (runs.size() == 2) {
                    // Visible means complete: every prediction and both rules' verdicts.
                    QCOMPARE(runs[1].name, std::string("big"));
                    QCOMPARE(runs[1].predictions, static_cast<long long>(kItems));
                    QCOMPARE(runs[1].strictVerdicts, static_cast<long long>(kItems));
                    complete = true;
                } else {
                    QCOMPARE(tableCounts(p), before);
                }
            }
            const char* phase = !wasRunning || complete ? "after the commit"
                                : walPresent            ? "while writing the run"
                                                        : "while reading and scoring";
            (complete || !wasRunning ? afterCommit : walPresent ? duringWrite : beforeWrite)++;
            std::printf("SIGKILL at %s of the import (%s): project intact, run %s\n",
                        fraction < 0 ? "once the run reached the WAL" : (std::to_string(int(fraction * 100)) + "%").c_str(), phase,
                        complete ? "complete" : "absent");
            if (!complete) {
                ts::test::Victim again(cli, importArgs(project, "big", predictions), root / "again.log");
                QVERIFY(again.waitSucceeded(900));
                auto p = ts::store::Project::open(project.string());
                QCOMPARE(ts::store::listRuns(p).at(1).predictions, static_cast<long long>(kItems));
            }
        }
        std::printf("kills: %d while reading/scoring, %d while writing, %d after the commit\n", beforeWrite,
                    duringWrite, afterCommit);
        QVERIFY2(beforeWrite > 0 && duringWrite > 0, "the kills did not cover both phases of the import");
    }
};

QTEST_GUILESS_MAIN(TestCrashCliImport)
#include "test_crash_cli_import.moc"
