// SIGKILL of `tracescope-cli experiment run` in the middle of writing a
// training checkpoint that follows a complete one (the moment its staging
// folder exists) - until two kills have left a half-written folder - and once
// while inference appends predictions. After each kill the half-written
// checkpoint is detected as incomplete and never resumed from, and the newest
// complete checkpoint is intact; the next run resumes training from exactly
// that step (> 0), the last one resumes inference from the predictions kept,
// and the result equals an uninterrupted experiment with the same seed: loss
// curve, final weights byte for byte, predictions and stored run.
// (tests/train kills between checkpoints; this kills inside one.)
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data/generators/sample_data.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/train/checkpoint_store.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"
#include "tests/crash/crash_support.h"

namespace fs = std::filesystem;

namespace {

fs::path writeExperiment(const fs::path& dir, const fs::path& babi) {
    const nlohmann::json spec = {{"name", "crash"},
                                 {"datasets",
                                  {{{"name", "babi"},
                                    {"paths", {babi.string()}},
                                    {"max_train_items", 40},
                                    {"max_test_items", 12}}}},
                                 {"conditions", {"correct"}},
                                 {"seeds", {3}},
                                 {"model",
                                  {{"scratch",
                                    {{"vocab_size", 400},
                                     {"hidden_size", 64},
                                     {"num_hidden_layers", 2},
                                     {"num_attention_heads", 4},
                                     {"num_key_value_heads", 2},
                                     {"intermediate_size", 128}}}}},
                                 {"training",
                                  {{"learning_rate", 3e-3},
                                   {"num_train_epochs", 4},
                                   {"per_device_train_batch_size", 4},
                                   {"gradient_accumulation_steps", 1},
                                   {"max_length", 320},
                                   {"save_steps", 1}}},
                                 {"inference", {{"batch_size", 2}, {"max_new_tokens", 40}}},
                                 {"system_message", false},
                                 {"cpu_threads", 1}};
    return ts::test::writeText(dir / "experiment.json", spec.dump(1));
}

std::vector<std::string> runArgs(const fs::path& spec, const fs::path& project) {
    return {"experiment", "run", spec.string(), "--project", project.string()};
}

bool isStaging(const std::string& name) {
    return name.rfind(".tmp-step-", 0) == 0;
}

// The staging folders (".tmp-step-*") of checkpoints being written.
std::set<std::string> stagingFolders(const fs::path& checkpoints) {
    std::set<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(checkpoints, ec)) return out;
    for (const auto& e : fs::directory_iterator(checkpoints, ec))
        if (isStaging(e.path().filename().string())) out.insert(e.path().filename().string());
    return out;
}

// The step a staging folder ".tmp-step-00000012-<suffix>" is writing.
std::int64_t stagingStep(const std::string& name) {
    return std::stoll(name.substr(std::string(".tmp-step-").size(), 8));
}

nlohmann::json losses(const fs::path& trainDir) {
    const auto r = nlohmann::json::parse(ts::readFile(trainDir / "result.json"));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : r.at("history")) out.push_back(h.at("loss"));
    return out;
}

std::int64_t resumedFromStep(const fs::path& trainDir) {
    return nlohmann::json::parse(ts::readFile(trainDir / "result.json"))
        .at("resumed_from_step")
        .get<std::int64_t>();
}

std::size_t lineCount(const fs::path& file) {
    const std::string text = ts::readFile(file);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Every file below dir (relative path -> bytes).
std::map<std::string, std::string> filesBelow(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out[fs::relative(e.path(), dir).generic_string()] = ts::readFile(e.path());
    return out;
}

// A half-written checkpoint without its manifest, put where a complete one
// would be (step-N), must still fail the manifest check.
bool refusedUnderItsFinalName(const fs::path& staging, const fs::path& probeRoot) {
    const fs::path probe = probeRoot / ts::train::CheckpointStore::folderName(
                                           stagingStep(staging.filename().string()));
    fs::remove_all(probeRoot);
    fs::create_directories(probeRoot);
    fs::copy(staging, probe, fs::copy_options::recursive);
    const bool refused = !ts::train::CheckpointStore::inspect(probe).has_value();
    fs::remove_all(probeRoot);
    return refused;
}

}  // namespace

class TestCrashTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWhileWritingCheckpointsResumesFromTheLastCompleteOne();
};

