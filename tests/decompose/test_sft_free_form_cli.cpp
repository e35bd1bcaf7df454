// tracescope-cli build-sft with the free-form conditions, run as a process on
// the sample data: the bAbI task-1 files and the trace files the generators
// wrote for them (sample_data/traces/babi). Checks every target against the
// trace file, swapped's derangement, and the usage errors (exit 2) and
// failures (exit 1) naming the file and line.
#include <QtTest>

#include <map>
#include <set>

#include "core/decompose/trace_texts.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"

using namespace ts;
using ts::test::ProcessResult;
using ts::test::qpath;
namespace fs = std::filesystem;

namespace {

ProcessResult cli(const QStringList& args) {
    return ts::test::runProcess(QStringLiteral(TRACESCOPE_CLI), args);
}

fs::path babiFile(const char* split) {
    return ts::test::sampleData() / "babi" /
           (std::string("qa1_single-supporting-fact_") + split + ".txt");
}

fs::path traceFile(const std::string& condition) {
    return ts::test::sampleData() / "traces" / "babi" / (condition + ".jsonl");
}

// build-sft on the task-1 train and test files, with extra arguments.
ProcessResult buildSft(const std::string& condition, const fs::path& out,
                       const QStringList& extra) {
    return cli(QStringList{"build-sft", "--dataset", "babi", "--input", qpath(babiFile("train")),
                           "--input", qpath(babiFile("test")), "--condition",
                           QString::fromStdString(condition), "--seed", "5", "--out", qpath(out)} +
               extra);
}

// item id -> the assistant target.
std::map<std::string, std::string> readTargets(const fs::path& file) {
    std::map<std::string, std::string> out;
    for (const auto& line : split(readFile(file), '\n')) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        out[j.at("item_id").get<std::string>()] =
            j.at("messages").back().at("content").get<std::string>();
    }
    return out;
}

// "<think>T</think> <answer>A</answer>" -> {T, A}.
std::pair<std::string, std::string> splitTarget(const std::string& target) {
    const auto close = target.find("</think> <answer>");
    if (!startsWith(target, "<think>") || close == std::string::npos ||
        !endsWith(target, "</answer>"))
        qFatal("not a think/answer target: %s", target.c_str());
    const std::size_t answerAt = close + 17;
    return {target.substr(7, close - 7), target.substr(answerAt, target.size() - answerAt - 9)};
}

void expectExit(const ProcessResult& r, int code, const std::string& text) {
    QVERIFY2(r.exitCode == code, r.both().c_str());
    QVERIFY2(r.errHas(text), r.both().c_str());
}

}  // namespace

class TestSftFreeFormCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void freeFormConditions();
    void swapped();
    void trainSplitAlone();
    void usageErrors();
    void failuresNameTheFile();

private:
    fs::path dir_;
};

void TestSftFreeFormCli::initTestCase() {
    dir_ = ts::test::scratchDir("test_sft_free_form_cli");
}

void TestSftFreeFormCli::freeFormConditions() {
    for (const std::string condition : {"free-form", "summary", "explanation"}) {
        const fs::path out = dir_ / (condition + ".jsonl");
        const auto r = buildSft(condition, out, {"--traces", qpath(traceFile(condition))});
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        QVERIFY2(r.errHas("wrote 180 " + condition + " examples"), r.both().c_str());
        const TraceTexts traces = readTraceTexts(traceFile(condition));
        const auto targets = readTargets(out);
        QCOMPARE(targets.size(), std::size_t(180));
        for (const auto& [id, target] : targets) {
            const auto [trace, answer] = splitTarget(target);
            QCOMPARE(trace, *traces.find(id));
            // The answer is the item's own: the explanation says it first.
            if (condition == "explanation") QVERIFY(startsWith(trace, "The answer is " + answer));
        }
    }
}

