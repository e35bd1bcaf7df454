// The human rule from the command line, run as processes on a project the
// test writes: five trace overrides made with `annotate` move exactly five
// items between the cells of `tables --rule human`; `items` lists the same
// verdicts; `annotations export` then `import` into a copy gives identical
// tables; pooled tables sum the runs; --missing-trace exclude leaves the
// trace-less items out; and every command answers --help, usage errors
// (exit 2) and bad input (exit 1, naming it).
#include <QtTest>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/store/project.h"
#include "core/store/run_writer.h"
#include "core/util/text.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

namespace fs = std::filesystem;
using ts::test::ProcessResult;
using ts::test::qpath;

namespace {

ProcessResult cli(const QStringList& args) {
    return ts::test::runProcess(QStringLiteral(TRACESCOPE_CLI), args);
}

// The trace table of `tables --format json` as {ok_ok, ok_bad, bad_ok, bad_bad}.
std::vector<long long> traceCells(const nlohmann::json& tables) {
    for (const auto& t : tables.at("tables"))
        if (t.at("step") == "trace")
            return {t.at("ok_ok").get<long long>(), t.at("ok_bad").get<long long>(),
                    t.at("bad_ok").get<long long>(), t.at("bad_bad").get<long long>()};
    return {};
}

}  // namespace

class TestCliAnnotations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fiveOverridesMoveFiveItems();
    void itemsListTheHumanVerdicts();
    void exportImportRoundTrip();
    void pooledAndMissingTrace();
    void usageAndBadInput();

private:
    nlohmann::json tables(const QStringList& extra) {
        const auto r = cli(QStringList{"tables", "--project", qpath(project_), "--run", "run-a",
                                       "--format", "json"} +
                           extra);
        if (r.exitCode != 0) qWarning("%s", r.both().c_str());
        return nlohmann::json::parse(r.out);
    }

    fs::path dir_, project_;
    std::vector<std::string> okOk_;  // items of run-a with trace ok and answer ok (strict)
};

void TestCliAnnotations::initTestCase() {
    dir_ = ts::test::scratchDir("cli_annotations");
    project_ = dir_ / "p.tsproj";
    const ts::Dataset d = ts::test::syntheticDataset("cli-items", 120);
    const auto a = ts::test::syntheticPredictions(d, 0), b = ts::test::syntheticPredictions(d, 1);
    auto p = ts::store::Project::create(project_.string());
    ts::store::RunInfo ra, rb;
    ra.name = "run-a";
    rb.name = "run-b";
    ts::store::importRun(p, d, ra, a);
    ts::store::importRun(p, d, rb, b);
    for (const auto& r : a)
        if (r.verdicts[0].trace == ts::StepVerdict::Ok &&
            r.verdicts[0].answer == ts::StepVerdict::Ok)
            okOk_.push_back(r.itemId);
    QVERIFY(okOk_.size() >= 5);
}

void TestCliAnnotations::fiveOverridesMoveFiveItems() {
    const auto before = traceCells(tables({"--rule", "human"}));
    QCOMPARE(before, traceCells(tables({"--rule", "strict"})));  // no override yet
    for (int i = 0; i < 5; ++i) {
        const auto r = cli({"annotate", "--project", qpath(project_), "--run", "run-a", "--item",
                            QString::fromStdString(okOk_[static_cast<std::size_t>(i)]),
                            "--annotator", "ann", "--step", "trace", "--verdict", "wrong", "--note",
                            "cites a fact that is not there"});
        QVERIFY2(r.exitCode == 0 && r.outHas("verdict wrong"), r.both().c_str());
    }
    const nlohmann::json human = tables({"--rule", "human"});
    const auto after = traceCells(human);
    QCOMPARE(after[0], before[0] - 5);
    QCOMPARE(after[2], before[2] + 5);
    QCOMPARE(after[1], before[1]);
    QCOMPARE(after[3], before[3]);
    QCOMPARE(traceCells(tables({"--rule", "strict"})), before);
    // The rule-versus-human agreement names the five items.
    const auto& agreement = human.at("human_vs_rule");
    QCOMPARE(agreement.size(), std::size_t{4});
    QCOMPARE(agreement[2].at("step").get<std::string>(), std::string("trace"));
    QCOMPARE(agreement[2].at("judged").get<int>(), 5);
    QCOMPARE(agreement[2].at("rule_ok_human_bad").get<int>(), 5);
    QCOMPARE(agreement[2].at("disagreeing").size(), std::size_t{5});
    // P(trace ok | answer ok) = ok_ok / (ok_ok + bad_ok), with its interval.
    const auto& trace = human.at("tables")[2];
    QCOMPARE(trace.at("step_ok_given_answer_ok").at("successes").get<long long>(), after[0]);
    QCOMPARE(trace.at("step_ok_given_answer_ok").at("total").get<long long>(), after[0] + after[2]);
    QCOMPARE(trace.at("both_ok_share").at("total").get<long long>(),
             after[0] + after[1] + after[2] + after[3]);
    // Markdown gets the agreement as a second table.
    const auto md =
        cli({"tables", "--project", qpath(project_), "--run", "run-a", "--rule", "human"});
    QVERIFY2(md.outHas("**rule versus human**") && md.outHas("| trace | 5 | 0 | 5 | 0 |"),
             md.out.c_str());
}

