// tracescope-cli taxonomy on the taxonomy fixture project (two runs, every
// retrieval and answer type): the per-type totals recounted from `items`,
// under strict and legacy; two runs pooled and compared; the filter
// `items --where error=TYPE`; CSV and Markdown; usage errors.
#include <QtTest>

#include "core/store/project.h"
#include "tests/cli/taxonomy_cli_check.h"
#include "tests/common/test_support.h"
#include "tests/store/taxonomy_fixtures.h"

namespace fs = std::filesystem;
using ts::test::qpath;
using ts::test::runCli;

class TestCliTaxonomy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        project_ = ts::test::scratchDir("cli_taxonomy") / "tax.tsproj";
        auto project = ts::store::Project::create(project_.string());
        ts::test::importTaxonomyRuns(project);
    }

    void totalsMatchTheItemList() {
        for (const char* rule : {"strict", "legacy"}) {
            const auto run = ts::test::checkTaxonomyAgainstItems(project_, "tax-a", rule);
            QVERIFY2(!run.is_null(), rule);
            QCOMPARE(run.at("items").get<long long>(), 8LL);
        }
    }

    void twoRunsArePooledAndCompared() {
        const auto r = runCli({"taxonomy", "--project", qpath(project_), "--run", "tax-a", "--run",
                               "tax-b", "--format", "json"});
        QVERIFY2(r.exitCode == 0, r.both().c_str());
        const auto doc = nlohmann::json::parse(r.out);
        QCOMPARE(doc.at("runs").size(), std::size_t(2));
        QCOMPARE(doc.at("pooled").at("runs").size(), std::size_t(2));
        QCOMPARE(doc.at("comparison").at("run_a").get<std::string>(), std::string("tax-a"));
        QCOMPARE(doc.at("taxonomy").at("hallucination_threshold").get<double>(), 0.5);
        const auto& pooled = doc.at("pooled").at("types");
        for (std::size_t k = 0; k < pooled.size(); ++k)
            QCOMPARE(pooled[k].at("present").get<long long>(),
                     doc.at("runs")[0].at("types")[k].at("present").get<long long>() +
                         doc.at("runs")[1].at("types")[k].at("present").get<long long>());
        QVERIFY(pooled[0].at("statistics").contains("cmh"));
    }

    void itemsFilterOnAType() {
        const auto tax = runCli(
            {"taxonomy", "--project", qpath(project_), "--run", "tax-a", "--format", "json"});
        const auto doc = nlohmann::json::parse(tax.out);
        for (const auto& t : doc.at("runs")[0].at("types")) {
            const auto items =
                runCli({"items", "--project", qpath(project_), "--run", "tax-a", "--where",
                        "error=" + QString::fromStdString(t.at("type")), "--format", "jsonl"});
            QVERIFY2(items.exitCode == 0, items.both().c_str());
            const long long lines =
                static_cast<long long>(std::count(items.out.begin(), items.out.end(), '\n'));
            QCOMPARE(lines, t.at("present").get<long long>());
        }
    }

    void csvAndMarkdown() {
        const auto csv = runCli({"taxonomy", "--project", qpath(project_), "--run", "tax-a",
                                 "--run", "tax-b", "--format", "csv"});
        QVERIFY2(csv.exitCode == 0, csv.both().c_str());
        QVERIFY(csv.out.rfind("run,type,group,present,population,", 0) == 0);
        QVERIFY(csv.outHas("\nrun,predicted,gold,count\n"));
        QVERIFY(csv.outHas("\nrun_a,run_b,type,pairs,"));
        QVERIFY(csv.outHas("pooled,gold-omitted,retrieval,"));
        const auto md = runCli({"taxonomy", "--project", qpath(project_), "--run", "tax-a"});
        QVERIFY2(md.exitCode == 0, md.both().c_str());
        QVERIFY(md.outHas("# Error taxonomy, rule strict"));
        QVERIFY(md.outHas("| (not a label of this dataset) |"));
        QVERIFY(md.outHas("| hallucinated-citation |") || md.outHas(" hallucinated-citation |"));
    }

    void usageErrors() {
        auto r = runCli(
            {"taxonomy", "--project", qpath(project_), "--run", "tax-a", "--format", "latex"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errHas("unknown --format 'latex'"));
        r = runCli({"taxonomy", "--project", qpath(project_)});
        QCOMPARE(r.exitCode, 2);
        r = runCli({"taxonomy", "--project", qpath(project_), "--run", "nope"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.errHas("nope"));
        r = runCli(
            {"items", "--project", qpath(project_), "--run", "tax-a", "--where", "error=bogus"});
        QCOMPARE(r.exitCode, 2);
        r = runCli({"taxonomy", "--help"});
        QCOMPARE(r.exitCode, 0);
    }

private:
    fs::path project_;
};

QTEST_GUILESS_MAIN(TestCliTaxonomy)
#include "test_cli_taxonomy.moc"
