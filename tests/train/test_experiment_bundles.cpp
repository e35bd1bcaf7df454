// Experiment cells as run bundles, the path a SLURM sweep takes, without the
// scheduler: `experiment run-cell` for every cell leaves verified bundles;
// `experiment collect` imports them once (a second collect imports nothing),
// with the same predictions and the same tables as `experiment run` on one
// machine; bundles copied elsewhere import from there; a partial or altered
// bundle is refused, naming the file, and the project is left untouched;
// `submit --dry-run` writes the job array for all or only the missing cells.
// (tests/cluster runs the same against a real SLURM cluster.)
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/data/generators/sample_data.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/train/run_bundle.h"
#include "core/train/slurm_sweep.h"
#include "core/util/file_io.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using ts::test::qpath;

namespace {

fs::path writeExperiment(const fs::path& dir) {
    const fs::path data = dir / "sample_data";
    if (!fs::exists(data / "babi")) ts::writeSampleData(data);
    const nlohmann::json spec = {{"name", "bundle-test"},
                                 {"datasets",
                                  {{{"name", "babi"},
                                    {"paths", {(data / "babi").string()}},
                                    {"max_train_items", 48},
                                    {"max_test_items", 16}}}},
                                 {"conditions", {"vanilla", "correct", "incorrect"}},
                                 {"seeds", {5}},
                                 {"model",
                                  {{"scratch",
                                    {{"vocab_size", 512},
                                     {"hidden_size", 64},
                                     {"num_hidden_layers", 2},
                                     {"num_attention_heads", 4},
                                     {"num_key_value_heads", 2},
                                     {"intermediate_size", 128}}}}},
                                 {"training",
                                  {{"learning_rate", 3e-3},
                                   {"num_train_epochs", 3},
                                   {"per_device_train_batch_size", 4},
                                   {"gradient_accumulation_steps", 2},
                                   {"max_length", 384}}},
                                 {"inference", {{"batch_size", 8}, {"max_new_tokens", 48}}},
                                 {"system_message", false},
                                 {"cpu_threads", 1}};
    return ts::test::writeText(dir / "experiment.json", spec.dump(1));
}

ts::test::ProcessResult cli(const QStringList& args) {
    return ts::test::runProcess(TRACESCOPE_CLI, args, {{}, {}, 600000});
}

}  // namespace

