// Data-parallel fine-tuning over c10d + Gloo (`tracescope-cli train --nproc`),
// for real: two ranks on this machine train the same LoRA adapter as one
// process with the same global batch (equal within float rounding; dropout
// draws are seeded per micro-batch, so they match too), and a rank killed
// with SIGKILL mid-training ends the job with an error naming it, leaves the
// last complete checkpoint intact, and the same command with one process
// resumes from it to the uninterrupted result. Skipped (77) in builds without
// c10d + Gloo (the PyTorch wheel's).
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "core/model/causal_lm.h"
#include "core/model/model_config.h"
#include "core/model/safetensors.h"
#include "core/train/checkpoint_store.h"
#include "core/train/data_parallel.h"
#include "core/util/file_io.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"
#include "tests/train/tiny_models.h"

namespace fs = std::filesystem;
using ts::test::qpath;

namespace {

QStringList trainArgs(const fs::path& base, const fs::path& out, int epochs) {
    return {"train",
            "--model",
            qpath(base),
            "--data",
            qpath(fs::path(TRACESCOPE_SOURCE_DIR) / "sample_data" / "babi" /
                  "qa1_single-supporting-fact_train.txt"),
            "--format",
            "babi",
            "--out",
            qpath(out),
            "--epochs",
            QString::number(epochs),
            "--batch-size",
            "4",
            "--grad-accum",
            "2",
            "--max-length",
            "1024",
            "--lr",
            "1e-3",
            "--threads",
            "1",
            "--save-steps",
            "5",
            "--seed",
            "3"};
}

ts::test::ProcessResult cli(QStringList args) {
    return ts::test::runProcess(TRACESCOPE_CLI, args, {{}, {}, 600000});
}

// Children of `parent` whose environment holds RANK=<rank>.
pid_t rankPid(qint64 parent, int rank) {
    const std::string want = "RANK=" + std::to_string(rank);
    for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(e.path() / "stat");
        std::string pid, comm, state;
        long long ppid = 0;
        if (!(stat >> pid >> comm >> state >> ppid) || ppid != parent) continue;
        std::ifstream envFile(e.path() / "environ", std::ios::binary);
        std::string var;
        while (std::getline(envFile, var, '\0'))
            if (var == want) return static_cast<pid_t>(std::stol(name));
    }
    return 0;
}

}  // namespace

class TestDataParallel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        root_ = ts::test::scratchDir("data_parallel");
        base_ = root_ / "base";
        ts::test::writeTinyHfModel(base_);
    }

    void twoRanksEqualOneProcess() {
        auto one = cli(trainArgs(base_, root_ / "one", 1) << "--nproc"
                                                          << "1");
        QVERIFY2(one.exitCode == 0, one.both().c_str());
        auto two = cli(trainArgs(base_, root_ / "two", 1) << "--nproc"
                                                          << "2");
        QVERIFY2(two.exitCode == 0, two.both().c_str());
        QVERIFY2(two.errHas("started 2 ranks"), two.both().c_str());
        QVERIFY(two.outHas("trained 19 steps"));
        QCOMPARE(diff(root_ / "one" / "final", root_ / "two" / "final") <= 1e-6, true);
    }

    void aKilledRankLeavesTheCheckpointToResume() {
        const fs::path out = root_ / "killed";
        QProcess job;
        job.start(TRACESCOPE_CLI, trainArgs(base_, out, 3) << "--nproc"
                                                           << "2");
        QVERIFY(job.waitForStarted());
        const ts::train::CheckpointStore store(out / "checkpoints");
        QTRY_VERIFY_WITH_TIMEOUT(store.latestComplete().has_value(), 120000);
        const pid_t rank1 = rankPid(job.processId(), 1);
        QVERIFY(rank1 > 0);
        ::kill(rank1, SIGKILL);
        QVERIFY(job.waitForFinished(120000));
        const QString err = QString::fromUtf8(job.readAllStandardError());
        QCOMPARE(job.exitCode(), 1);
        QVERIFY2(err.contains("rank 1 of 2 was killed by signal 9"), qPrintable(err));
        QVERIFY2(err.contains("The last complete checkpoint is kept"), qPrintable(err));
        const auto kept = store.latestComplete();
        QVERIFY(kept.has_value());
        QVERIFY(!fs::exists(out / "final"));

        // The same command with one process resumes and ends where an
        // uninterrupted run ends.
        const auto resumed = cli(trainArgs(base_, out, 3) << "--nproc"
                                                          << "1");
        QVERIFY2(resumed.exitCode == 0, resumed.both().c_str());
        QVERIFY2(resumed.outHas("resumed at step " + std::to_string(kept->step)),
                 resumed.out.c_str());
        const auto straight = cli(trainArgs(base_, root_ / "straight3", 3));
        QVERIFY2(straight.exitCode == 0, straight.both().c_str());
        QVERIFY(diff(out / "final", root_ / "straight3" / "final") <= 1e-6);
    }

private:
    // Max |a - b| over the adapters' tensors.
    static double diff(const fs::path& a, const fs::path& b) {
        const auto x = ts::model::SafetensorsFile::open(a / "adapter_model.safetensors");
        const auto y = ts::model::SafetensorsFile::open(b / "adapter_model.safetensors");
        double d = 0;
        for (const auto& e : x.tensors()) {
            if (!y.contains(e.name)) return 1e9;
            const auto u = x.toDoubles(e.name), v = y.toDoubles(e.name);
            if (u.size() != v.size()) return 1e9;
            for (std::size_t i = 0; i < u.size(); ++i) d = std::max(d, std::fabs(u[i] - v[i]));
        }
        return d;
    }

    fs::path root_, base_;
};

int main(int argc, char** argv) {
    if (!ts::train::dataParallelBackend("cpu")) {
        std::printf(
            "SKIP: this build has no c10d with Gloo (the PyTorch wheel ships no gloo headers)\n");
        return 77;
    }
    QCoreApplication app(argc, argv);
    TestDataParallel tc;
    return QTest::qExec(&tc, argc, argv);
}

#include "test_data_parallel.moc"
