// Parity with Hugging Face transformers / peft (../shared/data/parity): logits
// of both sequences and of the left-padded batch within 1e-4, greedy ids
// identical (eager and static-cache decode), masked loss within 1e-5 relative,
// for every fixture on the CPU in float32, LoRA both unmerged and merged.
// Also bfloat16 within the bound the GPU check uses, and negative controls
// showing that a wrong rotary setting (float32) and a broken norm (bf16) fail.
#include <QtTest>

#include <fstream>

#include "core/model/parity.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using namespace ts::model;

namespace {

std::filesystem::path parityRoot() {
    return ts::test::sharedData() / "parity";
}

}  // namespace

class TestParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void float32MatchesTransformers_data();
    void float32MatchesTransformers();
    void bfloat16WithinBound_data();
    void bfloat16WithinBound();
    void wrongRopeScalingIsCaught();
};

void TestParity::float32MatchesTransformers_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("merged");
    const auto fixtures = findParityFixtures(parityRoot());
    QVERIFY2(fixtures.size() >= 3, "expected llama_tiny, qwen3_tiny and llama_tiny_lora");
    for (const auto& f : fixtures) {
        const auto name = QString::fromStdString(f.filename().string());
        QTest::newRow(qPrintable(name)) << name << false;
        if (isAdapterFixture(f)) QTest::newRow(qPrintable(name + " merged")) << name << true;
    }
}

void TestParity::float32MatchesTransformers() {
    QFETCH(QString, fixture);
    QFETCH(bool, merged);
    ParityOptions opt;
    opt.loraMode = merged ? LoraMode::Merged : LoraMode::Unmerged;
    const auto report = runParity(parityRoot() / fixture.toStdString(), opt);
    const std::string text = report.toText();
    qInfo().noquote() << QString::fromStdString(text);
    QVERIFY2(report.passed(), text.c_str());
    QCOMPARE(report.measures.size(), std::size_t(6));
    QVERIFY(report.maxLogitsAbsDiff() <= 1e-4);
}

void TestParity::bfloat16WithinBound_data() {
    QTest::addColumn<QString>("fixture");
    for (const auto& f : findParityFixtures(parityRoot()))
        QTest::newRow(f.filename().string().c_str())
            << QString::fromStdString(f.filename().string());
}

void TestParity::bfloat16WithinBound() {
    QFETCH(QString, fixture);
    // The bound the GPU check uses (parity.h explains it).
    const ParityOptions opt = parityOptionsFor(DType::BFloat16);
    QCOMPARE(opt.logitsAbsTol, kReducedPrecisionLogitsTol);
    const auto report = runParity(parityRoot() / fixture.toStdString(), opt);
    const std::string text = report.toText();
    qInfo().noquote() << QString::fromStdString(text);
    QVERIFY2(report.passed(), text.c_str());
    // bf16 really ran: the error is far above float32 rounding.
    QVERIFY2(report.maxLogitsAbsDiff() > 1e-4, text.c_str());
}

void TestParity::wrongRopeScalingIsCaught() {
    // llama_tiny with its llama3 rope scaling dropped: positions > 0 rotate
    // differently, which float32 parity must detect.
    const auto src = parityRoot() / "llama_tiny";
    const auto dir = ts::test::scratchDir("parity_wrong_rope");
    for (const char* f : {"model.safetensors", "reference.safetensors", "reference.json"})
        std::filesystem::copy_file(src / f, dir / f);
    std::string cfg = ts::readFile(src / "config.json");
    ts::replaceAll(cfg, "\"rope_type\": \"llama3\"", "\"rope_type\": \"default\"");
    QVERIFY(cfg.find("\"default\"") != std::string::npos);
    ts::test::writeText(dir / "config.json", cfg);
    const auto report = runParity(dir, ParityOptions{});
    qInfo().noquote() << QString::fromStdString(report.toText());
    QVERIFY2(!report.passed(), report.toText().c_str());
    QVERIFY(report.maxLogitsAbsDiff() > 1e-3);
    // This defect (2.5e-3) hides in bf16 rounding (5e-3); bf16 runs only catch
    // gross ones, such as a broken normalisation (eps 1e-5 -> 1).
    QVERIFY(runParity(dir, parityOptionsFor(DType::BFloat16)).passed());
    ts::replaceAll(cfg, "\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": 1.0");
    ts::test::writeText(dir / "config.json", cfg);
    const auto bf16 = runParity(dir, parityOptionsFor(DType::BFloat16));
    qInfo().noquote() << QString::fromStdString(bf16.toText());
    QVERIFY2(!bf16.passed(), bf16.toText().c_str());
}

TS_DATA_TEST_MAIN(TestParity)
#include "test_parity.moc"
