// The engine and the Hugging Face stack agree both ways, on the CPU in float32:
//  - fixtures that transformers/peft (the pinned versions of requirements.txt)
//    regenerate on every run - tiny Llama (tied and untied), Qwen3, a LoRA
//    adapter - give the engine's logits within 1e-5, the masked loss within
//    1e-5 relative and the same greedy tokens;
//  - a LoRA adapter and a full checkpoint written by `tracescope-cli train`
//    load in peft / transformers, whose outputs the engine then matches to the
//    same bounds: what TraceScope saves is what a transformers user loads.
#include <QtTest>

#include "core/model/causal_lm.h"
#include "core/model/parity.h"
#include "core/util/file_io.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"
#include "tests/train/tiny_models.h"

namespace fs = std::filesystem;
using namespace ts::model;
using ts::test::qpath;

namespace {

constexpr double kLogitsTol = 1e-5;

QString python() {
    const QString env = qEnvironmentVariable("TRACESCOPE_INTEROP_PYTHON");
    return env.isEmpty() ? QString(TRACESCOPE_INTEROP_PYTHON) : env;
}

QString script(const char* name) {
    return QString(TRACESCOPE_INTEROP_DIR) + "/" + name;
}

ts::test::ProcessResult runPython(const QStringList& args) {
    return ts::test::runProcess(python(), args, {{}, {}, 600000});
}

void expectParity(const fs::path& fixture, const ParityOptions& base) {
    ParityOptions opt = base;
    opt.logitsAbsTol = kLogitsTol;
    opt.lossRelTol = 1e-5;
    opt.requireGreedyIdentical = true;
    const auto report = runParity(fixture, opt);
    const std::string text = report.toText();
    qInfo().noquote() << QString::fromStdString(text);
    QVERIFY2(report.passed(), text.c_str());
    QVERIFY(report.maxLogitsAbsDiff() <= kLogitsTol);
}

}  // namespace

class TestHfInterop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void regeneratedFixturesMatch();
    void trainedAdapterLoadsInPeft();
    void trainedCheckpointLoadsInTransformers();

private:
    fs::path train(const QString& name, const QStringList& extra);
    fs::path work_, base_;
};

void TestHfInterop::initTestCase() {
    const auto probe = runPython({"-c",
                                  "import transformers, peft, safetensors; "
                                  "print(transformers.__version__, peft.__version__)"});
    QVERIFY2(probe.exitCode == 0, probe.both().c_str());
    qInfo("transformers / peft: %s", probe.out.c_str());
    work_ = ts::test::scratchDir("hf_interop");
    base_ = work_ / "base";
    ts::test::writeTinyHfModel(base_);
}

void TestHfInterop::regeneratedFixturesMatch() {
    const auto out = work_ / "fixtures";
    const auto made = runPython({script("make_hf_fixtures.py"), qpath(out)});
    QVERIFY2(made.exitCode == 0, made.both().c_str());
    const auto fixtures = findParityFixtures(out);
    QCOMPARE(fixtures.size(), std::size_t(4));
    for (const auto& f : fixtures) {
        ParityOptions opt;
        expectParity(f, opt);
        if (isAdapterFixture(f)) {
            opt.loraMode = LoraMode::Merged;
            expectParity(f, opt);
        }
    }
}

fs::path TestHfInterop::train(const QString& name, const QStringList& extra) {
    const auto out = work_ / name.toStdString();
    QStringList args = {"train",
                        "--model",
                        qpath(base_),
                        "--data",
                        qpath(fs::path(TRACESCOPE_SOURCE_DIR) / "sample_data" / "babi" /
                              "qa1_single-supporting-fact_train.txt"),
                        "--format",
                        "babi",
                        "--out",
                        qpath(out),
                        "--epochs",
                        "1",
                        "--batch-size",
                        "8",
                        "--grad-accum",
                        "1",
                        "--max-length",
                        "1024",
                        "--lr",
                        "3e-3",
                        "--threads",
                        "2"};
    args << extra;
    const auto r = ts::test::runProcess(TRACESCOPE_CLI, args, {{}, {}, 600000});
    if (r.exitCode != 0) qWarning("%s", r.both().c_str());
    return r.exitCode == 0 ? out / "final" : fs::path();
}

void TestHfInterop::trainedAdapterLoadsInPeft() {
    const auto adapter = train("lora", {});
    QVERIFY(!adapter.empty());
    QVERIFY(fs::exists(adapter / "adapter_config.json"));
    const auto fixture = work_ / "lora_fixture";
    const auto ref = runPython({script("hf_reference.py"), "--model", qpath(base_), "--adapter",
                                qpath(adapter), "--out", qpath(fixture)});
    QVERIFY2(ref.exitCode == 0, ref.both().c_str());
    ParityOptions opt;
    opt.baseModelDir = base_;
    expectParity(fixture, opt);
    // The adapter was trained (B moved off zero): it changes the base model's
    // logits by far more than the tolerance, so the match above is not vacuous.
    auto lm = CausalLM::load(base_);
    lm.loadAdapter(adapter);
    const std::vector<std::int64_t> ids = {1, 17, 42, 44, 7, 7, 99, 211, 256, 3};
    const auto withAdapter = lm.logits(ids);
    const auto plain = CausalLM::load(base_).logits(ids);
    double diff = 0;
    for (std::size_t i = 0; i < plain.values.size(); ++i)
        diff = std::max(diff, double(std::fabs(plain.values[i] - withAdapter.values[i])));
    QVERIFY2(diff > 1e-3, qPrintable(QString::number(diff)));
}

void TestHfInterop::trainedCheckpointLoadsInTransformers() {
    const auto model = train("full", {"--full"});
    QVERIFY(!model.empty());
    QVERIFY(fs::exists(model / "config.json"));
    const auto fixture = work_ / "full_fixture";
    const auto ref =
        runPython({script("hf_reference.py"), "--model", qpath(model), "--out", qpath(fixture)});
    QVERIFY2(ref.exitCode == 0, ref.both().c_str());
    expectParity(fixture, {});
}

int main(int argc, char** argv) {
    const QString py = python();
    if (py.isEmpty() || !QFileInfo(py).isExecutable()) {
        std::printf(
            "SKIP: no Python with transformers/peft (set TRACESCOPE_INTEROP_PYTHON; "
            "scripts/torch2_env.sh installs one)\n");
        return 77;
    }
    QCoreApplication app(argc, argv);
    TestHfInterop tc;
    return QTest::qExec(&tc, argc, argv);
}

#include "test_hf_interop.moc"
