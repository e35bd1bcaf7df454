// Cancellation of every job kind within one second (docs/RELIABILITY.md):
// import (loading a dataset, and scoring + storing a run in a project),
// scoring, training, inference and generation each run on a worker thread,
// are cancelled while busy, and must unwind with ts::Cancelled in under a
// second, leaving nothing half-done behind (no run in the project, whole
// lines in the predictions file, a resumable checkpoint). The measured
// latencies are printed.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/data/dataset_loader.h"
#include "core/data/generators/sample_data.h"
#include "core/decompose/rule.h"
#include "core/model/causal_lm.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/score/run_scorer.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/store/run_import.h"
#include "core/train/chat_format.h"
#include "core/train/checkpoint_store.h"
#include "core/train/inference_job.h"
#include "core/train/scratch_model.h"
#include "core/train/sft_trainer.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/threads/cancel_timing.h"
#include "tests/train/tiny_models.h"

namespace fs = std::filesystem;
using ts::test::CancelTiming;

namespace {

constexpr double kLimitMs = 1000.0;

// A CoTempQA class file with n records and native predictions for each.
void writeBigRun(const fs::path& dataset, const fs::path& predictions, int n) {
    std::ofstream d(dataset), p(predictions);
    for (int i = 0; i < n; ++i) {
        const std::string a = "Person" + std::to_string(i) + " works for Org" + std::to_string(i % 97) +
                              " from 1990 to 1995.";
        const std::string b = "Other" + std::to_string(i) + " works for Place" + std::to_string(i % 89) +
                              " from 1991 to 1994.";
        d << R"({"index": )" << i << R"(, "triple_element": "S1_R1_O2", "question": "While Person)" << i
          << R"( worked for Org, where did Other work?", "facts": [")" << a << R"(", ")" << b
          << R"("], "answer": ["Place)" << (i % 89) << "\"]}\n";
        p << R"({"item_id": "equal/)" << i
          << R"(", "prediction": "<think>The temporal relation between the event in question and the event in context is: equal.\nI need to use the following facts to answer the question: [')"
          << b << R"(']</think> <answer>Place)" << (i % 89) << "</answer>\"}\n";
    }
}

ts::model::ModelConfig generationConfig() {
    ts::model::ModelConfig c = ts::test::tinyLlamaConfig();
    c.maxPositionEmbeddings = 8192;
    return c;
}

ts::model::EngineOptions oneThread() {
    ts::model::EngineOptions o;
    o.cpuThreads = 1;
    return o;
}

void requireQuick(const char* kind, const CancelTiming& t) {
    ts::test::printCancelTiming(kind, t);
    QVERIFY2(!t.finishedFirst, "the job finished before it could be cancelled: make it bigger");
    QVERIFY2(t.error.empty(), t.error.c_str());
    QVERIFY(t.cancelled);
    QVERIFY2(t.latencyMs < kLimitMs, qPrintable(QStringLiteral("%1 took %2 ms to stop").arg(kind).arg(t.latencyMs)));
}

}  // namespace

