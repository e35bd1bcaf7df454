// The SFT loop on a tiny random model (CPU, float32): it learns, gradient
// accumulation normalises over the whole step, a cancelled run resumes from its
// checkpoint with the same loss curve and weights as an uninterrupted one,
// half-written checkpoints are ignored, and adapters and full models are saved
// in layouts the engine (and PEFT / transformers) load back.
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/model/adapter_config.h"
#include "core/model/causal_lm.h"
#include "core/train/checkpoint_store.h"
#include "core/train/sft_trainer.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"
#include "tests/train/tiny_models.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

model::EngineOptions cpu() {
    model::EngineOptions o;
    o.cpuThreads = 1;  // bit-identical reductions between runs
    return o;
}

train::TrainingConfig smallConfig(bool lora) {
    train::TrainingConfig c;
    c.lora.enabled = lora;
    c.lora.r = 4;
    c.lora.alpha = 8;
    c.lora.dropout = lora ? 0.1 : 0.0;  // dropout on: resume must replay its draws
    c.learningRate = lora ? 2e-2 : 5e-3;
    c.epochs = 3;
    c.microBatchSize = 4;
    c.gradientAccumulation = 2;
    c.maxLength = 64;
    c.saveEverySteps = 4;
    c.seed = 5;
    c.dataSeed = 9;
    return c;
}

// One epoch of full fine-tuning in micro-batches of `micro` rows, `accumulation` per step.
train::TrainingConfig oneEpochConfig(int micro, int accumulation) {
    auto c = smallConfig(false);
    c.epochs = 1;
    c.microBatchSize = micro;
    c.gradientAccumulation = accumulation;
    return c;
}

std::vector<float> allLogits(const model::CausalLM& lm) {
    return lm.logits(std::vector<std::int64_t>{1, 5, 9, 13, 17, 21, 25}).values;
}

// Cancels once `afterSteps` optimizer steps were reported.
ProgressSink cancelAfter(std::int64_t afterSteps, std::int64_t totalSteps) {
    return ProgressSink([=](const Progress& p) {
        return p.fraction <
               static_cast<double>(afterSteps) / static_cast<double>(totalSteps) - 1e-9;
    });
}

}  // namespace

class TestSftTrainer : public QObject {
    Q_OBJECT

private:
    void resumeGivesSameCurve(bool lora) {
        const auto data = test::syntheticRows(40, 3);
        const auto config = smallConfig(lora);
        const auto root = test::scratchDir(lora ? "resume_lora" : "resume_full");

        auto straight = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11);
        const auto a = train::trainSft(straight, data, config, {root / "a", {}, "tiny"});
        QCOMPARE(a.resumedFromStep, std::int64_t{0});
        QCOMPARE(a.steps,
                 std::int64_t{15});  // 40 rows / 4 = 10 micro-batches / 2 = 5 steps x 3 epochs
        const auto total = a.totalSteps;

        auto first = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11);
        bool cancelled = false;
        try {
            train::trainSft(first, data, config, {root / "b", {}, "tiny"}, cancelAfter(7, total));
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(!train::finishedTraining(root / "b"));
        const auto latest = train::CheckpointStore(root / "b" / "checkpoints").latestComplete();
        QVERIFY(latest);
        QCOMPARE(latest->step, std::int64_t{7});  // saved on cancel, not only every 4 steps

        // A fresh process: a new model with the same initialisation.
        auto second = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11);
        const auto b = train::trainSft(second, data, config, {root / "b", {}, "tiny"});
        QCOMPARE(b.resumedFromStep, std::int64_t{7});
        QCOMPARE(b.history.size(), a.history.size());
        for (std::size_t i = 0; i < a.history.size(); ++i) {
            QCOMPARE(b.history[i].step, a.history[i].step);
            QCOMPARE(b.history[i].loss, a.history[i].loss);
            QCOMPARE(b.history[i].gradNorm, a.history[i].gradNorm);
            QCOMPARE(b.history[i].learningRate, a.history[i].learningRate);
        }
        QCOMPARE(allLogits(second), allLogits(straight));
    }

