// The optimizer against ../shared/data/parity's `adamw_step`: one full
// fine-tuning step of torch.optim.AdamW (lr 1e-2, wd 0.01) on the masked loss
// of sequence 0; loss before and after and the gradient norm within 1e-5
// relative, the logits after the step within 1e-4 absolute.
#include <QtTest>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/model/causal_lm.h"
#include "core/model/safetensors.h"
#include "core/train/single_step.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"

class TestAdamwParity : public QObject {
    Q_OBJECT

private:
    void checkFixture(const std::string& name) {
        const auto dir = ts::test::sharedFile("parity/" + name);
        TS_REQUIRE_SHARED(dir.string() + "/reference.json");
        const auto ref = nlohmann::json::parse(ts::readFile(dir / "reference.json"));
        const auto& step = ref.at("adamw_step");
        std::vector<std::int64_t> ids = ref.at("sequences").at(0).get<std::vector<std::int64_t>>();
        std::vector<std::int64_t> labels = ids;
        const int ignored = ref.at("masked_loss").at("ignored_prefix").get<int>();
        for (int i = 0; i < ignored; ++i) labels[static_cast<std::size_t>(i)] = -100;

        auto lm = ts::model::CausalLM::load(dir);
        ts::train::AdamwSettings s;
        s.beta1 = step.at("betas").at(0).get<double>();
        s.beta2 = step.at("betas").at(1).get<double>();
        s.eps = step.at("eps").get<double>();
        s.weightDecay = step.at("weight_decay").get<double>();
        const auto report = ts::train::fullFineTuneStep(lm, ids, labels, step.at("lr").get<double>(), s);

        auto rel = [](double a, double b) { return std::abs(a - b) / std::abs(b); };
        const double lossBefore = step.at("loss_before").get<double>();
        const double gradNorm = step.at("grad_norm").get<double>();
        const double lossAfter = step.at("loss_after").get<double>();
        qInfo("%s: loss before %.8f (ref %.8f), grad norm %.8f (ref %.8f)", name.c_str(), report.lossBefore,
              lossBefore, report.gradNorm, gradNorm);
        QVERIFY2(rel(report.lossBefore, lossBefore) < 1e-5, "loss before the step");
        QVERIFY2(rel(report.gradNorm, gradNorm) < 1e-5, "gradient norm");
        const double after = lm.loss(ids, labels);
        qInfo("%s: loss after %.8f (ref %.8f)", name.c_str(), after, lossAfter);
        QVERIFY2(rel(after, lossAfter) < 1e-5, "loss after the step");
        // The step must have moved the loss (guards against a no-op optimizer).
        QVERIFY(std::abs(after - lossBefore) > 1e-3);

        const auto refFile = ts::model::SafetensorsFile::open(dir / "reference.safetensors");
        const auto expected = refFile.toDoubles("adamw_logits_after_0");
        const auto logits = lm.logits(ids);
        QCOMPARE(logits.values.size(), expected.size());
        double maxDiff = 0.0;
        for (std::size_t i = 0; i < expected.size(); ++i)
            maxDiff = std::max(maxDiff, std::abs(static_cast<double>(logits.values[i]) - expected[i]));
        qInfo("%s: max |logits after - reference| = %.3g", name.c_str(), maxDiff);
        QVERIFY2(maxDiff < 1e-4, "logits after the step");
    }

private Q_SLOTS:
    void llamaTiny() { checkFixture("llama_tiny"); }
    void qwen3Tiny() { checkFixture("qwen3_tiny"); }
};

TS_DATA_TEST_MAIN(TestAdamwParity)
#include "test_adamw_parity.moc"
