// The torch-free parts of core/train: hyper-parameters and their JSON, the
// learning-rate schedule, the batch plan, the prompt/target split and label
// mask of SFT rows, and the checkpoint store's atomic commit.
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <set>

#include "core/model/tokenizer/bpe_trainer.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/train/batch_plan.h"
#include "core/train/checkpoint_store.h"
#include "core/train/experiment_spec.h"
#include "core/train/lr_schedule.h"
#include "core/train/sft_tokenization.h"
#include "core/train/training_config.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/input_limits.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

// A Llama-3-shaped template written out by hand (the engine's Jinja renderer
// is tested elsewhere): what matters here is the prompt/target boundary.
std::string renderLlamaLike(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) {
    std::string out = "<|begin_of_text|>";
    for (const auto& m : messages)
        out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + m.content + "<|eot_id|>";
    if (addGenerationPrompt) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

Tokenizer smallTokenizer() {
    BpeTrainerOptions o;
    o.vocabSize = 400;
    o.specialTokens = {"<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
                       "<|eot_id|>"};
    BpeTrainer trainer(o);
    for (int i = 0; i < 20; ++i)
        trainer.addText("Where is Mary? Mary went to the kitchen. The answer is kitchen.");
    return Tokenizer(trainer.train());
}

SftExample example(const std::string& id, const std::string& user, const std::string& answer) {
    SftExample e;
    e.itemId = id;
    e.messages = {{"system", "Be brief."}, {"user", user}, {"assistant", answer}};
    return e;
}

}  // namespace

class TestTrainConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreThePapers() {
        const train::TrainingConfig c;
        QVERIFY(c.lora.enabled);
        QCOMPARE(c.lora.r, std::int64_t{16});
        QCOMPARE(c.lora.alpha, 32.0);
        QCOMPARE(c.lora.dropout, 0.05);
        QCOMPARE(c.lora.targetModules.size(), std::size_t{7});
        QCOMPARE(c.learningRate, 2e-4);
        QCOMPARE(c.epochs, 3);
        QCOMPARE(c.effectiveBatch(), 16);
        QCOMPARE(c.maxLength, 1024);
        QCOMPARE(c.warmupRatio, 0.1);
        QVERIFY(!c.packing);
    }

    void jsonRoundTripAndErrors() {
        train::TrainingConfig c;
        c.learningRate = 1e-3;
        c.lora.r = 8;
        c.precision = train::Precision::Bf16;
        const auto back = train::trainingConfigFromJson(train::toJson(c), "x.json");
        QCOMPARE(train::toJson(back), train::toJson(c));

        const auto partial = train::trainingConfigFromJson(
            nlohmann::json{{"num_train_epochs", 5}, {"lora", false}}, "x.json");
        QCOMPARE(partial.epochs, 5);
        QVERIFY(!partial.lora.enabled);
        QCOMPARE(partial.learningRate, 2e-4);

        try {
            train::trainingConfigFromJson(nlohmann::json{{"learnign_rate", 1}}, "exp.json");
            QFAIL("unknown key accepted");
        } catch (const Error& e) {
            QCOMPARE(e.where().key, std::string("learnign_rate"));
            QCOMPARE(e.where().file, std::string("exp.json"));
        }
        try {
            train::trainingConfigFromJson(nlohmann::json{{"lora", {{"r", 0}}}}, "exp.json");
            QFAIL("r 0 accepted");
        } catch (const Error& e) {
            QCOMPARE(e.where().key, std::string("lora.r"));
        }
        QVERIFY_THROWS_EXCEPTION(Error, train::trainingConfigFromJson(
                                            nlohmann::json{{"max_length", "long"}}, "exp.json"));
        // loss_on: assistant (default) or all; anything else names the key.
        QCOMPARE(train::toJson(c).at("loss_on"), nlohmann::json("assistant"));
        QVERIFY(
            train::trainingConfigFromJson(nlohmann::json{{"loss_on", "all"}}, "x.json").lossOn ==
            train::LossOn::All);
        try {
            train::trainingConfigFromJson(nlohmann::json{{"loss_on", "prompt"}}, "exp.json");
            QFAIL("loss_on prompt accepted");
        } catch (const Error& e) {
            QCOMPARE(e.where().key, std::string("loss_on"));
        }
    }

    void paperExperimentTrainsOnEveryToken() {
        // The paper's TRL SFTTrainer had no completion-only collator.
        const auto file = test::sourceDir() / "resources/experiments/babi-paper.json";
        const auto j = nlohmann::json::parse(readFile(file, kConfigFileLimit));
        QVERIFY(train::trainingConfigFromJson(j.at("training"), file.string()).lossOn ==
                train::LossOn::All);
    }

    void experimentFilesChooseTheMarcoGoldPassage() {
        // The paper's overlap passage unless the dataset asks for is_selected.
        const auto spec = [](nlohmann::json dataset) {
            dataset["name"] = "marco";
            dataset["paths"] = {"/data/marco.json"};
            return train::parseExperimentSpec({{"name", "m"},
                                               {"datasets", {dataset}},
                                               {"conditions", {"correct"}},
                                               {"model", {{"path", "/models/x"}}}},
                                              "/tmp/m.json");
        };
        QVERIFY(spec({}).datasets.at(0).marcoRetrieval == MarcoRetrieval::MaxWordOverlap);
        const auto selected = spec({{"marco_retrieval", "is-selected"}});
        QVERIFY(selected.datasets.at(0).marcoRetrieval == MarcoRetrieval::IsSelected);
        QCOMPARE(selected.toJson().at("datasets").at(0).at("marco_retrieval").get<std::string>(),
                 std::string("is-selected"));
        try {
            spec({{"marco_retrieval", "best"}});
            QFAIL("marco_retrieval best accepted");
        } catch (const Error& e) {
            QVERIFY2(e.where().key.find("marco_retrieval") != std::string::npos,
                     e.where().key.c_str());
        }
    }

    void cosineScheduleMatchesTransformers() {
        // get_cosine_schedule_with_warmup(num_warmup_steps=ceil(0.1*45)=5, num_training_steps=45)
        const train::CosineSchedule s(2e-4, 45, 0.1);
        QCOMPARE(s.warmupSteps(), std::int64_t{5});
        QCOMPARE(s.rate(0), 0.0);
        QCOMPARE(s.rate(1), 2e-4 * 0.2);
        QCOMPARE(s.rate(5), 2e-4);
        // step 25: progress 20/40 = 0.5 -> 0.5 * (1 + cos(pi/2)) = 0.5
        QVERIFY(std::abs(s.rate(25) - 1e-4) < 1e-15);
        QVERIFY(std::abs(s.rate(44) - 2e-4 * 0.5 * (1 + std::cos(M_PI * 39.0 / 40.0))) < 1e-15);
        QCOMPARE(train::CosineSchedule(1.0, 10, 0.0).rate(0), 1.0);
    }

    void batchPlanCoversEveryRowOncePerEpoch() {
        const train::BatchPlan plan(10, 3, 2, 2, 7);
        // 10 rows / 3 -> 4 micro-batches (3,3,3,1) -> 2 steps per epoch.
        QCOMPARE(plan.stepsPerEpoch(), std::int64_t{2});
        QCOMPARE(plan.totalSteps(), std::int64_t{4});
        for (int epoch = 0; epoch < 2; ++epoch) {
            std::multiset<std::size_t> seen;
            for (std::int64_t k = epoch * 2; k < epoch * 2 + 2; ++k) {
                const auto s = plan.step(k);
                QCOMPARE(s.epoch, epoch);
                for (const auto& mb : s.micro) seen.insert(mb.begin(), mb.end());
            }
            QCOMPARE(seen.size(), std::size_t{10});
            QCOMPARE(std::set<std::size_t>(seen.begin(), seen.end()).size(), std::size_t{10});
        }
        QCOMPARE(plan.step(1).micro.size(), std::size_t{2});
        QCOMPARE(plan.step(1).micro.back().size(), std::size_t{1});
        // Deterministic, and epochs differ.
        QCOMPARE(train::BatchPlan(10, 3, 2, 2, 7).epochOrder(1), plan.epochOrder(1));
        QVERIFY(plan.epochOrder(0) != plan.epochOrder(1));
        QVERIFY(train::BatchPlan(10, 3, 2, 2, 8).epochOrder(0) != plan.epochOrder(0));
        QVERIFY_THROWS_EXCEPTION(Error, plan.step(4));
        QVERIFY_THROWS_EXCEPTION(Error, train::BatchPlan(0, 1, 1, 1, 0));
    }

    void groupByLengthPadsLessAndKeepsEveryRow() {
        // 1003 rows of lengths 1..97 in a scrambled order; micro-batches of 8.
        std::vector<std::size_t> lengths(1003);
        for (std::size_t i = 0; i < lengths.size(); ++i) lengths[i] = 1 + (i * 37) % 97;
        const train::BatchPlan plain(lengths.size(), 8, 1, 2, 3);
        const train::BatchPlan grouped(lengths.size(), 8, 1, 2, 3, lengths);
        QCOMPARE(grouped.totalSteps(), plain.totalSteps());
        const auto padding = [&](const train::BatchPlan& plan, int epoch) {
            std::size_t pad = 0;
            std::multiset<std::size_t> seen;
            for (std::int64_t k = epoch * plan.stepsPerEpoch();
                 k < (epoch + 1) * plan.stepsPerEpoch(); ++k)
                for (const auto& mb : plan.step(k).micro) {
                    std::size_t width = 0;
                    for (auto i : mb) width = std::max(width, lengths[i]);
                    for (auto i : mb) pad += width - lengths[i];
                    seen.insert(mb.begin(), mb.end());
                }
            // Every row exactly once.
            if (seen.size() != lengths.size() ||
                std::set<std::size_t>(seen.begin(), seen.end()).size() != lengths.size())
                return std::size_t{0};
            return pad;
        };
        for (int epoch = 0; epoch < 2; ++epoch) {
            const auto plainPad = padding(plain, epoch), groupedPad = padding(grouped, epoch);
            qInfo("epoch %d: padding %zu tokens without grouping, %zu with", epoch, plainPad,
                  groupedPad);
            QVERIFY(groupedPad > 0);
            QVERIFY(groupedPad * 10 < plainPad);
        }
        // The short last micro-batch (1003 = 125 x 8 + 3) stays last.
        QCOMPARE(grouped.step(grouped.stepsPerEpoch() - 1).micro.back().size(), std::size_t{3});
        // Step order stays random: the longest batch is not always first, and epochs differ.
        QVERIFY(grouped.epochOrder(0) != grouped.epochOrder(1));
        QCOMPARE(train::BatchPlan(lengths.size(), 8, 1, 2, 3, lengths).epochOrder(1),
                 grouped.epochOrder(1));
        QVERIFY_THROWS_EXCEPTION(Error, train::BatchPlan(3, 1, 1, 1, 0, {1, 2}));
        // The config key.
        QVERIFY(train::trainingConfigFromJson({{"group_by_length", true}}, "t").groupByLength);
        QVERIFY(!train::TrainingConfig{}.groupByLength);
    }

    void onlyAssistantTokensCarryLabels() {
        const auto tok = smallTokenizer();
        const auto set = train::tokenizeSftSet({example("a", "Where is Mary?", "kitchen")}, tok,
                                               renderLlamaLike, 512);
        QCOMPARE(set.rows.size(), std::size_t{1});
        const auto& row = set.rows[0];
        QCOMPARE(row.itemId, std::string("a"));
        QCOMPARE(row.ids.size(), row.labels.size());
        // The labelled suffix decodes to exactly the answer and the end of turn.
        std::vector<std::int32_t> target;
        std::size_t firstLabel = row.labels.size();
        for (std::size_t i = 0; i < row.labels.size(); ++i) {
            if (row.labels[i] == train::kIgnoreIndex) {
                QVERIFY(firstLabel == row.labels.size());  // no holes after the first label
                continue;
            }
            firstLabel = std::min(firstLabel, i);
            QCOMPARE(row.labels[i], row.ids[i]);
            target.push_back(static_cast<std::int32_t>(row.ids[i]));
        }
        QCOMPARE(tok.decode(target), std::string("kitchen<|eot_id|>"));
        std::vector<std::int32_t> prompt(row.ids.begin(),
                                         row.ids.begin() + static_cast<std::ptrdiff_t>(firstLabel));
        QVERIFY(tok.decode(prompt).ends_with("<|start_header_id|>assistant<|end_header_id|>\n\n"));
        QCOMPARE(set.truncatedRows, std::int64_t{0});
        QCOMPARE(set.targetTokens, row.targetTokens());
    }

    void lossOnAllLabelsEveryToken() {
        const auto tok = smallTokenizer();
        const std::vector<SftExample> one = {example("a", "Where is Mary?", "kitchen")};
        const auto all =
            train::tokenizeSftSet(one, tok, renderLlamaLike, 512, {}, train::LossOn::All);
        const auto assistant = train::tokenizeSftSet(one, tok, renderLlamaLike, 512);
        const auto& row = all.rows[0];
        QCOMPARE(row.labels, row.ids);  // every token, system and user turns included
        // The same text as the assistant-only row (prompt and target joined).
        QCOMPARE(tok.decode(std::vector<std::int32_t>(row.ids.begin(), row.ids.end())),
                 tok.decode(std::vector<std::int32_t>(assistant.rows[0].ids.begin(),
                                                      assistant.rows[0].ids.end())));
        QVERIFY(tok.decode(std::vector<std::int32_t>(row.ids.begin(), row.ids.end()))
                    .find("Where is Mary?") != std::string::npos);
        QCOMPARE(all.targetTokens, static_cast<std::int64_t>(row.ids.size()));
        QVERIFY(all.targetTokens > 3 * assistant.targetTokens);
    }

    void longRowsAreCutAndCounted() {
        const auto tok = smallTokenizer();
        const std::vector<SftExample> examples = {
            example("short", "Where?", "kitchen"),
            example("long", std::string(300, 'x'), "kitchen")};
        const auto set = train::tokenizeSftSet(examples, tok, renderLlamaLike, 64);
        QCOMPARE(set.truncatedRows, std::int64_t{1});
        QCOMPARE(set.emptyTargetRows, std::int64_t{1});  // its answer was cut away
        QVERIFY(!set.rows[0].truncated);
        QVERIFY(set.rows[1].truncated);
        QCOMPARE(set.rows[1].ids.size(), std::size_t{64});
    }

    void templatesThatRewriteEarlierTurnsStillSplit() {
        // A template that renders the prompt differently once a reply follows
        // (Qwen3 does this with think blocks): the split falls before the reply.
        auto render = [](const std::vector<ChatMessage>& m, bool gen) {
            std::string out;
            for (const auto& x : m)
                out += "[" + x.role + (m.back().role == "assistant" ? "*" : "") + "]" + x.content;
            if (gen) out += "[assistant]";
            return out;
        };
        const auto parts =
            train::splitPromptTarget(example("q", "hi", "<think>a</think> b"), render);
        QCOMPARE(parts.target, std::string("<think>a</think> b"));
        QVERIFY(parts.prompt.ends_with("[assistant*]"));
        SftExample noReply;
        noReply.itemId = "n";
        noReply.messages = {{"user", "hi"}};
        QVERIFY_THROWS_EXCEPTION(Error, train::splitPromptTarget(noReply, render));
    }

    void checkpointCommitIsAtomicAndVerified() {
        const auto root = test::scratchDir("store");
        train::CheckpointStore store(root);
        QVERIFY(!store.latestComplete());
        for (std::int64_t step : {3, 6, 9}) {
            const auto tmp = store.beginWrite(step);
            test::writeText(tmp / "weights.bin",
                            std::string(static_cast<std::size_t>(step * 10), 'w'));
            test::writeText(tmp / "sub" / "a.json", "{}");
            store.commit(tmp, step, {{"note", step}});
        }
        QCOMPARE(store.complete().size(), std::size_t{3});
        const auto latest = store.latestComplete();
        QCOMPARE(latest->step, std::int64_t{9});
        QCOMPARE(latest->state["note"].get<int>(), 9);
        QVERIFY(!latest->state.contains("files"));
        QCOMPARE(latest->dir.filename().string(), std::string("step-00000009"));

        // A crash between writing and renaming leaves only a temporary folder.
        const auto torn = store.beginWrite(12);
        test::writeText(torn / "weights.bin", "partial");
        // A folder that lost a file after commit fails its manifest.
        fs::remove(root / "step-00000009" / "sub" / "a.json");
        QCOMPARE(store.latestComplete()->step, std::int64_t{6});
        QCOMPARE(store.incomplete().size(), std::size_t{2});
        QCOMPARE(store.removeIncomplete(), std::size_t{2});
        QVERIFY(store.incomplete().empty());
        store.prune(1);
        QCOMPARE(store.complete().size(), std::size_t{1});
        QCOMPARE(store.complete().front().step, std::int64_t{6});
    }
};

QTEST_GUILESS_MAIN(TestTrainConfig)
#include "test_train_config.moc"
