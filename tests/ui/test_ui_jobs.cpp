// The job queue: progress arrives on the GUI thread, cancellation stops a
// job at its next report, failures carry their message, GPU jobs run one at
// a time while CPU jobs run beside them, and finish() runs on the GUI thread.
// The job panel draws each job's loss curve, redrawn at most every 200 ms.
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "ui/charts/charts.h"
#include "ui/jobs/job_manager.h"
#include "ui/pages/job_panel.h"

using namespace ts;
using namespace ts::ui;

namespace {

std::atomic<int> g_gpuRunning{0};
std::atomic<int> g_gpuPeak{0};

class SleepyJob : public Job {
public:
    SleepyJob(int steps, JobResource resource, bool fail = false) : steps_(steps), resource_(resource), fail_(fail) {}
    QString title() const override { return QStringLiteral("sleepy"); }
    JobResource resource() const override { return resource_; }
    void run(const JobContext& c) override {
        if (resource_ == JobResource::Gpu) {
            const int now = ++g_gpuRunning;
            int peak = g_gpuPeak.load();
            while (now > peak && !g_gpuPeak.compare_exchange_weak(peak, now)) {}
        }
        struct Done {
            JobResource r;
            ~Done() { if (r == JobResource::Gpu) --g_gpuRunning; }
        } done{resource_};
        for (int i = 0; i < steps_; ++i) {
            c.progress().report(double(i) / steps_, "step " + std::to_string(i));
            c.metric(QStringLiteral("loss"), 1.0 / (i + 1), i);
            QThread::msleep(5);
        }
        if (fail_) throw Error("the model file is missing");
        c.metric(QStringLiteral("tokens/s"), 1234.0);
    }
    void finish() override { finishedOnGuiThread = QThread::currentThread() == qApp->thread(); }
    bool finishedOnGuiThread = false;

private:
    int steps_;
    JobResource resource_;
    bool fail_;
};

// Reports `points` loss values per run, for `runs` runs that each start at
// step 1 (as the demo experiment's cells do), plus a tokens/s without an x.
class LossJob : public Job {
public:
    LossJob(int points, double scale, int sleepMs = 0, int runs = 1)
        : points_(points), scale_(scale), sleepMs_(sleepMs), runs_(runs) {}
    QString title() const override { return QStringLiteral("loss"); }
    void run(const JobContext& c) override {
        for (int run = 0; run < runs_; ++run)
            for (int i = 0; i < points_; ++i) {
                c.metric(QStringLiteral("tokens/s"), 1000.0 + i);
                c.metric(QStringLiteral("loss"), loss(i), i + 1);
                if (sleepMs_ > 0) QThread::msleep(static_cast<unsigned long>(sleepMs_));
            }
    }
    double loss(int i) const { return scale_ / (i + 1); }

private:
    int points_;
    double scale_;
    int sleepMs_;
    int runs_;
};

}  // namespace

