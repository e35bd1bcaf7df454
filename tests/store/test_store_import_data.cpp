// The paper's eight adapters (4 CoTempQA, 4 bAbI; ../shared/data) imported
// into one project, end to end: readers, both rules, one transaction per run.
// Checks the stored tables against the scorer's own tallies and the stored
// legacy bAbI tables against the paper's confusion_matrix files (which the
// legacy rule reproduces exactly), and reports the import and query times.
#include <QtTest>

#include <chrono>
#include <ctime>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/store/catalog.h"
#include "core/store/own_files.h"
#include "core/store/paired_runs.h"
#include "core/store/project.h"
#include "core/store/run_import.h"
#include "core/store/run_tables.h"
#include "tests/common/test_support.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Adapter {
    std::string run;      // run name in the project
    std::string adapter;  // file stem in the paper's folders
    bool perturbed;
};

const Adapter kAdapters[] = {
    {"llama-facts", "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default", false},
    {"llama-perturbed", "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts-perturbed_default", true},
    {"qwen-facts", "Qwen3-1.7B-sft-adapter-reasoning-facts_default", false},
    {"qwen-perturbed", "Qwen3-1.7B-sft-adapter-reasoning-facts-perturbed_default", true},
};

std::string goldFolder(bool perturbed) {
    return perturbed ? "sft_dataset_reasoning_facts_perturbed_chat_template"
                     : "sft_dataset_reasoning_with_facts_chat_template";
}

std::vector<ts::store::ImportPairSpec> cotempqaPairs(const Adapter& a) {
    std::vector<ts::store::ImportPairSpec> specs;
    for (const char* cls : {"equal", "overlap", "during", "mix"})
        specs.push_back({ts::test::sharedFile("trace_check_qa_results/evaluation_outputs/" + std::string(cls) +
                                              "/" + a.adapter + ".json"),
                         ts::test::sharedFile("cotempqa/" + goldFolder(a.perturbed) + "/" + cls + "_test.csv")});
    return specs;
}

std::vector<ts::store::ImportPairSpec> babiPairs(const Adapter& a) {
    return {{ts::test::sharedFile("trace_check_qa_babiqa/results/Babiqa/evaluation_outputs/" + a.adapter + ".json"),
             ts::test::sharedFile("trace_check_qa_babiqa/data/babiqa/" + goldFolder(a.perturbed) + "/test.csv")}};
}

void compareWithScorer(const ts::store::RunTables& stored, const ts::RunScore& scored) {
    QCOMPARE(stored.items, scored.items);
    QCOMPARE(stored.answerOk, scored.answerCorrect);
    QCOMPARE(stored.classStep.statistics.counts, scored.classTable.counts);
    QCOMPARE(stored.retrieval.statistics.counts, scored.retrievalTable.counts);
    QCOMPARE(stored.trace.statistics.counts, scored.traceTable.counts);
    QCOMPARE(stored.trace.statistics.fisherP, scored.traceTable.statistics.fisherP);
}

}  // namespace

class TestStoreImportData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importsTheEightAdaptersIntoOneProject();
    void theProjectReopensAsOwnAndAsAColleaguesFile();

private:
    std::string paperPath_;
};

