// Experiment files with the free-form conditions: a dataset's "traces" (one
// file per free-form condition, resolved like the other paths) and
// "swap_from", written back by toJson only when set, and every error naming
// its key.
#include <QtTest>

#include "core/train/experiment_spec.h"
#include "core/util/error.h"
#include "core/util/paths.h"
#include "tests/common/test_support.h"

using namespace ts;
namespace fs = std::filesystem;

namespace {

// An experiment with one dataset (extra keys merged in) and these conditions.
nlohmann::json experiment(const nlohmann::json& datasetExtra,
                          const std::vector<std::string>& conditions) {
    nlohmann::json dataset = {{"name", "babi"}, {"paths", {"data/qa1.txt"}}};
    if (!datasetExtra.is_null()) dataset.update(datasetExtra);  // {} reads as null
    return {{"name", "ff"},
            {"datasets", {dataset}},
            {"conditions", conditions},
            {"model", {{"path", "/models/x"}}}};
}

train::ExperimentSpec parse(const nlohmann::json& j) {
    return train::parseExperimentSpec(j, "/work/exp/ff.json");
}

// The key of the ts::Error the experiment is refused with ("" when accepted).
std::string refusedKey(const nlohmann::json& j, const std::string& text) {
    try {
        parse(j);
    } catch (const Error& e) {
        if (e.message().find(text) == std::string::npos) qFatal("unexpected message: %s", e.what());
        if (e.where().file != "/work/exp/ff.json") qFatal("file not named: %s", e.what());
        return e.where().key;
    }
    return "";
}

}  // namespace

class TestExperimentTraces : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tracesAndSwapFrom();
    void writtenBackOnlyWhenSet();
    void errorsNameTheKey();
};

void TestExperimentTraces::tracesAndSwapFrom() {
    const auto spec =
        parse(experiment({{"traces",
                           {{"free-form", "traces/ff.jsonl"},
                            {"summary", "/abs/summary.jsonl"},
                            {"explanation", "sample:traces/babi/explanation.jsonl"}}},
                          {"swap_from", "summary"}},
                         {"vanilla", "free-form", "summary", "explanation", "swapped"}));
    QCOMPARE(spec.conditions.size(), std::size_t(5));
    QVERIFY(spec.conditions[1] == SftCondition::FreeForm);
    QVERIFY(spec.conditions[4] == SftCondition::Swapped);
    const auto& d = spec.datasets.at(0);
    QCOMPARE(d.traceFiles.size(), std::size_t(3));
    QCOMPARE(d.traceFiles.at(SftCondition::FreeForm), fs::path("/work/exp/traces/ff.jsonl"));
    QCOMPARE(d.traceFiles.at(SftCondition::Summary), fs::path("/abs/summary.jsonl"));
    QCOMPARE(d.traceFiles.at(SftCondition::Explanation),
             sampleDataDir() / "traces/babi/explanation.jsonl");
    QVERIFY(d.swapFrom == SftCondition::Summary);
    // swapped from a rule-based condition needs no file.
    const auto rule = parse(experiment({{"swap_from", "incorrect"}}, {"swapped"}));
    QVERIFY(rule.datasets.at(0).swapFrom == SftCondition::Incorrect);
    QVERIFY(rule.datasets.at(0).traceFiles.empty());
    QCOMPARE(train::runName(rule, rule.datasets[0], SftCondition::Swapped, 121),
             std::string("ff/babi/swapped/s121"));
}

void TestExperimentTraces::writtenBackOnlyWhenSet() {
    const auto spec = parse(experiment(
        {{"traces", {{"summary", "s.jsonl"}}}, {"swap_from", "summary"}}, {"summary", "swapped"}));
    const auto j = spec.toJson();
    const auto& d = j.at("datasets").at(0);
    QCOMPARE(d.at("traces").at("summary").get<std::string>(), std::string("/work/exp/s.jsonl"));
    QCOMPARE(d.at("swap_from").get<std::string>(), std::string("summary"));
    QCOMPARE(j.at("conditions"), nlohmann::json({"summary", "swapped"}));
    // The resolved form reads back as the same experiment.
    const auto again = train::parseExperimentSpec(j, "/elsewhere/ff.json");
    QCOMPARE(again.datasets.at(0).traceFiles, spec.datasets.at(0).traceFiles);
    QVERIFY(again.datasets.at(0).swapFrom == SftCondition::Summary);
    // Experiments without them keep their files as they were.
    const auto plain = parse(experiment({}, {"correct"})).toJson().at("datasets").at(0);
    QVERIFY(!plain.contains("traces"));
    QVERIFY(!plain.contains("swap_from"));
}

void TestExperimentTraces::errorsNameTheKey() {
    QCOMPARE(refusedKey(experiment({}, {"free-form"}), "is required by condition free-form"),
             std::string("datasets[0].traces.free-form"));
    QCOMPARE(refusedKey(
                 experiment({{"traces", {{"free-form", "f.jsonl"}}}}, {"free-form", "explanation"}),
                 "is required by condition explanation"),
             std::string("datasets[0].traces.explanation"));
    QCOMPARE(refusedKey(experiment({}, {"correct", "swapped"}), "is required by condition swapped"),
             std::string("datasets[0].swap_from"));
    QCOMPARE(
        refusedKey(experiment({{"swap_from", "summary"}}, {"swapped"}), "is required by swap_from"),
        std::string("datasets[0].traces.summary"));
    QCOMPARE(refusedKey(experiment({{"swap_from", "vanilla"}}, {"swapped"}),
                        "'vanilla' is not a condition with a trace to swap"),
             std::string("datasets[0].swap_from"));
    QCOMPARE(refusedKey(experiment({{"swap_from", "swapped"}}, {"swapped"}), "to swap"),
             std::string("datasets[0].swap_from"));
    QCOMPARE(refusedKey(experiment({{"swap_from", 3}}, {"swapped"}), "wrong type"),
             std::string("datasets[0].swap_from"));
    QCOMPARE(refusedKey(experiment({{"traces", "f.jsonl"}}, {"free-form"}), "must be an object"),
             std::string("datasets[0].traces"));
    QCOMPARE(refusedKey(experiment({{"traces", {{"correct", "c.jsonl"}}}}, {"correct"}),
                        "is not a condition with a trace file (free-form, summary, explanation)"),
             std::string("datasets[0].traces.correct"));
    QCOMPARE(
        refusedKey(experiment({{"traces", {{"summary", 5}}}}, {"summary"}), "must be a file name"),
        std::string("datasets[0].traces.summary"));
    QCOMPARE(
        refusedKey(experiment({{"traces", {{"summary", ""}}}}, {"summary"}), "must be a file name"),
        std::string("datasets[0].traces.summary"));
    QCOMPARE(refusedKey(experiment({}, {"freeform"}), "(vanilla, class-only, correct"),
             std::string("conditions"));
}

QTEST_GUILESS_MAIN(TestExperimentTraces)
#include "test_experiment_traces.moc"