class TestUiJobs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progressMetricsAndFinish() {
        JobManager manager;
        auto job = std::make_unique<SleepyJob>(20, JobResource::Cpu);
        SleepyJob* raw = job.get();
        QSignalSpy changed(&manager, &JobManager::jobChanged);
        const int id = manager.submit(std::move(job));
        QTRY_COMPARE(manager.record(id)->state, JobState::Done);
        QVERIFY(changed.count() >= 2);
        QVERIFY(raw->finishedOnGuiThread);
        QCOMPARE(manager.record(id)->fraction, 1.0);
        QCOMPARE(manager.record(id)->latestMetrics.at(QStringLiteral("tokens/s")).value, 1234.0);
        QCOMPARE(int(manager.record(id)->series.size()), 20);  // the loss curve
    }

    void cancelStopsAtTheNextReport() {
        JobManager manager;
        const int id = manager.submit(std::make_unique<SleepyJob>(100000, JobResource::Cpu));
        QTRY_VERIFY(manager.record(id)->fraction > 0.0);
        manager.cancel(id);
        QTRY_COMPARE(manager.record(id)->state, JobState::Cancelled);
        QVERIFY(manager.record(id)->fraction < 0.5);
    }

    void failureCarriesTheMessage() {
        JobManager manager;
        const int id = manager.submit(std::make_unique<SleepyJob>(3, JobResource::Cpu, true));
        QTRY_COMPARE(manager.record(id)->state, JobState::Failed);
        QCOMPARE(manager.record(id)->error, QStringLiteral("the model file is missing"));
        QVERIFY(manager.record(id)->log.last().contains(QStringLiteral("missing")));
    }

    void gpuJobsRunOneAtATime() {
        JobManager manager;
        g_gpuPeak = 0;
        std::vector<int> ids;
        for (int i = 0; i < 3; ++i) ids.push_back(manager.submit(std::make_unique<SleepyJob>(10, JobResource::Gpu)));
        const int cpu = manager.submit(std::make_unique<SleepyJob>(10, JobResource::Cpu));
        QCOMPARE(manager.record(ids[1])->state, JobState::Queued);
        QCOMPARE(manager.record(cpu)->state, JobState::Running);  // not behind the GPU queue
        manager.cancel(ids[2]);  // cancelled while queued: never runs
        QTRY_VERIFY(!manager.hasRunningJobs());
        QCOMPARE(manager.record(ids[0])->state, JobState::Done);
        QCOMPARE(manager.record(ids[1])->state, JobState::Done);
        QCOMPARE(manager.record(ids[2])->state, JobState::Cancelled);
        QCOMPARE(manager.record(ids[2])->startedMs, -1);
        QCOMPARE(g_gpuPeak.load(), 1);
    }

    void panelDrawsEachJobsLossCurve() {
        JobManager manager;
        JobPanel panel(&manager);
        MetricCurveChart* chart = panel.curveChart();
        const int a = manager.submit(std::make_unique<LossJob>(40, 2.0));
        QTRY_COMPARE(manager.record(a)->state, JobState::Done);
        QTRY_COMPARE(chart->drawnPointCount(), 40);
        QCOMPARE(chart->metric(), QStringLiteral("loss"));
        QVERIFY(!chart->isHidden());
        for (int i = 0; i < 40; ++i) QCOMPARE(chart->points().at(i), QPointF(i + 1, 2.0 / (i + 1)));

        // A newer job takes the panel; selecting the finished one shows its curve again.
        const int b = manager.submit(std::make_unique<LossJob>(15, 5.0));
        QTRY_COMPARE(manager.record(b)->state, JobState::Done);
        QTRY_COMPARE(chart->drawnPointCount(), 15);
        QCOMPARE(chart->points().front(), QPointF(1, 5.0));
        panel.selectJob(a);
        QCOMPARE(chart->drawnPointCount(), 40);
        QCOMPARE(chart->points().front(), QPointF(1, 2.0));
        panel.selectJob(b);
        QCOMPARE(chart->drawnPointCount(), 15);

        // Runs that restart at step 1 are separate segments, not a line drawn back.
        const int c = manager.submit(std::make_unique<LossJob>(10, 1.0, 0, 3));
        QTRY_COMPARE(manager.record(c)->state, JobState::Done);
        QTRY_COMPARE(chart->drawnPointCount(), 30);
        QCOMPARE(chart->segmentCount(), 3);

        // A job without a curve hides the chart.
        const int d = manager.submit(std::make_unique<SleepyJob>(0, JobResource::Cpu));
        QTRY_COMPARE(manager.record(d)->state, JobState::Done);
        QTRY_VERIFY(chart->isHidden());
    }

    void curveRedrawsAreThrottled() {
        JobManager manager;
        JobPanel panel(&manager);
        QSignalSpy shown(&panel, &JobPanel::curveShown);
        QElapsedTimer clock;
        clock.start();
        constexpr int kPoints = 150;
        const int id = manager.submit(std::make_unique<LossJob>(kPoints, 1.0, 4));
        QTRY_COMPARE_WITH_TIMEOUT(manager.record(id)->state, JobState::Done, 30000);
        QTRY_COMPARE(panel.curveChart()->drawnPointCount(), kPoints);
        const qint64 elapsed = clock.elapsed();
        // One redraw per interval at most (plus the last), not one per point...
        QVERIFY2(shown.count() <= elapsed / JobPanel::kCurveRefreshMs + 3,
                 qPrintable(QStringLiteral("%1 redraws in %2 ms").arg(shown.count()).arg(elapsed)));
        // ...yet the curve grew while the job ran (it takes over 600 ms).
        bool partial = false;
        for (const auto& call : shown) partial = partial || call.at(1).toInt() < kPoints;
        QVERIFY(partial);
        QCOMPARE(shown.last().at(0).toInt(), id);
        QCOMPARE(shown.last().at(1).toInt(), kPoints);
    }
};

QTEST_MAIN(TestUiJobs)
#include "test_ui_jobs.moc"