void TestCliAnnotations::itemsListTheHumanVerdicts() {
    const auto strict = cli(
        {"items", "--project", qpath(project_), "--run", "run-a", "--where", "trace=ok,answer=ok"});
    const auto human = cli({"items", "--project", qpath(project_), "--run", "run-a", "--rule",
                            "human", "--where", "trace=ok,answer=ok"});
    QVERIFY2(strict.exitCode == 0 && human.exitCode == 0, (strict.both() + human.both()).c_str());
    const auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
    QCOMPARE(lines(human.out), lines(strict.out) - 5);
    QVERIFY(!ts::contains(human.out, "\"item\":\"" + okOk_[0] + "\""));
    // An overridden item shows its annotation and the human verdict.
    const auto one = cli({"items", "--project", qpath(project_), "--run", "run-a", "--rule",
                          "human", "--where", "annotated=yes,trace=wrong", "--format", "jsonl"});
    QCOMPARE(lines(one.out), 5L);
    const auto first = nlohmann::json::parse(ts::split(one.out, '\n').at(0));
    QCOMPARE(first.at("trace").get<std::string>(), std::string("wrong"));
    QCOMPARE(first.at("annotations").at(0).at("note").get<std::string>(),
             std::string("cites a fact that is not there"));
    const auto csv =
        cli({"items", "--project", qpath(project_), "--run", "run-a", "--format", "csv"});
    QVERIFY2(ts::startsWith(
                 csv.out,
                 "item,label,parse,class,retrieval,trace,answer,predicted_label,extracted_answer,"),
             csv.out.c_str());
}