void TestStoreImportData::importsTheEightAdaptersIntoOneProject() {
    const std::string path = (ts::test::scratchDir("store_import_data") / "paper.tsproj").string();
    paperPath_ = path;
    auto project = ts::store::Project::create(path);
    std::map<std::string, ts::store::ScoredImport> results;
    const auto start = Clock::now();
    const std::clock_t cpuStart = std::clock();
    for (const Adapter& a : kAdapters) {
        for (const bool babi : {false, true}) {
            const auto kind = babi ? ts::DatasetKind::Babi : ts::DatasetKind::CoTempQA;
            const auto pairs = ts::store::readImportPairs(ts::store::ImportFormat::TraceCheckQa, kind,
                                                          babi ? babiPairs(a) : cotempqaPairs(a));
            ts::store::RunInfo run;
            run.name = (babi ? "babi-" : "cotempqa-") + a.run;
            run.model = a.adapter.substr(0, a.adapter.find("-sft"));
            run.checkpoint = a.adapter;
            run.condition = a.perturbed ? "perturbed-trace" : "correct-trace";
            results.emplace(run.name, ts::store::importScoredRun(project, ts::store::ImportFormat::TraceCheckQa,
                                                                 kind, run, pairs));
        }
    }
    const double importSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    qInfo("imported 8 adapters (read + score both rules + store) in %.2f s wall, %.2f s CPU (target < 10 s)",
          importSeconds, cpuSeconds);

    const auto datasets = ts::store::listDatasets(project);
    QCOMPARE(datasets.size(), std::size_t(2));
    QCOMPARE(datasets[0].name, std::string("cotempqa"));
    QCOMPARE(datasets[0].items, 950LL);  // shared by the four CoTempQA runs
    QCOMPARE(datasets[0].runs, 4LL);
    QCOMPARE(datasets[1].items, 376LL);
    const auto runs = ts::store::listRuns(project);
    QCOMPARE(runs.size(), std::size_t(8));
    for (const auto& r : runs) {
        QCOMPARE(r.predictions, r.dataset == "cotempqa" ? 950LL : 376LL);
        QCOMPARE(r.strictVerdicts, r.predictions);
        QCOMPARE(r.legacyVerdicts, r.predictions);
    }

    double slowestTables = 0;
    for (const auto& [name, result] : results) {
        for (int pass = 0; pass < 2; ++pass) {
            const auto t0 = Clock::now();
            const auto strict = ts::store::runTables(project, name, ts::ScoringRuleKind::Strict);
            const auto legacy = ts::store::runTables(project, name, ts::ScoringRuleKind::Legacy);
            slowestTables = std::max(slowestTables, std::chrono::duration<double>(Clock::now() - t0).count() / 2);
            compareWithScorer(strict, result.strict);
            QVERIFY(result.legacy);
            compareWithScorer(legacy, *result.legacy);
        }
    }
    qInfo("slowest tables query: %.2f ms (target < 100 ms)", 1000 * slowestTables);
    QVERIFY2(slowestTables < 0.1, "a tables query took 100 ms or more");

    // The paper's stored bAbI matrices (answer x trace), reproduced by the
    // legacy rule, survive the trip through the project file.
    for (const Adapter& a : kAdapters) {
        std::ifstream in(ts::test::sharedFile("trace_check_qa_babiqa/results/Babiqa/confusion_matrix/" + a.adapter +
                                              "_confusion_matrix.json"));
        const auto m = nlohmann::json::parse(in);
        const auto t = ts::store::runTables(project, "babi-" + a.run, ts::ScoringRuleKind::Legacy);
        const auto& c = t.trace.statistics.counts;
        QCOMPARE(double(c.ok_ok), m["matrix3"]["correct_answer_correct_trace"].get<double>());
        QCOMPARE(double(c.ok_bad), m["matrix3"]["incorrect_answer_correct_trace"].get<double>());
        QCOMPARE(double(c.bad_ok), m["matrix3"]["correct_answer_incorrect_trace"].get<double>());
        QCOMPARE(double(c.bad_bad), m["matrix3"]["incorrect_answer_incorrect_trace"].get<double>());
        QCOMPARE(double(t.answerOk), m["accuracies"]["answer_accuracy"].get<double>());
        const auto& k = t.classStep.statistics.counts;
        QCOMPARE(double(k.ok_ok), m["matrix1"]["correct_answer_correct_category"].get<double>());
        QCOMPARE(double(k.bad_bad), m["matrix1"]["incorrect_answer_incorrect_category"].get<double>());
    }

    // Paired runs share the CoTempQA items.
    const auto paired = ts::store::comparePairedRuns(project, "cotempqa-llama-facts", "cotempqa-llama-perturbed",
                                                     ts::ScoringRuleKind::Strict, ts::store::PairedOutcome::Answer);
    QCOMPARE(paired.pairs, 950LL);
    QCOMPARE((long long)paired.flipped.size(), paired.onlyA + paired.onlyB);
    QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
}

// The project of the paper's runs, closed by the test above (so this
// machine's record names it), opened again: as our own file (quick_check
// skipped) and, with the record gone, as a file from someone else (every
// check), read-write and read-only; each sees the same runs and tables.
void TestStoreImportData::theProjectReopensAsOwnAndAsAColleaguesFile() {
    const std::string& path = paperPath_;
    QVERIFY(!path.empty());
    QVERIFY2(ts::store::isUnchangedOwnFile(path), path.c_str());
    auto first = ts::store::Project::openReadOnly(path);
    const auto expected =
        ts::store::runTables(first, "babi-llama-facts", ts::ScoringRuleKind::Strict);
    for (const bool own : {true, false}) {
        if (!own) std::filesystem::remove(ts::store::ownFilesRecordPath());
        for (const bool readOnly : {true, false}) {
            auto project =
                readOnly ? ts::store::Project::openReadOnly(path) : ts::store::Project::open(path);
            QCOMPARE(ts::store::listRuns(project).size(), std::size_t(8));
            const auto t =
                ts::store::runTables(project, "babi-llama-facts", ts::ScoringRuleKind::Strict);
            QCOMPARE(t.trace.statistics.counts.ok_ok, expected.trace.statistics.counts.ok_ok);
            QCOMPARE(t.answerOk, expected.answerOk);
        }
    }
}

TS_DATA_TEST_MAIN(TestStoreImportData)
#include "test_store_import_data.moc"