class TestJobCancel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        root_ = ts::test::scratchDir("job_cancel");
        dataset_ = root_ / "big" / "equal.json";
        predictions_ = root_ / "big" / "run.jsonl";
        fs::create_directories(dataset_.parent_path());
        writeBigRun(dataset_, predictions_, 60000);
    }

    void importDatasetStopsWithinOneSecond() {
        ts::LoadOptions options;
        const auto t = ts::test::measureCancel([&](const ts::ProgressSink& sink) {
            options.progress = sink;
            (void)ts::loadDataset({dataset_}, ts::DatasetFormat::CoTempQA, options);
        });
        requireQuick("import (load dataset)", t);
    }

    void importIntoProjectStopsWithinOneSecondAndStoresNothing() {
        const fs::path path = root_ / "cancel.tsproj";
        const auto pairs = ts::store::readImportPairs(ts::store::ImportFormat::Jsonl, ts::DatasetKind::CoTempQA,
                                                      {{predictions_, dataset_}});
        { auto created = ts::store::Project::create(path.string()); }
        const std::string before = ts::readFile(path);
        const auto t = ts::test::measureCancel([&](const ts::ProgressSink& sink) {
            auto project = ts::store::Project::open(path.string());
            ts::store::RunInfo run;
            run.name = "cancelled";
            (void)ts::store::importScoredRun(project, ts::store::ImportFormat::Jsonl, ts::DatasetKind::CoTempQA, run,
                                             pairs, sink);
        });
        requireQuick("import (score + store)", t);
        auto project = ts::store::Project::open(path.string());
        QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
        QVERIFY(ts::store::listRuns(project).empty());
        QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM items"), 0LL);
    }

    void scoringStopsWithinOneSecond() {
        const auto pairs = ts::store::readImportPairs(ts::store::ImportFormat::Jsonl, ts::DatasetKind::CoTempQA,
                                                      {{predictions_, dataset_}});
        const auto t = ts::test::measureCancel(
            [&](const ts::ProgressSink& sink) { (void)ts::scoreRun(pairs, ts::ScoringConfig{}, sink); }, 50.0);
        requireQuick("scoring", t);
    }

    void trainingStopsWithinOneSecondWithACheckpoint() {
        auto model = ts::model::CausalLM::randomInit(ts::test::tinyLlamaConfig(), oneThread(), 3);
        const auto data = ts::test::syntheticRows(4000, 11);
        ts::train::TrainingConfig config;
        config.lora.r = 4;
        config.lora.alpha = 8;
        config.epochs = 3;
        config.microBatchSize = 4;
        config.gradientAccumulation = 1;
        config.maxLength = 64;
        config.saveEverySteps = 0;
        ts::train::TrainerPaths paths;
        paths.outputDir = root_ / "train";
        const auto t = ts::test::measureCancel(
            [&](const ts::ProgressSink& sink) { (void)ts::train::trainSft(model, data, config, paths, sink); });
        requireQuick("training", t);
        // Cancelling saved the last completed step; a rerun resumes there.
        const ts::train::CheckpointStore store(paths.outputDir / "checkpoints");
        QVERIFY(store.latestComplete().has_value());
        QVERIFY(store.incomplete().empty());
    }

    void inferenceStopsWithinOneSecondWithWholeLines() {
        const fs::path sample = root_ / "sample";
        ts::SampleDataOptions small;
        small.babiTrainStories = 10;
        small.babiTestStories = 10;
        small.coTempPerClass = 8;
        small.coTempTestPerClass = 4;
        ts::writeSampleData(sample, small);
        const auto dataset = ts::loadDataset({sample / "babi" / "qa1_single-supporting-fact_test.txt"});
        std::vector<std::string> texts;
        for (const auto& item : dataset.items) texts.push_back(item.question + "\n" + item.goldAnswers.at(0));
        const fs::path modelDir = root_ / "scratch-model";
        ts::train::ScratchModelSpec spec;
        spec.vocabSize = 300;
        spec.hiddenSize = 32;
        spec.numLayers = 2;
        spec.intermediateSize = 64;
        spec.maxPositions = 4096;
        const auto config = ts::train::prepareScratchModel(modelDir, spec, texts);
        auto model = ts::model::CausalLM::randomInit(config, oneThread(), 1);
        const auto tokenizer = ts::Tokenizer::load(modelDir);
        const auto render = ts::train::chatRendererForModel(modelDir);
        ts::train::InferenceOptions options;
        options.batchSize = 4;
        options.maxNewTokens = 2000;
        const fs::path out = root_ / "predictions.jsonl";
        const auto t = ts::test::measureCancel([&](const ts::ProgressSink& sink) {
            (void)ts::train::runInference(model, tokenizer, render, dataset.items, dataset.kind, options, out, sink);
        });
        requireQuick("inference", t);
        if (fs::exists(out)) {
            const std::string text = ts::readFile(out);
            QVERIFY2(text.empty() || text.back() == '\n', "a torn line was left in the predictions file");
        }
    }

    void generationStopsWithinOneSecond() {
        auto model = ts::model::CausalLM::randomInit(generationConfig(), oneThread(), 5);
        ts::model::GenerationOptions options;
        options.maxNewTokens = 6000;
        options.ignoreEos = true;
        const std::vector<std::vector<std::int64_t>> prompts(8, std::vector<std::int64_t>{1, 5, 9, 13});
        const auto t = ts::test::measureCancel(
            [&](const ts::ProgressSink& sink) { (void)model.generate(prompts, options, sink); });
        requireQuick("generation", t);
    }

private:
    fs::path root_, dataset_, predictions_;
};

QTEST_GUILESS_MAIN(TestJobCancel)
#include "test_job_cancel.moc"