private Q_SLOTS:
    void learnsTheSyntheticTask() {
        const auto data = test::syntheticRows(64, 1);
        auto config = smallConfig(false);
        config.epochs = 12;
        config.learningRate = 1e-2;
        config.saveEverySteps = 0;
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 2);
        const auto r = train::trainSft(lm, data, config, {test::scratchDir("learns"), {}, "tiny"});
        QCOMPARE(r.steps, r.totalSteps);
        QCOMPARE(r.totalSteps, std::int64_t{12 * 8});
        const double first = r.history.front().loss, last = r.history.back().loss;
        qInfo("loss %.3f -> %.3f", first, last);
        QVERIFY(first > 3.5);          // ~ln(64) for a random model
        QVERIFY(last < 0.65 * first);  // measured: 4.16 -> 2.55
        // Warmup: the first step runs at rate 0, the peak is reached after ceil(0.1 x 96) = 10
        // steps.
        QCOMPARE(r.history[0].learningRate, 0.0);
        QCOMPARE(r.history[10].learningRate, 1e-2);
    }

    void accumulationMatchesOneBigBatch() {
        // 2 micro-batches of 4 rows accumulated == one batch of 8 rows, because
        // the loss is averaged over every target token of the step.
        const auto data = test::syntheticRows(8, 4);
        auto c1 = oneEpochConfig(4, 2);
        c1.warmupRatio = 0;
        auto c2 = c1;
        c2.microBatchSize = 8;
        c2.gradientAccumulation = 1;
        auto m1 = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 3);
        auto m2 = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 3);
        const auto r1 = train::trainSft(m1, data, c1, {test::scratchDir("accum1"), {}, "tiny"});
        const auto r2 = train::trainSft(m2, data, c2, {test::scratchDir("accum2"), {}, "tiny"});
        QCOMPARE(r1.steps, std::int64_t{1});
        QCOMPARE(r2.steps, std::int64_t{1});
        QVERIFY(std::abs(r1.history[0].loss - r2.history[0].loss) < 1e-5);
        QVERIFY(std::abs(r1.history[0].gradNorm - r2.history[0].gradNorm) < 1e-5);
        const auto l1 = allLogits(m1), l2 = allLogits(m2);
        for (std::size_t i = 0; i < l1.size(); ++i) QVERIFY(std::abs(l1[i] - l2[i]) < 1e-4);
    }

    void stepLossEqualsTheFullLogitsLoss() {
        // The trainer projects only the labelled positions to the vocabulary;
        // its first loss (taken before any update) must equal the mean
        // cross-entropy over every target token computed from the full logits
        // of each row alone (no padding), as transformers computes it.
        const auto data = test::syntheticRows(8, 6);
        const auto c = oneEpochConfig(8, 1);
        auto reference = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 4);
        double summed = 0.0;
        std::int64_t targets = 0;
        for (const auto& row : data.rows) {
            const auto n = row.targetTokens() - (row.labels.front() != train::kIgnoreIndex ? 1 : 0);
            summed += reference.loss(row.ids, row.labels) * static_cast<double>(n);
            targets += n;
        }
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 4);
        const auto r = train::trainSft(lm, data, c, {test::scratchDir("steploss"), {}, "tiny"});
        QCOMPARE(r.history[0].targetTokens, targets);
        const double expected = summed / static_cast<double>(targets);
        qInfo("step loss %.7f, full-logits loss %.7f", r.history[0].loss, expected);
        QVERIFY(std::abs(r.history[0].loss - expected) < 1e-5 * expected);
    }

    void resumeLoraGivesSameCurve() { resumeGivesSameCurve(true); }
    void resumeFullGivesSameCurve() { resumeGivesSameCurve(false); }

    void finishedRunIsNotRetrained() {
        const auto data = test::syntheticRows(8, 5);
        auto config = smallConfig(true);
        config.epochs = 1;
        const auto dir = test::scratchDir("finished");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 4);
        const auto first = train::trainSft(lm, data, config, {dir, {}, "tiny"});
        QVERIFY(!first.alreadyFinished);
        QVERIFY(!fs::exists(dir / "checkpoints"));  // the final folder supersedes them
        auto other = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 4);
        const auto again = train::trainSft(other, data, config, {dir, {}, "tiny"});
        QVERIFY(again.alreadyFinished);
        QCOMPARE(again.history.size(), first.history.size());
        QCOMPARE(again.history.back().loss, first.history.back().loss);
        QVERIFY(!other.hasAdapter());  // untouched
    }

    void halfWrittenCheckpointsAreIgnored() {
        const auto data = test::syntheticRows(40, 6);
        auto config = smallConfig(true);
        const auto dir = test::scratchDir("torn");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 5);
        try {
            train::trainSft(lm, data, config, {dir, {}, "tiny"}, cancelAfter(9, 15));
            QFAIL("expected a cancellation");
        } catch (const Cancelled&) {
        }
        train::CheckpointStore store(dir / "checkpoints");
        const auto complete = store.complete();
        QCOMPARE(complete.size(), std::size_t{2});  // steps 8 and 9 (save_total_limit 2)
        QCOMPARE(complete.back().step, std::int64_t{9});
        // Tear the newest one (a crash while copying), and leave a temp folder.
        const auto optimizer = complete.back().dir / "optimizer.safetensors";
        fs::resize_file(optimizer, fs::file_size(optimizer) / 2);
        fs::create_directories(dir / "checkpoints" / ".tmp-step-00000010-x");
        QCOMPARE(store.latestComplete()->step, std::int64_t{8});
        QCOMPARE(store.incomplete().size(), std::size_t{2});

        auto again = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 5);
        const auto r = train::trainSft(again, data, config, {dir, {}, "tiny"});
        QCOMPARE(r.resumedFromStep, std::int64_t{8});
        QCOMPARE(r.steps, r.totalSteps);
    }

    void checkpointFromOtherSettingsIsRefused() {
        const auto data = test::syntheticRows(40, 7);
        auto config = smallConfig(true);
        const auto dir = test::scratchDir("mismatch");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 6);
        try {
            train::trainSft(lm, data, config, {dir, {}, "tiny"}, cancelAfter(4, 15));
        } catch (const Cancelled&) {
        }
        config.learningRate *= 2;
        auto other = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 6);
        QVERIFY_THROWS_EXCEPTION(Error, train::trainSft(other, data, config, {dir, {}, "tiny"}));
    }

    void rowsWithoutTargetsAreRefused() {
        // Every answer cut off (labels all -100): no gradient to train on.
        auto data = test::syntheticRows(12, 9);
        for (auto& r : data.rows) std::fill(r.labels.begin(), r.labels.end(), train::kIgnoreIndex);
        data.truncatedRows = 12;
        auto config = smallConfig(true);
        const auto dir = test::scratchDir("no_targets");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 6);
        try {
            train::trainSft(lm, data, config, {dir, {}, "tiny"});
            QFAIL("training without a labelled token must be refused");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("raise --max-length") != std::string::npos,
                     e.what());
        }
        QVERIFY(!std::filesystem::exists(dir / "final"));
    }

    void savedAdapterLoadsBack() {
        const auto data = test::syntheticRows(16, 8);
        auto config = smallConfig(true);
        config.epochs = 2;
        const auto dir = test::scratchDir("adapter");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 7);
        const auto r = train::trainSft(lm, data, config, {dir, {}, "tiny-base"});
        const auto adapter = model::loadAdapterConfig(r.finalDir);
        QCOMPARE(adapter.r, std::int64_t{4});
        QCOMPARE(adapter.loraAlpha, 8.0);
        QCOMPARE(adapter.loraDropout, 0.1);
        QCOMPARE(adapter.targetModules.size(), std::size_t{7});
        QCOMPARE(adapter.baseModelNameOrPath, std::string("tiny-base"));
        auto fresh = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 7);
        const auto before = allLogits(fresh);
        fresh.loadAdapter(r.finalDir);
        const auto trained = allLogits(lm), loaded = allLogits(fresh);
        double moved = 0.0;
        for (std::size_t i = 0; i < trained.size(); ++i) {
            QVERIFY(std::abs(trained[i] - loaded[i]) < 1e-5);
            moved = std::max(moved, static_cast<double>(std::abs(loaded[i] - before[i])));
        }
        QVERIFY(moved > 1e-3);  // the adapter changed the model
    }

    void savedFullModelLoadsBack() {
        const auto data = test::syntheticRows(16, 9);
        auto config = smallConfig(false);
        config.epochs = 1;
        const auto dir = test::scratchDir("fullmodel");
        const auto tokDir = test::scratchDir("fullmodel_tok");
        test::writeText(tokDir / "tokenizer.json", "{}");
        test::writeText(tokDir / "tokenizer_config.json", "{\"chat_template\": \"x\"}");
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 8);
        const auto r = train::trainSft(lm, data, config, {dir, tokDir, "tiny"});
        QVERIFY(fs::exists(r.finalDir / "config.json"));
        QVERIFY(fs::exists(r.finalDir / "model.safetensors"));
        QCOMPARE(ts::readFile(r.finalDir / "tokenizer_config.json"),
                 std::string("{\"chat_template\": \"x\"}"));
        auto loaded = model::CausalLM::load(r.finalDir, cpu());
        QCOMPARE(allLogits(loaded), allLogits(lm));
    }

    void truncatedRowsAreCountedAndPackingFillsRows() {
        auto data = test::syntheticRows(10, 10);
        train::TokenizedSet packed = train::packRows(data, 32);
        std::int64_t tokens = 0;
        for (std::size_t i = 0; i < packed.rows.size(); ++i) {
            tokens += static_cast<std::int64_t>(packed.rows[i].ids.size());
            if (i + 1 < packed.rows.size()) QCOMPARE(packed.rows[i].ids.size(), std::size_t{32});
        }
        QCOMPARE(tokens, data.tokens);
        QCOMPARE(packed.targetTokens, data.targetTokens);
    }

    void lastLayerOnLabelledQueriesTrainsAlike() {
        // The last layer skips the queries before the first labelled position
        // (the first half of every benchmark row; 81 queries of 160 keys, so
        // its causal attention also takes the split path). Five optimizer
        // steps with it and without it must follow the same loss curve: same
        // loss, same gradients, same updates.
        auto config = smallConfig(false);
        config.learningRate = 1e-2;
        const auto batch = train::randomBenchmarkBatch(4, 160, 64, 1);
        auto skipping = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 9);
        auto everyPosition = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 9);
        const auto a = train::benchmarkTrainingStep(skipping, config, batch, 0, 5, 1, true);
        const auto b = train::benchmarkTrainingStep(everyPosition, config, batch, 0, 5, 1, false);
        qInfo("loss %.7f -> %.7f (skipping), %.7f -> %.7f (every position)", a.lossFirst,
              a.lossLast, b.lossFirst, b.lossLast);
        QVERIFY(std::abs(a.lossFirst - b.lossFirst) < 1e-6 * b.lossFirst);
        QVERIFY(std::abs(a.lossLast - b.lossLast) < 1e-5 * b.lossLast);
        QVERIFY(a.lossLast < a.lossFirst - 0.05);  // the weights really moved
        const auto la = allLogits(skipping), lb = allLogits(everyPosition);
        for (std::size_t i = 0; i < la.size(); ++i) QVERIFY(std::abs(la[i] - lb[i]) < 1e-4);
    }

    void autocastTrainsOnTheCurrentWeights() {
        // bf16 autocast (here on the CPU, as precision bf16-autocast asks)
        // caches the bf16 copy of each float32 weight until its scope ends.
        // With one scope around the whole loop, every step ran on the first
        // step's weights: LoRA B stayed zero, the loss did not fall. Scoped
        // per forward, 20 LoRA steps under autocast must follow the float32
        // run's loss curve within bf16's precision, and move the model.
        const auto data = test::syntheticRows(32, 3);
        auto config = smallConfig(true);
        config.lora.dropout = 0.0;
        config.learningRate = 5e-2;
        config.warmupRatio = 0.0;
        config.epochs = 5;  // 32 rows / 4 = 8 micro-batches / 2 = 4 steps x 5
        config.saveEverySteps = 0;
        config.precision = train::Precision::Float32;
        auto plain = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11);
        const auto f32 =
            train::trainSft(plain, data, config, {test::scratchDir("autocast_fp32"), {}, "tiny"});
        config.precision = train::Precision::Bf16Autocast;
        auto mixed = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11);
        const auto bf16 =
            train::trainSft(mixed, data, config, {test::scratchDir("autocast_bf16"), {}, "tiny"});
        QCOMPARE(bf16.history.size(), std::size_t{20});
        double worst = 0;
        for (std::size_t i = 0; i < f32.history.size(); ++i)
            worst = std::max(
                worst, std::abs(bf16.history[i].loss - f32.history[i].loss) / f32.history[i].loss);
        qInfo(
            "loss %.4f -> %.4f (float32), %.4f -> %.4f (bf16 autocast); largest relative gap %.4f",
            f32.history.front().loss, f32.history.back().loss, bf16.history.front().loss,
            bf16.history.back().loss, worst);
        // The float32 run learns (measured: 4.152 -> 4.037); autocast learns as
        // much (4.152 -> 4.033), step by step within bf16's rounding (0.5%
        // measured). On stale weights its loss would stay near the first.
        const double f32Drop = f32.history.front().loss - f32.history.back().loss;
        const double bf16Drop = bf16.history.front().loss - bf16.history.back().loss;
        QVERIFY(f32Drop > 0.05);
        QVERIFY2(bf16Drop > 0.8 * f32Drop, qPrintable(QString::number(bf16Drop)));
        QVERIFY2(worst < 0.02, qPrintable(QString::number(worst)));
        // LoRA B moved away from zero: the adapted model's logits differ from the base model's.
        const auto base =
            allLogits(model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 11));
        const auto adapted = allLogits(mixed);
        double moved = 0;
        for (std::size_t i = 0; i < base.size(); ++i)
            moved = std::max(moved, double(std::abs(adapted[i] - base[i])));
        QVERIFY2(moved > 0.05, qPrintable(QString::number(moved)));
    }

    void longCausalAttentionSplitsWithTheSameLogits() {
        // From 64 queries on, causal attention (training, unpadded prompts)
        // runs as two blocks that skip the masked quarter of the scores. A
        // 90-token prompt through that path must give the logits of the
        // masked path (a left-padded batch), which is never split.
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 12);
        std::vector<std::int64_t> prompt;
        for (int i = 0; i < 90; ++i) prompt.push_back(3 + (i * 7) % 50);
        std::vector<std::int64_t> padded(92, 0), mask(92, 0);
        std::copy(prompt.begin(), prompt.end(), padded.begin() + 2);
        std::fill(mask.begin() + 2, mask.end(), 1);
        const auto split = lm.logits(prompt);
        const auto masked = lm.logits({padded, std::vector<std::int64_t>(92, 3)},
                                      {mask, std::vector<std::int64_t>(92, 1)});
        double d = 0;
        for (std::int64_t t = 0; t < 90; ++t)
            for (std::int64_t v = 0; v < split.vocab; ++v)
                d = std::max(d, double(std::fabs(masked.at(0, t + 2, v) - split.at(0, t, v))));
        qInfo("largest logit difference, split causal vs masked path: %.3g", d);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
    }

    void benchmarkStepRuns() {
        auto lm = model::CausalLM::randomInit(test::tinyLlamaConfig(), cpu(), 9);
        auto config = smallConfig(false);
        config.learningRate = 1e-2;
        const auto b = train::benchmarkTrainingStep(
            lm, config, train::randomBenchmarkBatch(4, 32, 64, 1), 1, 5);
        QCOMPARE(b.stepSeconds.size(), std::size_t{5});
        QVERIFY(b.tokensPerSecond > 0);
        QVERIFY(b.lossLast < b.lossFirst);  // it really optimises the fixed batch
        QCOMPARE(b.trainableParameters, lm.parameterCount());
    }
};

QTEST_GUILESS_MAIN(TestSftTrainer)
#include "test_sft_trainer.moc"