class TestExperimentBundles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        root_ = ts::test::scratchDir("experiment_bundles");
        spec_ = writeExperiment(root_);
        work_ = root_ / "work";
        for (int cell = 0; cell < 3; ++cell) {
            const auto r = cli({"experiment", "run-cell", qpath(spec_), "--cell",
                                QString::number(cell), "--work-dir", qpath(work_)});
            QVERIFY2(r.exitCode == 0, r.both().c_str());
        }
    }

    void collectImportsEachBundleOnce() {
        const auto bundles = ts::train::findRunBundles(work_ / "bundles");
        QCOMPARE(bundles.size(), std::size_t(3));
        const auto project = root_ / "collected.tsproj";
        auto r = cli({"experiment", "collect", qpath(spec_), "--project", qpath(project),
                      "--work-dir", qpath(work_)});
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        QVERIFY2(r.outHas("3 run(s) imported, 0 already in the project"), r.both().c_str());
        r = cli({"experiment", "collect", qpath(spec_), "--project", qpath(project), "--work-dir",
                 qpath(work_)});
        QVERIFY2(r.outHas("0 run(s) imported, 3 already in the project"), r.both().c_str());
        auto p = ts::store::Project::open(project.string());
        QCOMPARE(ts::store::listRuns(p).size(), std::size_t(3));
    }

    void bundlesEqualALocalRun() {
        const auto local = root_ / "local.tsproj";
        auto r = cli({"experiment", "run", qpath(spec_), "--project", qpath(local), "--work-dir",
                      qpath(root_ / "local-work")});
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        for (const auto& dir : ts::train::findRunBundles(work_ / "bundles")) {
            const auto b = ts::train::readRunBundle(dir);
            const auto condition = b.run.condition;
            QCOMPARE(ts::readFile(b.predictions()),
                     ts::readFile(root_ / "local-work" / "babi" / condition / "s5" /
                                  "predictions.jsonl"));
        }
        const auto collected = root_ / "collected.tsproj";
        const auto a = cli({"experiment", "summary", qpath(spec_), "--project", qpath(collected)});
        const auto b = cli({"experiment", "summary", qpath(spec_), "--project", qpath(local)});
        QCOMPARE(a.exitCode, 0);
        QVERIFY(a.outHas("bundle-test/babi/incorrect/s5"));
        QCOMPARE(a.out, b.out);
    }

    void bundlesImportFromAnotherPlace() {
        // As if made on a cluster and copied here: other absolute paths.
        const auto elsewhere = root_ / "copied" / "bundles";
        fs::create_directories(elsewhere.parent_path());
        fs::copy(work_ / "bundles", elsewhere, fs::copy_options::recursive);
        const auto project = root_ / "elsewhere.tsproj";
        const auto r = cli({"experiment", "collect", qpath(spec_), "--project", qpath(project),
                            "--bundles", qpath(elsewhere)});
        QVERIFY2(r.outHas("3 run(s) imported"), r.both().c_str());
    }

    void corruptBundlesAreRefused() {
        const auto copy = root_ / "corrupt";
        fs::copy(work_ / "bundles", copy, fs::copy_options::recursive);
        const auto victim = ts::train::findRunBundles(copy).at(1) / "predictions.jsonl";
        auto text = ts::readFile(victim);
        text[text.size() / 2] ^= 0x20;
        ts::writeFileAtomic(victim, text);
        const auto project = root_ / "refused.tsproj";
        auto r = cli({"experiment", "collect", qpath(spec_), "--project", qpath(project),
                      "--bundles", qpath(copy)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errHas(victim.string()) && r.errHas("checksum mismatch"), r.both().c_str());
        QVERIFY(!fs::exists(project));  // nothing imported, not even the good bundles

        // A partial copy: one file missing.
        fs::remove(victim);
        r = cli({"experiment", "collect", qpath(spec_), "--project", qpath(project), "--bundles",
                 qpath(copy)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errHas("incomplete") && r.errHas(victim.string()), r.both().c_str());
        QVERIFY(!fs::exists(project));
    }

    void bundlesOfAnotherExperimentAreRefused() {
        // A bundle whose dataset the experiment file does not have: refused
        // before anything is imported.
        auto other = nlohmann::json::parse(ts::readFile(spec_));
        other["datasets"][0]["name"] = "babi-renamed";
        const auto otherSpec = ts::test::writeText(root_ / "other.json", other.dump(1));
        const auto project = root_ / "foreign.tsproj";
        const auto r = cli({"experiment", "collect", qpath(otherSpec), "--project", qpath(project),
                            "--bundles", qpath(work_ / "bundles")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errHas("dataset 'babi' is not in the experiment file"), r.both().c_str());
        QVERIFY(!fs::exists(project));
    }

    void submitScriptsTheMissingCells() {
        auto r = cli({"experiment", "submit", qpath(spec_), "--slurm", "--dry-run", "--work-dir",
                      qpath(work_), "--partition", "debug", "--cpus", "2", "--resubmit-missing"});
        QVERIFY2(r.outHas("every cell has a finished bundle"), r.both().c_str());
        // Cell 1 is the "correct" condition (dataset x condition x seed order).
        fs::remove_all(work_ / "bundles" /
                       ts::train::bundleFolderName("bundle-test/babi/correct/s5"));
        r = cli({"experiment", "submit", qpath(spec_), "--slurm", "--dry-run", "--work-dir",
                 qpath(work_), "--partition", "debug", "--cpus", "2", "--resubmit-missing"});
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        QVERIFY2(r.outHas("#SBATCH --array=1\n"), r.out.c_str());
        QVERIFY(r.outHas("#SBATCH --partition=debug\n"));
        QVERIFY(r.outHas("#SBATCH --cpus-per-task=2\n"));
        QVERIFY(r.outHas("experiment run-cell '" + fs::absolute(spec_).string() +
                         "' --cell \"$SLURM_ARRAY_TASK_ID\""));
        r = cli({"experiment", "status", qpath(spec_), "--work-dir", qpath(work_)});
        QVERIFY2(r.outHas("2 of 3 cells finished"), r.both().c_str());
        QVERIFY(r.outHas("not queued"));
        r = cli(
            {"experiment", "run-cell", qpath(spec_), "--cell", "3", "--work-dir", qpath(work_)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errHas("cell 3 does not exist (the experiment has 3: 0 to 2)"),
                 r.both().c_str());
    }

    void arrayRangesAreCompact() {
        QCOMPARE(ts::train::arrayRanges({0, 1, 2, 5, 7, 8}), std::string("0-2,5,7-8"));
        QCOMPARE(ts::train::arrayRanges({4}), std::string("4"));
        QCOMPARE(ts::train::bundleFolderName("x/../y").find('/'), std::string::npos);
        QVERIFY(ts::train::bundleFolderName("..") != "..");
    }

private:
    fs::path root_, spec_, work_;
};

QTEST_GUILESS_MAIN(TestExperimentBundles)
#include "test_experiment_bundles.moc"
