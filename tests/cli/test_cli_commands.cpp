// The CLI commands that need a trained model, run as processes: demo (a
// reduced experiment through TRACESCOPE_DEMO_EXPERIMENT, whose correct-trace
// model then serves the others), generate-sample, build-sft, model, logits,
// generate, train and infer. For each: --help (exit 0), a usage error (exit 2),
// a bad input whose error text names the culprit (exit 1), and one real
// success whose output is checked against something independent of it (the
// committed sample data, the stored project, the model's own config, the
// forward pass).
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/data/dataset_loader.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using ts::test::ProcessResult;
using ts::test::qpath;

namespace {

ProcessResult cli(const QStringList& args, const QStringList& env = {}) {
    ts::test::ProcessOptions o;
    o.environment = env;
    o.timeoutMs = 900000;
    return ts::test::runProcess(QStringLiteral(TRACESCOPE_CLI), args, o);
}

// The three answers every command owes: --help, a usage error, a failure.
void checkHelpAndUsage(const QString& command, const QStringList& usageError,
                       const std::string& usageText) {
    const auto help = cli({command, "--help"});
    QVERIFY2(help.exitCode == 0, help.both().c_str());
    QVERIFY2(help.outHas("tracescope-cli " + command.toStdString()), help.both().c_str());
    const auto usage = cli(QStringList{command} + usageError);
    QVERIFY2(usage.exitCode == 2, usage.both().c_str());
    QVERIFY2(usage.errHas(usageText), usage.both().c_str());
}

void checkFailure(const ProcessResult& r, const std::string& text) {
    QVERIFY2(r.exitCode == 1, r.both().c_str());
    QVERIFY2(r.errHas("error: "), r.both().c_str());
    QVERIFY2(r.errHas(text), r.both().c_str());
}

// The demo's shape at a size that trains in seconds: one epoch over a few
// stories, a one-layer model.
std::string reducedDemo() {
    return R"({
  "name": "demo-smoke",
  "datasets": [{"name": "sample-babi", "paths": ["sample:babi"], "train_babi_items": "all",
                "test_babi_items": "first", "max_train_items": 48, "max_test_items": 8}],
  "conditions": ["vanilla", "correct", "incorrect"],
  "seeds": [121],
  "model": {"scratch": {"vocab_size": 360, "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
                        "num_key_value_heads": 1, "intermediate_size": 64}, "family": "Llama"},
  "training": {"learning_rate": 3e-3, "num_train_epochs": 1, "per_device_train_batch_size": 8,
               "gradient_accumulation_steps": 1, "max_length": 384, "save_steps": 100},
  "inference": {"batch_size": 8, "max_new_tokens": 24},
  "system_message": false,
  "device": "cpu",
  "cpu_threads": 1
})";
}

std::size_t countLines(const fs::path& file) {
    const std::string text = ts::readFile(file);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

class TestCliCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void demo();
    void generateSample();
    void buildSft();
    void model();
    void logits();
    void generate();
    void train();
    void infer();

private:
    fs::path dir_, project_, model_, adapterDir_;
    std::string demoOutput_;
};

void TestCliCommands::initTestCase() {
    dir_ = ts::test::scratchDir("cli_commands");
    ts::test::writeText(dir_ / "demo-smoke.json", reducedDemo());
    project_ = dir_ / "demo.tsproj";
    const auto r = cli({"demo", "--project", qpath(project_), "--threads", "1"},
                       {"TRACESCOPE_DEMO_EXPERIMENT=" + qpath(dir_ / "demo-smoke.json")});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    demoOutput_ = r.out;
    model_ =
        dir_ / "demo.runs" / "demo-smoke" / "sample-babi" / "correct" / "s121" / "train" / "final";
    QVERIFY2(fs::is_regular_file(model_ / "config.json"), model_.c_str());
}

