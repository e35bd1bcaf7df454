// tracescope-cli taxonomy on the paper's CoTempQA Llama-3.2-1B correct-trace
// run (../shared/data; exit 77 without it): imported with `import`, the
// per-type totals under the strict and the legacy rule recounted from
// `items`, and the strict figures that docs/analysis.md quotes, pinned.
#include <QtTest>

#include "tests/cli/taxonomy_cli_check.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using ts::test::qpath;
using ts::test::runCli;

namespace {

const std::string kAdapter = "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default";

long long present(const nlohmann::json& run, const std::string& type) {
    for (const auto& t : run.at("types"))
        if (t.at("type") == type) return t.at("present").get<long long>();
    return -1;
}

}  // namespace

class TestCliTaxonomyData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llamaCorrectTraceRun() {
        const fs::path project = ts::test::scratchDir("cli_taxonomy_data") / "paper.tsproj";
        QStringList args = {"import",   "--project",      qpath(project),
                            "--format", "trace-check-qa", "--dataset",
                            "cotempqa", "--run",          "cotempqa-llama-facts"};
        for (const char* cls : {"equal", "overlap", "during", "mix"}) {
            const auto pred = ts::test::sharedFile("trace_check_qa_results/evaluation_outputs/" +
                                                   std::string(cls) + "/" + kAdapter + ".json");
            const auto gold =
                ts::test::sharedFile("cotempqa/sft_dataset_reasoning_with_facts_chat_template/" +
                                     std::string(cls) + "_test.csv");
            TS_REQUIRE_SHARED(pred);
            args << "--pair" << qpath(pred) + ":" + qpath(gold);
        }
        const auto imported = runCli(args);
        QVERIFY2(imported.exitCode == 0, imported.both().c_str());
        const auto strict =
            ts::test::checkTaxonomyAgainstItems(project, "cotempqa-llama-facts", "strict");
        QVERIFY(!strict.is_null());
        QVERIFY(!ts::test::checkTaxonomyAgainstItems(project, "cotempqa-llama-facts", "legacy")
                     .is_null());
        QCOMPARE(strict.at("items").get<long long>(), 950LL);
        QCOMPARE(strict.at("answer_ok").get<long long>(), 403LL);
        // Regression snapshot of the figures docs/analysis.md quotes (this
        // implementation's output, checked by hand on sampled items; not
        // independent values).
        QCOMPARE(strict.at("class_confusion").at("diagonal").get<long long>(), 533LL);
        const std::pair<const char*, long long> expected[] = {
            {"class-no-label", 10},   {"class-not-in-dataset", 1},  {"class-other-label", 406},
            {"gold-omitted", 570},    {"non-gold-cited", 395},      {"hallucinated-citation", 2},
            {"altered-citation", 34}, {"citation-unparsable", 22},  {"answer-no-tag", 6},
            {"answer-partial", 199},  {"answer-other-entity", 319}, {"answer-not-in-context", 29}};
        for (const auto& [type, count] : expected) QCOMPARE(present(strict, type), count);
        QCOMPARE(strict.at("ranking").at(0).get<std::string>(), std::string("gold-omitted"));
    }
};

TS_DATA_TEST_MAIN(TestCliTaxonomyData)
#include "test_cli_taxonomy_data.moc"
