// SIGKILL of `tracescope-cli experiment run` in the middle of writing a
// training checkpoint (the moment its staging folder exists) - twice - and
// once while inference appends predictions. After each kill the half-written
// checkpoint is detected as incomplete and never resumed from, the newest
// complete checkpoint is intact, and the final rerun resumes from it and ends
// with exactly the loss curve, predictions and stored run of an uninterrupted
// experiment. (tests/train kills between checkpoints; this kills inside one.)
#include <QtTest>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data/generators/sample_data.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/train/checkpoint_store.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/crash/crash_support.h"

namespace fs = std::filesystem;

namespace {

fs::path writeExperiment(const fs::path& dir, const fs::path& babi) {
    const nlohmann::json spec = {
        {"name", "crash"},
        {"datasets", {{{"name", "babi"}, {"paths", {babi.string()}}, {"max_train_items", 40}, {"max_test_items", 12}}}},
        {"conditions", {"correct"}},
        {"seeds", {3}},
        {"model",
         {{"scratch",
           {{"vocab_size", 400}, {"hidden_size", 64}, {"num_hidden_layers", 2}, {"num_attention_heads", 4},
            {"num_key_value_heads", 2}, {"intermediate_size", 128}}}}},
        {"training",
         {{"learning_rate", 3e-3}, {"num_train_epochs", 4}, {"per_device_train_batch_size", 4},
          {"gradient_accumulation_steps", 1}, {"max_length", 320}, {"save_steps", 1}}},
        {"inference", {{"batch_size", 2}, {"max_new_tokens", 40}}},
        {"system_message", false},
        {"cpu_threads", 1}};
    return ts::test::writeText(dir / "experiment.json", spec.dump(1));
}

std::vector<std::string> runArgs(const fs::path& spec, const fs::path& project) {
    return {"experiment", "run", spec.string(), "--project", project.string()};
}

// The staging folders (".tmp-*") of checkpoints being written.
std::set<std::string> stagingFolders(const fs::path& checkpoints) {
    std::set<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(checkpoints, ec)) return out;
    for (const auto& e : fs::directory_iterator(checkpoints, ec))
        if (e.path().filename().string().rfind(".tmp-", 0) == 0) out.insert(e.path().filename().string());
    return out;
}

nlohmann::json losses(const fs::path& trainDir) {
    const auto r = nlohmann::json::parse(ts::readFile(trainDir / "result.json"));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : r.at("history")) out.push_back(h.at("loss"));
    return out;
}

}  // namespace

class TestCrashTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWhileWritingCheckpointsResumesFromTheLastCompleteOne() {
        const fs::path root = ts::test::scratchDir("crash_training");
        ts::SampleDataOptions small;
        small.babiTrainStories = 20;
        small.babiTestStories = 6;
        small.coTempPerClass = 4;
        small.coTempTestPerClass = 2;
        ts::writeSampleData(root / "sample", small);
        const fs::path spec = writeExperiment(root, root / "sample" / "babi");
        const std::string cli = TRACESCOPE_CLI;

        ts::test::Victim straight(cli, runArgs(spec, root / "straight.tsproj"), root / "straight.log");
        QVERIFY2(straight.waitSucceeded(1200), qPrintable(QString::fromStdString(ts::readFile(root / "straight.log"))));
        const fs::path straightRun = root / "straight.runs" / "crash" / "babi" / "correct" / "s3";

        const fs::path project = root / "killed.tsproj";
        const fs::path run = root / "killed.runs" / "crash" / "babi" / "correct" / "s3";
        const fs::path checkpoints = run / "train" / "checkpoints";
        const ts::train::CheckpointStore store(checkpoints);
        int halfWritten = 0;
        std::int64_t lastComplete = 0;
        for (int attempt = 0; attempt < 12 && halfWritten < 2; ++attempt) {
            ts::test::Victim v(cli, runArgs(spec, project), root / "killed.log");
            // Kill the moment a checkpoint starts being written (a staging folder
            // that was not there before: a leftover of an earlier kill does not count).
            const auto known = stagingFolders(checkpoints);
            const bool caught = ts::test::waitUntil(
                v,
                [&] {
                    for (const auto& name : stagingFolders(checkpoints))
                        if (!known.count(name)) return true;
                    return false;
                },
                600);
            v.kill();
            QVERIFY2(caught, "training ended without writing another checkpoint");
            QVERIFY(!fs::exists(run / "train" / "result.json"));
            const auto latest = store.latestComplete();
            const auto incomplete = store.incomplete();
            if (!incomplete.empty()) ++halfWritten;
            // A half-written checkpoint is never taken for a complete one.
            for (const auto& dir : incomplete) QVERIFY(!ts::train::CheckpointStore::inspect(dir).has_value());
            if (latest) {
                QVERIFY(latest->step >= lastComplete);
                lastComplete = latest->step;
            }
            std::printf("SIGKILL during checkpoint write %d: newest complete checkpoint step %lld, %zu incomplete "
                        "folder(s) detected\n",
                        attempt + 1, static_cast<long long>(lastComplete), incomplete.size());
        }
        QVERIFY2(halfWritten >= 1, "no kill landed inside a checkpoint write");

        // Once more while inference appends predictions.
        {
            ts::test::Victim v(cli, runArgs(spec, project), root / "killed.log");
            const fs::path predictions = run / "predictions.jsonl";
            const bool caught = ts::test::waitUntil(
                v, [&] { return fs::exists(predictions) && fs::file_size(predictions) > 0; }, 900);
            v.kill();
            if (caught) std::printf("SIGKILL during inference: %zu bytes of predictions kept\n",
                                    static_cast<std::size_t>(fs::file_size(predictions)));
            lastComplete = store.latestComplete() ? store.latestComplete()->step : lastComplete;
        }

        ts::test::Victim resumed(cli, runArgs(spec, project), root / "resumed.log");
        QVERIFY2(resumed.waitSucceeded(1200), qPrintable(QString::fromStdString(ts::readFile(root / "resumed.log"))));
        const auto result = nlohmann::json::parse(ts::readFile(run / "train" / "result.json"));
        std::printf("resumed from step %lld; the loss curve and predictions match the uninterrupted run\n",
                    static_cast<long long>(result.value("resumed_from_step", std::int64_t(0))));
        QCOMPARE(losses(run / "train"), losses(straightRun / "train"));
        QCOMPARE(ts::readFile(run / "predictions.jsonl"), ts::readFile(straightRun / "predictions.jsonl"));
        auto p = ts::store::Project::open(project.string());
        QCOMPARE(QString::fromStdString(ts::test::projectIntegrity(p)), QStringLiteral("ok"));
        const auto runs = ts::store::listRuns(p);
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].predictions, 12LL);
        QCOMPARE(runs[0].strictVerdicts, 12LL);
    }
};

QTEST_GUILESS_MAIN(TestCrashTraining)
#include "test_crash_training.moc"