void TestCliCommands::demo() {
    // The summary: one line per condition, the trace x answer table per run.
    const std::string& out = demoOutput_;
    QVERIFY2(ts::contains(out, "Answer accuracy per condition (strict rule; mean over seeds)"),
             out.c_str());
    for (const char* condition : {"vanilla", "correct", "incorrect"}) {
        QVERIFY2(ts::contains(out, "demo-smoke/sample-babi/" + std::string(condition) + "/s121"),
                 out.c_str());
    }
    QVERIFY2(ts::contains(out, "Trace x answer per run"), out.c_str());
    QVERIFY2(ts::contains(out, "Pooled over seeds per condition"), out.c_str());
    QVERIFY2(ts::contains(out, "demo finished: "), out.c_str());
    auto p = ts::store::Project::open(project_.string());
    const auto runs = ts::store::listRuns(p);
    // The three trained runs and the sample data's free-form run, on the same 8 items.
    QCOMPARE(runs.size(), std::size_t{4});
    for (const auto& run : runs) QCOMPARE(run.predictions, 8LL);
    QCOMPARE(runs.back().name, std::string("demo-smoke/sample-babi/free-form-sample"));
    QVERIFY(runs.back().traceType == ts::TraceType::FreeForm);
    QCOMPARE(runs.back().strictVerdicts, 8LL);

    // The demo project sent to a colleague (a copy: not in their machine's
    // record of own files, so every check runs, quick_check included) opens
    // read-only from the CLI and in-process, without a byte changing, and
    // read-write as usual.
    const fs::path copy = dir_ / "demo-from-a-colleague.tsproj";
    fs::copy_file(project_, copy, fs::copy_options::overwrite_existing);
    const auto bytes = [](const fs::path& f) {
        std::ifstream in(f, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string sent = bytes(copy);
    const auto table = cli({"--read-only", "tables", "--project", qpath(copy), "--run",
                            "demo-smoke/sample-babi/correct/s121"});
    QVERIFY2(table.exitCode == 0, table.both().c_str());
    QVERIFY2(table.outHas("answer"), table.both().c_str());
    {
        auto readOnly = ts::store::Project::openReadOnly(copy.string());
        QCOMPARE(ts::store::listRuns(readOnly).size(), std::size_t{4});
    }
    QVERIFY(bytes(copy) == sent);
    QVERIFY(!fs::exists(copy.string() + "-wal") && !fs::exists(copy.string() + "-shm"));
    {
        auto readWrite = ts::store::Project::open(copy.string());
        QCOMPARE(ts::store::listRuns(readWrite).size(), std::size_t{4});
    }

    // A second call only prints the summary: nothing is trained again.
    const auto again = cli({"demo", "--project", qpath(project_), "--threads", "1"},
                           {"TRACESCOPE_DEMO_EXPERIMENT=" + qpath(dir_ / "demo-smoke.json")});
    QVERIFY2(again.exitCode == 0, again.both().c_str());
    QVERIFY2(!again.outHas(" train "), again.both().c_str());
    QVERIFY2(again.outHas("Answer accuracy per condition"), again.both().c_str());

    checkHelpAndUsage("demo", {"--threads", "1"}, "--project is required");
    checkFailure(cli({"demo", "--project", qpath(dir_ / "other.tsproj")},
                     {"TRACESCOPE_DEMO_EXPERIMENT=" + qpath(dir_ / "missing.json")}),
                 "missing.json: the demo experiment file is missing");
}

void TestCliCommands::generateSample() {
    // The committed sample data is seed 7: the command must rewrite it byte for byte.
    const fs::path out = dir_ / "sample";
    const auto r = cli({"generate-sample", "--out", qpath(out), "--seed", "7"});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(ts::test::sampleData())) {
        if (!e.is_regular_file() || e.path().extension() == ".md") continue;
        const fs::path rel = fs::relative(e.path(), ts::test::sampleData());
        QVERIFY2(fs::exists(out / rel), rel.c_str());
        QVERIFY2(ts::readFile(out / rel) == ts::readFile(e.path()), rel.c_str());
        ++files;
    }
    QVERIFY(files >= 16);
    QVERIFY2(r.errHas("wrote " + std::to_string(files) + " sample files (seed 7)"),
             r.both().c_str());

    checkHelpAndUsage("generate-sample", {"--out", qpath(out), "--seed", "-1"},
                      "--seed expects a non-negative integer, got '-1'");
    const fs::path blocker = ts::test::writeText(dir_ / "a-file", "x");
    const auto bad = cli({"generate-sample", "--out", qpath(blocker)});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.errHas("a-file"), bad.both().c_str());
}

