// The workbench's job workers (ui/jobs) under load, for the ThreadSanitizer
// build and the normal one: many CPU and GPU jobs flooding progress, logs and
// metrics while half of them are cancelled (each must be reported cancelled
// on the GUI thread within one second of cancel()), a manager destroyed with
// jobs still running, and the real ImportJob cancelled in the middle of a
// large import (within one second, with nothing stored).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "ui/jobs/import_job.h"
#include "ui/jobs/import_plan.h"
#include "ui/jobs/job_manager.h"

using namespace ts;
using namespace ts::ui;
namespace fs = std::filesystem;

namespace {

constexpr qint64 kLimitMs = 1000;

// Reports progress, logs and metrics as fast as it can; `steps` < 0 runs until cancelled.
class BusyJob : public Job {
public:
    BusyJob(int steps, JobResource resource) : steps_(steps), resource_(resource) {}
    QString title() const override { return QStringLiteral("busy"); }
    JobResource resource() const override { return resource_; }
    void run(const JobContext& c) override {
        for (long long i = 0; steps_ < 0 || i < steps_; ++i) {
            c.progress().report(steps_ < 0 ? 0.5 : double(i) / steps_, "step " + std::to_string(i));
            if (i % 50 == 0) c.log(QStringLiteral("line %1").arg(i));
            if (i % 20 == 0) c.metric(QStringLiteral("loss"), 1.0 / double(i + 1), double(i));
            volatile double x = 0;
            for (int k = 0; k < 2000; ++k) x = x + k;
        }
        ran.store(true);
    }
    std::atomic<bool> ran{false};

private:
    int steps_;
    JobResource resource_;
};

void writeBigRun(const fs::path& dataset, const fs::path& predictions, int n) {
    std::ofstream d(dataset), p(predictions);
    for (int i = 0; i < n; ++i) {
        d << R"({"index": )" << i << R"(, "triple_element": "S1_R1_O2", "question": "Where did B)" << i
          << R"( work?", "facts": ["A works for X from 1990 to 1995.", "B)" << i
          << R"( works for Y from 1991 to 1994."], "answer": ["Y"]})" << "\n";
        p << R"({"item_id": "equal/)" << i << R"(", "prediction": "<answer>Y</answer>"})" << "\n";
    }
}

}  // namespace

class TestUiJobThreads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void halfOfManyJobsCancelledWithinOneSecond() {
        JobManager manager;
        std::map<int, qint64> cancelledAt, finishedAt;
        std::map<int, JobState> states;
        QElapsedTimer clock;
        clock.start();
        connect(&manager, &JobManager::jobFinished, this, [&](int id, JobState s) {
            states[id] = s;
            finishedAt[id] = clock.elapsed();
        });
        std::vector<int> ids;
        for (int i = 0; i < 16; ++i) {
            const bool endless = i % 2 == 1;
            ids.push_back(manager.submit(
                std::make_unique<BusyJob>(endless ? -1 : 3000, i % 4 == 3 ? JobResource::Gpu : JobResource::Cpu)));
        }
        QTest::qWait(300);
        for (std::size_t i = 1; i < ids.size(); i += 2) {
            cancelledAt[ids[i]] = clock.elapsed();
            manager.cancel(ids[i]);
        }
        QTRY_VERIFY_WITH_TIMEOUT(states.size() == ids.size(), 120000);
        qint64 worst = 0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const int id = ids[i];
            if (i % 2 == 1) {
                QCOMPARE(states[id], JobState::Cancelled);
                // A queued GPU job is cancelled at once; a running one within the limit.
                const qint64 latency = finishedAt[id] - cancelledAt[id];
                worst = std::max(worst, latency);
                QVERIFY2(latency < kLimitMs, qPrintable(QStringLiteral("job %1 took %2 ms").arg(id).arg(latency)));
            } else {
                QCOMPARE(states[id], JobState::Done);
                QCOMPARE(manager.record(id)->fraction, 1.0);
            }
        }
        std::printf("cancel %-22s 8 of 16 busy jobs, slowest reported cancelled after %lld ms\n", "(ui job manager)",
                    static_cast<long long>(worst));
    }

    void destroyingTheManagerStopsRunningJobs() {
        QElapsedTimer clock;
        {
            JobManager manager;
            for (int i = 0; i < 6; ++i) manager.submit(std::make_unique<BusyJob>(-1, JobResource::Cpu));
            manager.submit(std::make_unique<BusyJob>(-1, JobResource::Gpu));
            manager.submit(std::make_unique<BusyJob>(-1, JobResource::Gpu));
            QTest::qWait(200);
            clock.start();
        }
        QVERIFY2(clock.elapsed() < kLimitMs, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
        QCoreApplication::processEvents();  // queued reports to the dead manager are dropped
    }

    void importJobCancelledWithinOneSecondStoresNothing() {
        const fs::path root = test::scratchDir("ui_job_threads");
        fs::create_directories(root / "run");
        const fs::path dataset = root / "run" / "equal.json", predictions = root / "run" / "predictions.jsonl";
        writeBigRun(dataset, predictions, 60000);
        const fs::path projectPath = root / "import.tsproj";
        { auto created = store::Project::create(projectPath.string()); }
        ImportPlan plan;
        ImportRunPlan run;
        run.runName = QStringLiteral("cancelled");
        run.format = PredictionFormat::Native;
        run.pairs.push_back({QString::fromStdString(predictions.string()), {}});
        run.datasetName = QStringLiteral("cotempqa");
        run.datasetFiles << QString::fromStdString(dataset.string());
        plan.runs.push_back(run);
        QVERIFY2(validatePlan(plan).isEmpty(), qPrintable(validatePlan(plan).join(QStringLiteral("; "))));

        JobManager manager;
        std::optional<JobState> state;
        QElapsedTimer clock;
        qint64 cancelledAt = -1, finishedAt = -1;
        connect(&manager, &JobManager::jobFinished, this, [&](int, JobState s) {
            state = s;
            finishedAt = clock.elapsed();
        });
        clock.start();
        const int id = manager.submit(
            std::make_unique<ImportJob>(QString::fromStdString(projectPath.string()), plan, QStringLiteral("import")));
        // Cancel once the job is well into its work (its first reports have arrived).
        QTRY_VERIFY_WITH_TIMEOUT(manager.record(id)->fraction > 0.0 || state.has_value(), 60000);
        QTest::qWait(100);
        QVERIFY2(!state.has_value(), "the import finished before it could be cancelled: make it bigger");
        cancelledAt = clock.elapsed();
        manager.cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(state.has_value(), 60000);
        QCOMPARE(*state, JobState::Cancelled);
        const qint64 latency = finishedAt - cancelledAt;
        std::printf("cancel %-22s busy %8lld ms  -> reported cancelled in %lld ms\n", "import (ui ImportJob)",
                    static_cast<long long>(cancelledAt), static_cast<long long>(latency));
        QVERIFY2(latency < kLimitMs, qPrintable(QStringLiteral("%1 ms").arg(latency)));
        auto project = store::Project::open(projectPath.string());
        QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
        QVERIFY(store::listRuns(project).empty());
    }
};

QTEST_GUILESS_MAIN(TestUiJobThreads)
#include "test_ui_job_threads.moc"