void TestCrashTraining::killedWhileWritingCheckpointsResumesFromTheLastCompleteOne() {
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
    QVERIFY2(straight.waitSucceeded(1200),
             qPrintable(QString::fromStdString(ts::readFile(root / "straight.log"))));
    const fs::path straightRun = root / "straight.runs" / "crash" / "babi" / "correct" / "s3";
    QCOMPARE(resumedFromStep(straightRun / "train"), std::int64_t{0});

    const fs::path project = root / "killed.tsproj";
    const fs::path run = root / "killed.runs" / "crash" / "babi" / "correct" / "s3";
    const fs::path checkpoints = run / "train" / "checkpoints";
    const ts::train::CheckpointStore store(checkpoints);

    // Kill inside the write of a checkpoint that follows a complete one, until
    // two kills have left a half-written folder behind.
    int halfWritten = 0;
    std::int64_t lastComplete = 0;
    for (int attempt = 0; attempt < 12 && halfWritten < 2; ++attempt) {
        ts::test::Victim v(cli, runArgs(spec, project), root / "killed.log");
        const auto known =
            stagingFolders(checkpoints);  // leftovers of an earlier kill do not count
        const bool caught = ts::test::waitUntil(
            v,
            [&] {
                const auto latest = store.latestComplete();
                if (!latest) return false;
                for (const auto& name : stagingFolders(checkpoints))
                    if (!known.count(name) && stagingStep(name) > latest->step) return true;
                return false;
            },
            600);
        v.kill();
        QVERIFY2(caught, "training ended without writing a checkpoint after a complete one");
        QVERIFY(v.killedBySignal());
        QVERIFY(!fs::exists(run / "train" / "result.json"));
        const auto latest = store.latestComplete();
        QVERIFY2(latest.has_value(), "the complete checkpoint written before the kill is gone");
        QVERIFY(latest->step > 0);
        QVERIFY(latest->step >= lastComplete);
        lastComplete = latest->step;
        const auto incomplete = store.incomplete();
        for (const auto& dir : incomplete) {
            if (!isStaging(dir.filename().string())) continue;
            QVERIFY2(stagingStep(dir.filename().string()) > latest->step, dir.c_str());
            if (!fs::exists(dir / "trainer_state.json"))
                QVERIFY2(refusedUnderItsFinalName(dir, root / "probe"), dir.c_str());
        }
        if (!incomplete.empty()) ++halfWritten;
        std::printf(
            "SIGKILL during checkpoint write %d: newest complete checkpoint step %lld, %zu "
            "incomplete "
            "folder(s) detected\n",
            attempt + 1, static_cast<long long>(lastComplete), incomplete.size());
    }
    QVERIFY2(halfWritten >= 2, "fewer than two kills landed inside a checkpoint write");

    // The next run resumes training from the newest complete checkpoint; kill
    // it once inference has appended its first predictions.
    const fs::path predictions = run / "predictions.jsonl";
    {
        ts::test::Victim v(cli, runArgs(spec, project), root / "killed.log");
        const bool caught = ts::test::waitUntil(
            v, [&] { return fs::exists(predictions) && fs::file_size(predictions) > 0; }, 900);
        v.kill();
        QVERIFY2(caught, "inference wrote no prediction before the run ended");
        QVERIFY2(v.killedBySignal(), "the run finished before the kill during inference");
    }
    QCOMPARE(resumedFromStep(run / "train"), lastComplete);
    const std::size_t kept = lineCount(predictions);
    QVERIFY2(kept > 0 && kept < 12, qPrintable(QString("%1 predictions kept").arg(kept)));
    std::printf(
        "training resumed from step %lld; SIGKILL during inference kept %zu of 12 predictions\n",
        static_cast<long long>(lastComplete), kept);

    ts::test::Victim resumed(cli, runArgs(spec, project), root / "resumed.log");
    QVERIFY2(resumed.waitSucceeded(1200),
             qPrintable(QString::fromStdString(ts::readFile(root / "resumed.log"))));
    const std::string log = ts::readFile(root / "resumed.log");
    QVERIFY2(ts::contains(log, "finished earlier"), log.c_str());
    QVERIFY2(ts::contains(log, "resumed with " + std::to_string(kept) + " of 12 answered"),
             log.c_str());

    // Exactly the uninterrupted run: loss curve, weights, predictions, stored run.
    QCOMPARE(losses(run / "train"), losses(straightRun / "train"));
    const auto weights = filesBelow(run / "train" / "final");
    QVERIFY(weights.count("model.safetensors"));
    QVERIFY(weights == filesBelow(straightRun / "train" / "final"));
    QCOMPARE(ts::readFile(predictions), ts::readFile(straightRun / "predictions.jsonl"));
    auto p = ts::store::Project::open(project.string());
    QCOMPARE(QString::fromStdString(ts::test::projectIntegrity(p)), QStringLiteral("ok"));
    const auto runs = ts::store::listRuns(p);
    QCOMPARE(runs.size(), std::size_t{1});
    QCOMPARE(runs[0].predictions, 12LL);
    QCOMPARE(runs[0].strictVerdicts, 12LL);
}

QTEST_GUILESS_MAIN(TestCrashTraining)
#include "test_crash_training.moc"