void TestCliAnnotations::exportImportRoundTrip() {
    const std::string humanTables = cli({"tables", "--project", qpath(project_), "--run", "run-a",
                                         "--rule", "human", "--format", "json"})
                                        .out;
    for (const char* format : {"csv", "jsonl"}) {
        const fs::path file = dir_ / (std::string("annotations.") + format);
        const auto ex = cli({"annotations", "export", "--project", qpath(project_), "--format",
                             format, "--out", qpath(file)});
        QVERIFY2(ex.exitCode == 0 && fs::file_size(file) > 0, ex.both().c_str());
        // Into a copy without annotations.
        const fs::path copy = dir_ / (std::string("copy-") + format + ".tsproj");
        {
            auto p = ts::store::Project::open(project_.string());
            p.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        fs::copy_file(project_, copy, fs::copy_options::overwrite_existing);
        {
            auto p = ts::store::Project::open(copy.string());
            p.db().exec("DELETE FROM annotations");
        }
        const auto im =
            cli({"annotations", "import", "--project", qpath(copy), "--in", qpath(file)});
        QVERIFY2(im.exitCode == 0 && im.outHas("imported 5 annotations (5 new, 0 replaced)"),
                 im.both().c_str());
        const auto again = cli({"tables", "--project", qpath(copy), "--run", "run-a", "--rule",
                                "human", "--format", "json"});
        QCOMPARE(again.out, humanTables);
    }
}

void TestCliAnnotations::pooledAndMissingTrace() {
    const auto a = traceCells(tables({}));
    const auto rb =
        cli({"tables", "--project", qpath(project_), "--run", "run-b", "--format", "json"});
    const auto b = traceCells(nlohmann::json::parse(rb.out));
    const auto pooled = cli({"tables", "--project", qpath(project_), "--run", "run-a", "--run",
                             "run-b", "--pooled", "--format", "json"});
    QVERIFY2(pooled.exitCode == 0, pooled.both().c_str());
    const auto j = nlohmann::json::parse(pooled.out);
    const auto sum = traceCells(j);
    for (std::size_t i = 0; i < 4; ++i) QCOMPARE(sum[i], a[i] + b[i]);
    QCOMPARE(j.at("tables")[2].at("cmh").at("strata").get<int>(), 2);
    QCOMPARE(j.at("pooled_runs").size(), std::size_t{2});
    const auto md = cli(
        {"tables", "--project", qpath(project_), "--run", "run-a", "--run", "run-b", "--pooled"});
    QVERIFY2(md.outHas("Cochran-Mantel-Haenszel"), md.out.c_str());

    const nlohmann::json left = tables({"--missing-trace", "exclude"});
    QVERIFY(left.at("missing_trace_excluded").get<long long>() > 0);
    QCOMPARE(left.at("items"), tables({}).at("items"));
}

void TestCliAnnotations::usageAndBadInput() {
    for (const char* command : {"annotate", "items", "tables"}) {
        const auto help = cli({command, "--help"});
        QVERIFY2(help.exitCode == 0 && help.outHas(std::string("tracescope-cli ") + command),
                 help.both().c_str());
    }
    QCOMPARE(cli({"annotations", "--help"}).exitCode, 0);
    QCOMPARE(cli({"annotations", "export", "--help"}).exitCode, 0);
    QCOMPARE(cli({"annotations", "import", "--help"}).exitCode, 0);
    const QString p = qpath(project_);
    const auto usage = [&](const QStringList& args, const std::string& text) {
        const auto r = cli(args);
        QVERIFY2(r.exitCode == 2 && r.errHas(text), r.both().c_str());
    };
    usage({"tables", "--project", p, "--run", "run-a", "--annotator", "ann"},
          "--annotator applies to --rule human");
    usage({"tables", "--project", p, "--run", "run-a", "--pooled"},
          "--pooled needs two or more --run");
    usage({"tables", "--project", p, "--run", "run-a", "--run", "run-b"},
          "several --run need --pooled");
    usage({"tables", "--project", p, "--run", "run-a", "--missing-trace", "maybe"},
          "unknown --missing-trace 'maybe'");
    usage({"annotate", "--project", p, "--run", "run-a", "--item", "q/1", "--annotator", "x",
           "--verdict", "ok"},
          "--verdict overrides a step");
    usage({"annotate", "--project", p, "--run", "run-a", "--item", "q/1", "--annotator", "x",
           "--interpretability", "9"},
          "--interpretability expects an integer from 1 to 5");
    usage({"items", "--project", p, "--run", "run-a", "--where", "mood=good"},
          "unknown key 'mood'");
    usage({"annotations", "explode"}, "unknown annotations subcommand 'explode'");
    const auto badRun =
        cli({"annotate", "--project", p, "--run", "nope", "--item", "q/1", "--annotator", "x"});
    QVERIFY2(badRun.exitCode == 1 && badRun.errHas("nope"), badRun.both().c_str());
    const auto badItem = cli({"annotate", "--project", p, "--run", "run-a", "--item", "q/9999",
                              "--annotator", "x", "--note", "n"});
    QVERIFY2(badItem.exitCode == 1 && badItem.errHas("q/9999"), badItem.both().c_str());
    const fs::path bad = ts::test::writeText(
        dir_ / "bad.csv", "run,item,step,annotator,verdict\nrun-a,q/1,trace,x,maybe\n");
    const auto badFile = cli({"annotations", "import", "--project", p, "--in", qpath(bad)});
    QVERIFY2(badFile.exitCode == 1 && badFile.errHas("bad.csv:2: key 'verdict'"),
             badFile.both().c_str());
}

QTEST_GUILESS_MAIN(TestCliAnnotations)
#include "test_cli_annotations.moc"