void TestSftFreeFormCli::swapped() {
    const TraceTexts summary = readTraceTexts(traceFile("summary"));
    const fs::path out = dir_ / "swapped.jsonl";
    const auto r = buildSft("swapped", out,
                            {"--swap-from", "summary", "--traces", qpath(traceFile("summary"))});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto targets = readTargets(out);
    QCOMPARE(targets.size(), std::size_t(180));
    std::multiset<std::string> dealt, all;
    for (const auto& [id, target] : targets) all.insert(*summary.find(id));
    int sameText = 0;
    for (const auto& [id, target] : targets) {
        const auto [trace, answer] = splitTarget(target);
        // Nobody keeps their own trace; another item's may read the same
        // (two short summaries of the same move), and then the text is shared.
        if (trace == *summary.find(id)) {
            QVERIFY2(all.count(trace) > 1, id.c_str());
            ++sameText;
        }
        dealt.insert(trace);
    }
    QVERIFY(dealt == all);  // every trace dealt out exactly once
    QVERIFY2(sameText < 10, std::to_string(sameText).c_str());
    // The same seed writes the same bytes; another seed deals differently.
    const auto again =
        buildSft("swapped", dir_ / "swapped-again.jsonl",
                 {"--swap-from", "summary", "--traces", qpath(traceFile("summary"))});
    QVERIFY2(again.exitCode == 0, again.both().c_str());
    QCOMPARE(readFile(dir_ / "swapped-again.jsonl"), readFile(out));
    const auto rule =
        buildSft("swapped", dir_ / "swapped-correct.jsonl", {"--swap-from", "correct"});
    QVERIFY2(rule.exitCode == 0, rule.both().c_str());
    for (const auto& [id, target] : readTargets(dir_ / "swapped-correct.jsonl"))
        QVERIFY(startsWith(target, "<think>The category of the question represents"));
}

void TestSftFreeFormCli::trainSplitAlone() {
    // The trace files cover both splits: with the train file alone, the test
    // ids name no loaded item - an error naming the file and line, unless allowed.
    const QStringList base = {"build-sft",
                              "--dataset",
                              "babi",
                              "--input",
                              qpath(babiFile("train")),
                              "--condition",
                              "free-form",
                              "--seed",
                              "1",
                              "--traces",
                              qpath(traceFile("free-form")),
                              "--out",
                              qpath(dir_ / "train-only.jsonl")};
    const auto refused = cli(base);
    expectExit(refused, 1, traceFile("free-form").string() + ":1: key 'item_id': 'qa1/test/");
    QVERIFY2(refused.errHas("names no item of dataset"), refused.both().c_str());
    QVERIFY(!fs::exists(dir_ / "train-only.jsonl"));
    const auto allowed = cli(base + QStringList{"--allow-extra-traces"});
    QVERIFY2(allowed.exitCode == 0, allowed.both().c_str());
    QCOMPARE(readTargets(dir_ / "train-only.jsonl").size(), std::size_t(150));
}

void TestSftFreeFormCli::usageErrors() {
    const fs::path out = dir_ / "usage.jsonl";
    const QString traces = qpath(traceFile("free-form"));
    expectExit(buildSft("free-form", out, {}), 2,
               "--condition free-form needs --traces FILE.jsonl");
    expectExit(buildSft("swapped", out, {}), 2, "--condition swapped needs --swap-from CONDITION");
    expectExit(buildSft("swapped", out, {"--swap-from", "vanilla"}), 2,
               "--swap-from expects a condition with a trace");
    expectExit(buildSft("swapped", out, {"--swap-from", "bogus"}), 2, "got 'bogus'");
    expectExit(buildSft("swapped", out, {"--swap-from", "summary"}), 2,
               "--swap-from summary needs --traces FILE.jsonl");
    expectExit(buildSft("correct", out, {"--traces", traces}), 2, "--traces is only read by");
    expectExit(buildSft("swapped", out, {"--swap-from", "correct", "--traces", traces}), 2,
               "--traces is only read by");
    expectExit(buildSft("correct", out, {"--swap-from", "correct"}), 2,
               "--swap-from is only read by --condition swapped");
    expectExit(buildSft("bogus", out, {}), 2, "unknown --condition 'bogus' (vanilla, class-only");
    QVERIFY(!fs::exists(out));
}

void TestSftFreeFormCli::failuresNameTheFile() {
    const fs::path out = dir_ / "failure.jsonl";
    // A dataset the file was not written for: its first item has no trace.
    const auto other =
        cli({"build-sft", "--dataset", "babi", "--input",
             qpath(ts::test::sampleData() / "babi" / "qa2_two-supporting-facts_test.txt"),
             "--condition", "summary", "--seed", "1", "--traces", qpath(traceFile("summary")),
             "--out", qpath(out)});
    expectExit(other, 1, traceFile("summary").string() + ": no trace for item 'qa2/test/1/");
    // A malformed file: named with its line.
    const fs::path bad = ts::test::writeText(
        dir_ / "bad.jsonl",
        "{\"item_id\": \"qa1/test/1/5\", \"trace\": \"t\"}\n{\"item_id\": 3}\n");
    expectExit(buildSft("free-form", out, {"--traces", qpath(bad)}), 1,
               bad.string() + ":2: key 'item_id': must be a string");
    expectExit(buildSft("free-form", out, {"--traces", qpath(dir_ / "none.jsonl")}), 1,
               (dir_ / "none.jsonl").string() + ": file not found");
    QVERIFY(!fs::exists(out));
}

QTEST_GUILESS_MAIN(TestSftFreeFormCli)
#include "test_sft_free_form_cli.moc"