void TestCliCommands::buildSft() {
    const fs::path input = ts::test::sampleData() / "babi" / "qa1_single-supporting-fact_train.txt";
    const fs::path out = dir_ / "qa1-correct.jsonl";
    const auto r = cli({"build-sft", "--dataset", "babi", "--input", qpath(input), "--condition",
                        "correct", "--seed", "1", "--out", qpath(out)});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    // One example per item the loader reads (first question of each story).
    const auto items = ts::loadDataset({input}).items.size();
    QCOMPARE(countLines(out), items);
    const auto first = nlohmann::json::parse(ts::split(ts::readFile(out), '\n').at(0));
    const std::string target = first.at("messages").back().at("content").get<std::string>();
    QVERIFY2(ts::startsWith(target, "<think>The category of the question represents"),
             target.c_str());
    QVERIFY2(ts::contains(target, "is: single-supporting-fact.\n"), target.c_str());
    QVERIFY2(ts::contains(target, "</think> <answer>"), target.c_str());

    checkHelpAndUsage(
        "build-sft",
        {"--dataset", "babi", "--input", qpath(input), "--condition", "bogus", "--out", qpath(out)},
        "unknown --condition 'bogus'");
    checkFailure(cli({"build-sft", "--dataset", "cotempqa", "--input", qpath(input), "--condition",
                      "correct", "--seed", "1", "--out", qpath(dir_ / "x.jsonl")}),
                 "the input holds a babi");
    QVERIFY(!fs::exists(dir_ / "x.jsonl"));
}

void TestCliCommands::model() {
    const auto r = cli({"model", "info", qpath(model_), "--json"});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto info = nlohmann::json::parse(r.out);
    const auto config = nlohmann::json::parse(ts::readFile(model_ / "config.json"));
    QCOMPARE(info.at("architecture").get<std::string>(), std::string("LlamaForCausalLM"));
    QCOMPARE(info.at("num_layers").get<int>(), config.at("num_hidden_layers").get<int>());
    QCOMPARE(info.at("hidden_size").get<int>(), 32);
    QCOMPARE(info.at("parameters").get<long long>(),
             info.at("parameters_expected").get<long long>());
    const auto text = cli({"model", "info", qpath(model_)});
    QVERIFY2(text.exitCode == 0 && text.outHas("architecture: LlamaForCausalLM"),
             text.both().c_str());

    checkHelpAndUsage("model", {"explode"}, "unknown model subcommand 'explode'");
    checkFailure(cli({"model", "info", qpath(dir_ / "no-such-model")}), "no-such-model");
    fs::create_directories(dir_ / "empty-fixtures");
    checkFailure(cli({"model", "parity", "--fixtures", qpath(dir_ / "empty-fixtures")}),
                 "no parity fixtures");
}

void TestCliCommands::logits() {
    const auto r = cli({"logits", "--model", qpath(model_), "--ids", "0,7,20,31", "--json"});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto rows = nlohmann::json::parse(r.out).at("logits");
    const auto vocab = nlohmann::json::parse(ts::readFile(model_ / "config.json"))
                           .at("vocab_size")
                           .get<std::size_t>();
    QCOMPARE(rows.size(), std::size_t{4});
    for (const auto& row : rows) QCOMPARE(row.size(), vocab);
    // A causal model: the first position's logits do not depend on what follows.
    const auto prefix = cli({"logits", "--model", qpath(model_), "--ids", "0", "--json"});
    QVERIFY2(prefix.exitCode == 0, prefix.both().c_str());
    const auto first = nlohmann::json::parse(prefix.out).at("logits").at(0);
    for (std::size_t v = 0; v < vocab; ++v)
        QVERIFY(std::abs(first[v].get<double>() - rows[0][v].get<double>()) < 1e-4);

    checkHelpAndUsage("logits", {"--model", qpath(model_), "--ids", "1,x"}, "--ids");
    checkFailure(cli({"logits", "--model", qpath(model_), "--ids", "1,99999"}), "99999");
}

void TestCliCommands::generate() {
    const QStringList args{"generate",         "--model", qpath(model_),  "--ids", "0,7,20,31",
                           "--max-new-tokens", "5",       "--ignore-eos", "--json"};
    const auto r = cli(args);
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    const auto seq = nlohmann::json::parse(r.out).at("sequences").at(0);
    const auto tokens = seq.at("tokens").get<std::vector<long long>>();
    QCOMPARE(tokens.size(), std::size_t{5});
    // Greedy: the first new token is the argmax of the last position's logits.
    const auto logits =
        nlohmann::json::parse(
            cli({"logits", "--model", qpath(model_), "--ids", "0,7,20,31", "--json"}).out)
            .at("logits")
            .at(3)
            .get<std::vector<double>>();
    const auto argmax = std::max_element(logits.begin(), logits.end()) - logits.begin();
    QCOMPARE(tokens[0], static_cast<long long>(argmax));
    // And it is deterministic.
    QCOMPARE(nlohmann::json::parse(cli(args).out)
                 .at("sequences")
                 .at(0)
                 .at("tokens")
                 .get<std::vector<long long>>(),
             tokens);

    // Text in, text out: the model folder carries its tokenizer.
    const auto text = cli({"generate", "--model", qpath(model_), "--prompt", "Where is Mary?",
                           "--max-new-tokens", "4", "--json"});
    QVERIFY2(text.exitCode == 0, text.both().c_str());
    const auto textSeq = nlohmann::json::parse(text.out).at("sequences").at(0);
    QVERIFY2(textSeq.contains("text") && !textSeq.at("prompt_ids").empty(), text.out.c_str());

    checkHelpAndUsage("generate", {"--model", qpath(model_), "--ids", "1", "--prompt", "hi"},
                      "give prompts as exactly one of --prompt, --messages or --ids");
    checkFailure(cli({"generate", "--model", qpath(dir_ / "no-such-model"), "--ids", "1"}),
                 "no-such-model");
}

