// The job queue: progress arrives on the GUI thread, cancellation stops a
// job at its next report, failures carry their message, GPU jobs run one at
// a time while CPU jobs run beside them, and finish() runs on the GUI thread.
#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "ui/jobs/job_manager.h"

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
};

QTEST_MAIN(TestUiJobs)
#include "test_ui_jobs.moc"
