// The error taxonomy in the project file: the rows an import stores equal
// core/score's classification, counts and 2x2 tables are queries over them,
// the human rule reads the strict rows with a person's answer verdicts, runs
// pool (CMH) and compare (McNemar), re-scoring and deleting keep the rows in
// step, and a version-5 project gains exactly the rows an import writes.
#include <QtTest>

#include <sqlite3.h>

#include <set>

#include "core/score/error_taxonomy.h"
#include "core/store/annotations.h"
#include "core/store/error_type_store.h"
#include "core/store/project.h"
#include "core/store/run_lookup.h"
#include "core/store/schema.h"
#include "core/store/taxonomy.h"
#include "core/store/taxonomy_compare.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"
#include "tests/store/taxonomy_fixtures.h"

using namespace ts;

using ts::test::rawExec;

namespace {

std::string freshProject(const std::string& name) {
    const std::string path = (test::scratchDir(name) / "tax.tsproj").string();
    auto project = store::Project::create(path);
    test::importTaxonomyRuns(project);
    return path;
}

// Every row, as text, in a fixed order.
std::vector<std::string> allRows(store::Project& project) {
    store::Statement st = project.db().prepare(
        "SELECT run_id || '|' || rule || '|' || item_id || '|' || type || '|' || detail"
        " FROM item_error_types ORDER BY run_id, rule, item_id, type");
    std::vector<std::string> rows;
    while (st.step()) rows.push_back(st.columnText(0));
    return rows;
}

long long countType(store::Project& project, long long runId, int rule, ErrorType type) {
    store::Statement st = project.db().prepare(
        "SELECT COUNT(*) FROM item_error_types WHERE run_id = ? AND rule = ? AND type = ?");
    st.bind(1, runId).bind(2, rule).bind(3, std::string(toString(type)));
    st.step();
    return st.columnInt(0);
}

const store::TypeTable& typeOf(const store::RunTaxonomy& t, ErrorType type) {
    return t.types[static_cast<std::size_t>(type)];
}

}  // namespace

class TestErrorTypesStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importStoresTheClassification() {
        auto project = store::Project::open(freshProject("tax_import"));
        const long long runId = store::requireRunId(project.db(), "tax-a");
        const Dataset d = test::taxonomyDataset();
        const auto records = test::taxonomyPredictions(d, 0);
        const auto stored = store::readErrorTypes(project.db(), runId, ScoringRuleKind::Strict);
        std::size_t at = 0;
        const auto labels = store::datasetLabels(project.db(), 1);
        for (std::size_t k = 0; k < records.size(); ++k) {
            const ItemVerdict& v = records[k].verdicts[0];
            for (const ItemError& e :
                 classifyErrors({d.items[k], v, records[k].text, d.kind, labels, true})) {
                QVERIFY(at < stored.size());
                QCOMPARE(stored[at].itemId, d.items[k].id);
                QVERIFY(stored[at].type == e.type);
                QCOMPARE(stored[at].detail.dump(), e.detail.dump());
                ++at;
            }
        }
        QCOMPARE(at, stored.size());
        // Every retrieval and answer type occurs in the fixture's first run.
        std::set<ErrorType> seen;
        for (const auto& e : stored) seen.insert(e.type);
        for (const ErrorType t :
             {ErrorType::NoTrace, ErrorType::GoldOmitted, ErrorType::NonGoldCited,
              ErrorType::HallucinatedCitation, ErrorType::AlteredCitation,
              ErrorType::CitationUnparsable, ErrorType::NothingCited, ErrorType::AnswerNoTag,
              ErrorType::AnswerEmpty, ErrorType::AnswerOtherEntity, ErrorType::AnswerNotInContext})
            QVERIFY2(seen.count(t), std::string(toString(t)).c_str());
        QVERIFY(!store::readErrorTypes(project.db(), runId, ScoringRuleKind::Legacy).empty());
    }

    void countsAndTablesAreQueries() {
        auto project = store::Project::open(freshProject("tax_counts"));
        const auto t = store::runTaxonomy(project, "tax-a", ScoringRuleKind::Strict);
        QCOMPARE(t.items, 8LL);
        for (const store::TypeTable& tt : t.types) {
            QCOMPARE(tt.present, countType(project, t.runId, 0, tt.type));
            QCOMPARE(tt.statistics.counts.total(), tt.population);
            QCOMPARE(tt.statistics.counts.stepBad(), tt.present);
            // 12 ranked types; the four answer types that define a wrong answer are not.
            QCOMPARE(tt.rank == 0, !canCoOccurWithRightAnswer(tt.type));
            QVERIFY(tt.rank <= 12);
        }
        QCOMPARE(typeOf(t, ErrorType::AnswerNoTag).population, 8LL);
        // The no-trace item's retrieval step is judged (wrong) by the strict rule.
        QCOMPARE(typeOf(t, ErrorType::NoTrace).present, 1LL);
        // Every item's answer is either ok or has exactly one of the four exclusive types.
        long long wrong = 0;
        for (ErrorType e : {ErrorType::AnswerEmpty, ErrorType::AnswerPartial,
                            ErrorType::AnswerOtherEntity, ErrorType::AnswerNotInContext})
            wrong += typeOf(t, e).present;
        QCOMPARE(wrong + t.answerOk, t.items);
        // Confusion: 8 items, 3 on the diagonal (the templates naming the gold label
        // and a class sentence the parser reads), one "counting", one unknown label.
        const store::ClassConfusion& c = t.confusion;
        QCOMPARE(c.items, 8LL);
        QCOMPARE(c.goldLabels.size(), std::size_t(11));
        QCOMPARE(c.predicted.back(), std::string(store::kNotInDatasetRow));
        QCOMPARE(c.notInDataset.at("location"), 1LL);
        QCOMPARE(c.classOk, c.diagonal);
        long long sum = 0;
        for (const auto& row : c.counts)
            for (long long n : row) sum += n;
        QCOMPARE(sum, 8LL);
        QCOMPARE(typeOf(t, ErrorType::ClassOtherLabel).present +
                     typeOf(t, ErrorType::ClassNotInDataset).present +
                     typeOf(t, ErrorType::ClassNoLabel).present,
                 c.items - c.classOk);
    }

    void humanRuleKeepsTypesAndReadsPeoplesAnswers() {
        auto project = store::Project::open(freshProject("tax_human"));
        const auto strict = store::runTaxonomy(project, "tax-a", ScoringRuleKind::Strict);
        // Item 2 answered "paris" (not in context): a person rules the answer ok.
        store::Annotation a;
        a.runId = strict.runId;
        a.itemId = "qa1/test/s2";
        a.target = store::AnnotationTarget::Answer;
        a.annotator = "rater";
        a.verdictOverride = StepVerdict::Ok;
        store::saveAnnotation(project, a);
        const auto human =
            store::runTaxonomy(project, "tax-a", store::VerdictView(store::VerdictRule::Human));
        QCOMPARE(human.answerOk, strict.answerOk + 1);
        const auto& before = typeOf(strict, ErrorType::AnswerNotInContext);
        const auto& after = typeOf(human, ErrorType::AnswerNotInContext);
        QCOMPARE(after.present, before.present);
        QCOMPARE(after.statistics.counts.bad_ok, before.statistics.counts.bad_ok + 1);
    }

    void poolsAndComparesRuns() {
        auto project = store::Project::open(freshProject("tax_pool"));
        const auto a = store::runTaxonomy(project, "tax-a", ScoringRuleKind::Strict);
        const auto b = store::runTaxonomy(project, "tax-b", ScoringRuleKind::Strict);
        const auto pooled = store::pooledTaxonomy({a, b});
        for (std::size_t k = 0; k < pooled.types.size(); ++k) {
            QCOMPARE(pooled.types[k].present, a.types[k].present + b.types[k].present);
            QCOMPARE(pooled.types[k].strata.size(), std::size_t(2));
            QCOMPARE(pooled.types[k].pooled.counts.total(),
                     a.types[k].population + b.types[k].population);
        }
        const auto c = store::compareTaxonomies(project, "tax-a", "tax-b", ScoringRuleKind::Strict);
        QCOMPARE(c.answer.pairs, 8LL);
        for (const store::TypeComparison& t : c.types) {
            QCOMPARE(t.both + t.onlyA, t.presentA);
            QCOMPARE(t.both + t.onlyB, t.presentB);
            QCOMPARE(t.mcnemar.exactP, stats::mcnemar(t.onlyA, t.onlyB).exactP);
        }
        // Flavour 1 shifts every template by 3 items: item k of run B has run A's item k+3.
        const auto& noTrace = c.types[static_cast<std::size_t>(ErrorType::NoTrace)];
        QCOMPARE(noTrace.presentA, 1LL);
        QCOMPARE(noTrace.presentB, 1LL);
        QCOMPARE(noTrace.onlyA + noTrace.onlyB, 2LL);
        QCOMPARE(noTrace.both, 0LL);
    }

    void rescoringAndDeletingKeepRowsInStep() {
        auto project = store::Project::open(freshProject("tax_rescore"));
        const long long runId = store::requireRunId(project.db(), "tax-a");
        const long long before = countType(project, runId, 0, ErrorType::ClassOtherLabel);
        QCOMPARE(before, 1LL);
        // A re-scoring that finds every class step right drops the class types.
        std::vector<ItemVerdict> verdicts;
        for (const auto& r : test::taxonomyPredictions(test::taxonomyDataset(), 0)) {
            ItemVerdict v = r.verdicts[0];
            v.classStep = StepVerdict::Ok;
            verdicts.push_back(v);
        }
        store::replaceVerdicts(project, "tax-a", ScoringRuleKind::Strict, verdicts);
        QCOMPARE(countType(project, runId, 0, ErrorType::ClassOtherLabel), 0LL);
        QCOMPARE(countType(project, runId, 0, ErrorType::NoTrace), 1LL);
        QVERIFY(countType(project, runId, 1, ErrorType::ClassOtherLabel) > 0);  // legacy untouched
        store::deleteRun(project, "tax-a");
        QCOMPARE(project.db().queryInt("SELECT COUNT(*) FROM item_error_types WHERE run_id = " +
                                       std::to_string(runId)),
                 0LL);
    }

    void versionFiveProjectGainsTheTaxonomy() {
        const std::string path = freshProject("tax_upgrade");
        std::vector<std::string> imported;
        {
            auto project = store::Project::open(path);
            imported = allRows(project);
            QVERIFY(imported.size() > 20);
        }
        // What a version-5 file is: the same tables without version 6's.
        rawExec(
            path,
            "DROP TABLE item_error_types; DELETE FROM project_meta WHERE key = 'error_taxonomy';"
            " PRAGMA user_version = 5;");
        auto project = store::Project::open(path);
        QCOMPARE(project.schemaVersion(), 6);
        QCOMPARE(store::kSchemaVersion, 6);
        QCOMPARE(allRows(project), imported);
        const auto meta = nlohmann::json::parse(
            project.db().queryText("SELECT value FROM project_meta WHERE key = 'error_taxonomy'"));
        QCOMPARE(meta["version"].get<int>(), store::kErrorTaxonomyVersion);
        QCOMPARE(meta["threshold"].get<double>(), 0.5);
        QCOMPARE(project.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    }
};

QTEST_GUILESS_MAIN(TestErrorTypesStore)
#include "test_error_types_store.moc"