void TestCliCommands::train() {
    const fs::path sft = dir_ / "qa1-train.jsonl";
    const auto built =
        cli({"build-sft", "--dataset", "babi", "--input",
             qpath(ts::test::sampleData() / "babi" / "qa1_single-supporting-fact_train.txt"),
             "--condition", "correct", "--seed", "3", "--no-system", "--out", qpath(sft)});
    QVERIFY2(built.exitCode == 0, built.both().c_str());
    const fs::path out = dir_ / "lora";
    const QStringList args{
        "train",    "--model",  qpath(model_), "--sft",        qpath(sft), "--out",
        qpath(out), "--epochs", "1",           "--batch-size", "16",       "--max-length",
        "384",      "--lora-r", "4",           "--threads",    "1"};
    const auto r = cli(args);
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    QVERIFY2(r.outHas("trained "), r.both().c_str());
    const auto adapter = nlohmann::json::parse(ts::readFile(out / "final" / "adapter_config.json"));
    QCOMPARE(adapter.at("r").get<int>(), 4);
    QVERIFY(fs::file_size(out / "final" / "adapter_model.safetensors") > 0);
    const auto result = nlohmann::json::parse(ts::readFile(out / "result.json"));
    QCOMPARE(result.at("rows").get<std::size_t>(), countLines(sft));
    // Run again: the finished training is found, not repeated.
    const auto again = cli(args);
    QVERIFY2(again.exitCode == 0 && again.outHas("already trained: "), again.both().c_str());
    adapterDir_ = out / "final";

    checkHelpAndUsage(
        "train",
        {"--model", qpath(model_), "--out", qpath(out), "--data", "x", "--condition", "bogus"},
        "unknown --condition 'bogus'");
    checkFailure(cli({"train", "--model", qpath(model_), "--sft", qpath(dir_ / "no-such.jsonl"),
                      "--out", qpath(dir_ / "lora2")}),
                 "no-such.jsonl");
}

void TestCliCommands::infer() {
    QVERIFY2(!adapterDir_.empty(), "train() must run first");
    const fs::path data = ts::test::sampleData() / "babi" / "qa1_single-supporting-fact_test.txt";
    const fs::path out = dir_ / "predictions.jsonl";
    const fs::path project = dir_ / "infer.tsproj";
    const auto r = cli({"infer",
                        "--model",
                        qpath(model_),
                        "--adapter",
                        qpath(adapterDir_),
                        "--data",
                        qpath(data),
                        "--limit",
                        "4",
                        "--max-new-tokens",
                        "16",
                        "--batch-size",
                        "2",
                        "--no-system-message",
                        "--out",
                        qpath(out),
                        "--project",
                        qpath(project),
                        "--run",
                        "qa1-lora",
                        "--threads",
                        "1"});
    QVERIFY2(r.exitCode == 0, r.both().c_str());
    QVERIFY2(r.outHas("4 items (0 answered earlier)"), r.both().c_str());
    QCOMPARE(countLines(out), std::size_t{4});
    auto p = ts::store::Project::open(project.string());
    const auto runs = ts::store::listRuns(p);
    QCOMPARE(runs.size(), std::size_t{1});
    QCOMPARE(runs[0].name, std::string("qa1-lora"));
    QCOMPARE(runs[0].predictions, 4LL);
    QCOMPARE(runs[0].strictVerdicts, 4LL);

    checkHelpAndUsage(
        "infer",
        {"--model", qpath(model_), "--data", qpath(data), "--out", qpath(out), "--project", "p"},
        "--project and --run go together");
    checkFailure(cli({"infer", "--model", qpath(model_), "--data", qpath(dir_ / "no-such-data.txt"),
                      "--out", qpath(dir_ / "p2.jsonl")}),
                 "no-such-data.txt");
}

QTEST_GUILESS_MAIN(TestCliCommands)
#include "test_cli_commands.moc"
