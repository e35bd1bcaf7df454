// QAbstractItemModelTester over every model of the workbench, fed with real
// data from a fixture project through the same loaders the pages use.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

#include <set>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/gold_labels.h"
#include "core/store/paired_runs.h"
#include "core/store/run_tables.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/jobs/job_manager.h"
#include "ui/models/agreement_model.h"
#include "ui/models/context_unit_model.h"
#include "ui/models/contingency_model.h"
#include "ui/models/flipped_items_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/models/job_list_model.h"
#include "ui/models/project_tree_model.h"
#include "ui/session/agreement_loader.h"
#include "ui/session/item_list_loader.h"
#include "ui/widgets/run_labels.h"

using namespace ts;
using namespace ts::ui;

namespace {

// A job that counts to n, reporting progress; used to fill the job model.
class CountingJob : public Job {
public:
    explicit CountingJob(int n) : n_(n) {}
    QString title() const override { return QStringLiteral("count to %1").arg(n_); }
    void run(const JobContext& c) override {
        for (int i = 0; i < n_; ++i) c.progress().report(double(i) / n_, "counting");
        c.log(QStringLiteral("counted"));
    }

private:
    int n_;
};

}  // namespace

class TestUiModels : public QObject {
    Q_OBJECT
private:
    test::UiFixture fixture_;
    std::optional<store::Project> project_;
    long long runA_ = 0, runB_ = 0;

private Q_SLOTS:
    void initTestCase() {
        fixture_ = test::makeUiFixture("ui_models", 1200);
        project_.emplace(store::Project::open(fixture_.path.toStdString()));
        for (const auto& r : store::listRuns(*project_)) (r.name == "run-a" ? runA_ : runB_) = r.id;
        QVERIFY(runA_ && runB_);
    }

    void itemTableModelComplete() {
        ItemTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ItemListRequest request;
        request.runId = runA_;
        request.filter.view = ScoringRuleKind::Strict;
        // Stage 1: the first rows, the count still unknown.
        ItemListResult first = loadItemList(*project_, request);
        QVERIFY(first.countPending);
        QCOMPARE(int(first.rows.size()), 2 * ItemTableModel::kPageSize);
        model.setResult(std::move(first));
        QCOMPARE(model.rowCount(), 2 * ItemTableModel::kPageSize);
        // Stage 2: the count appends rows; stage 3: every row, no reset.
        model.setTotal(countItemList(*project_, request));
        QCOMPARE(model.rowCount(), 1200);
        QVERIFY(!model.isComplete());
        model.setAllRows(loadAllItems(*project_, request));
        QVERIFY(model.isComplete());
        QCOMPARE(model.rowCount(), 1200);
        // Verdicts come through as the fixture's, row by row in stored order.
        for (int row : {0, 1, 17, 1199}) {
            const auto& v = test::verdictOf(fixture_.runA[row], ScoringRuleKind::Strict);
            QCOMPARE(model.index(row, ItemTableModel::Trace).data(ItemRole::Verdict).toInt(),
                     int(v.trace));
            QCOMPARE(model.index(row, ItemTableModel::Answer).data(ItemRole::Verdict).toInt(),
                     int(v.answer));
            QCOMPARE(model.index(row, 0).data(ItemRole::ItemId).toString(),
                     QString::fromStdString(fixture_.dataset.items[row].id));
        }
        // Sorting by the trace verdict groups ok (0) before wrong (1) before partial (2).
        model.sort(ItemTableModel::Trace, Qt::AscendingOrder);
        int previous = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            const int v = model.index(r, ItemTableModel::Trace).data(ItemRole::Verdict).toInt();
            QVERIFY(v >= previous);
            previous = v;
        }
    }

    void retrievalNotApplicableReadsNa() {
        // A strict verdict of an MS MARCO item answered "No Answer Present.":
        // class and answer judged, retrieval and trace not applicable.
        store::ItemRow r;
        r.itemId = "marco/1";
        r.hasVerdict = true;
        r.parse = ParseStatus::Ok;
        r.classStep = StepVerdict::Ok;
        r.retrievalStep = r.trace = StepVerdict::Unevaluated;
        r.answer = StepVerdict::Ok;
        store::ItemRow legacy = r;  // legacy: a skipped item leaves every step unjudged
        legacy.itemId = "marco/2";
        legacy.classStep = legacy.answer = StepVerdict::Unevaluated;
        ItemListResult result;
        result.rows = {r, legacy};
        result.total = 2;
        result.complete = true;
        ItemTableModel model;
        model.setResult(result);
        QCOMPARE(model.index(0, ItemTableModel::RetrievalStep).data().toString(),
                 QStringLiteral("n/a"));
        QCOMPARE(model.index(0, ItemTableModel::Trace).data().toString(), QStringLiteral("n/a"));
        QVERIFY(model.index(0, ItemTableModel::Trace)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("No Answer Present.")));
        QCOMPARE(model.index(0, ItemTableModel::Answer).data().toString(), QStringLiteral("ok"));
        QCOMPARE(model.index(1, ItemTableModel::Trace).data().toString(),
                 QStringLiteral("not evaluated"));
    }

    void itemTableModelPaged() {
        ItemTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ItemListRequest request;
        request.runId = runA_;
        model.setResult(loadItemList(*project_, request));
        model.setTotal(countItemList(*project_, request));
        QCOMPARE(model.rowCount(), 1200);
        QVERIFY(!model.isComplete());
        QSignalSpy wanted(&model, &ItemTableModel::pageWanted);
        QVERIFY(!model.index(1000, 0).data(ItemRole::Loaded).toBool());
        (void)model.index(1000, 0).data(Qt::DisplayRole);
        (void)model.index(1001, 0).data(Qt::DisplayRole);  // same page: asked once
        QCOMPARE(wanted.count(), 1);
        const int page = wanted.front().front().toInt();
        QCOMPARE(page, 1000 / ItemTableModel::kPageSize);
        model.addPage(page, loadItemPage(*project_, request, page));
        QCOMPARE(model.index(1000, 0).data(ItemRole::ItemId).toString(),
                 QString::fromStdString(fixture_.dataset.items[1000].id));
        QCOMPARE(model.rowOfItem(fixture_.dataset.items[1000].id), 1000);
    }

    void itemTableModelDatasetMode() {
        ItemTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ItemListRequest request;
        request.datasetName = fixture_.dataset.name;
        request.filter.goldLabel = "beta";
        model.setResult(loadItemList(*project_, request));
        QCOMPARE(model.rowCount(), 400);  // every third item is beta
        QCOMPARE(model.index(0, ItemTableModel::ClassStep).data().toString(),
                 QStringLiteral("beta"));
        QCOMPARE(model.index(0, ItemTableModel::RetrievalStep).data().toString(),
                 QStringLiteral("1 gold"));
        QVERIFY(model.datasetItem(fixture_.dataset.items[1].id) != nullptr);
    }

    void labelFilterOffersEveryLabel() {
        // A list filtered by one label still offers the dataset's other labels.
        std::set<std::string> expected;
        for (const auto& item : fixture_.dataset.items) expected.insert(item.goldLabel);
        const std::vector<std::string> all(expected.begin(), expected.end());
        QVERIFY(all.size() >= 3);
        ItemListRequest request;
        request.runId = runA_;
        request.filter.goldLabel = "beta";
        ItemTableModel model;
        model.setResult(loadItemList(*project_, request));
        QVERIFY(model.rowCount() > 0);
        for (int r = 0; r < model.rowCount(); ++r)
            if (const auto* row = model.rowAt(r)) QCOMPARE(row->goldLabel, std::string("beta"));
        QCOMPARE(model.goldLabels(), all);
        ItemListRequest datasetRequest;
        datasetRequest.datasetName = fixture_.dataset.name;
        datasetRequest.filter.goldLabel = "beta";
        model.setResult(loadItemList(*project_, datasetRequest));
        QCOMPARE(model.goldLabels(), all);
        QVERIFY_THROWS_EXCEPTION(ts::Error, store::goldLabelsOfRun(*project_, 987654));
    }

    void projectTreeModel() {
        ProjectTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Catalogue c;
        c.path = fixture_.path;
        c.datasets = store::listDatasets(*project_);
        c.runs = store::listRuns(*project_);
        model.setCatalogue(c);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex dataset = model.index(0, 0, model.index(0, 0));
        QCOMPARE(model.rowCount(dataset), 2);
        QCOMPARE(model.index(0, 1, model.index(0, 0)).data().toString(), QStringLiteral("2 runs"));
        // Under its dataset a run reads as model · condition; the tooltip has its name.
        QCOMPARE(model.runIndex(runB_).data().toString(), QStringLiteral("model-b · perturbed"));
        QVERIFY(model.runIndex(runB_)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("run-b\n")));
        QCOMPARE(model.parent(model.runIndex(runB_)), dataset);
    }

    void runLabelsAreShortAndDistinct() {
        store::RunSummary llama;
        llama.id = 1;
        llama.name = "cotempqa/Llama-3.2-1B-Instruct/correct-trace";
        llama.model = "Llama-3.2-1B-Instruct";
        llama.condition = "correct-trace";
        llama.seed = 121;
        QCOMPARE(shortRunLabel(llama), QStringLiteral("Llama-1B · correct · s121"));
        QCOMPARE(shortModelName(QStringLiteral("Qwen3-1.7B")), QStringLiteral("Qwen3-1.7B"));
        QCOMPARE(shortModelName(QStringLiteral("gpt2")), QStringLiteral("gpt2"));
        store::RunSummary noMetadata;
        noMetadata.id = 2;
        noMetadata.name = "demo/sample-babi/correct/s121";
        QCOMPARE(shortRunLabel(noMetadata), QStringLiteral("sample-babi · correct · s121"));
        // Two runs that would read alike keep their full names.
        store::RunSummary twin = llama;
        twin.id = 3;
        twin.name = "cotempqa/Llama-3.2-1B-Instruct/correct-trace-again";
        QCOMPARE(distinctRunLabel(llama, {llama, twin}), QString::fromStdString(llama.name));
        twin.datasetId = 9;  // another dataset: no clash
        QCOMPARE(distinctRunLabel(llama, {llama, twin}),
                 QStringLiteral("Llama-1B · correct · s121"));
    }

    void contingencyModel() {
        ContingencyModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto tables = store::runTables(*project_, runA_, ScoringRuleKind::Strict);
        model.setTable(tables.trace.statistics.counts, {"trace ok", "trace wrong"},
                       {"answer ok", "answer wrong"});
        QCOMPARE(model.rowCount(), 3);
        const auto& c = tables.trace.statistics.counts;
        QCOMPARE(model.cell(0, 1), c.ok_bad);
        QVERIFY(model.index(0, 1).data().toString().startsWith(QString::number(c.ok_bad)));
        QCOMPARE(model.index(0, 1).data(ContingencyModel::kCellRole).toInt(), 1);
        QCOMPARE(model.index(2, 2).data(ContingencyModel::kCellRole).toInt(), -1);
        QCOMPARE(model.index(2, 2).data().toString().section('\n', 0, 0),
                 QString::number(c.total()));
    }

    void contextUnitModel() {
        ContextUnitModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Item& item = fixture_.dataset.items[0];
        ItemVerdict v;
        v.cited = {CitedUnit{1, {}, true}, CitedUnit{2, {}, false}};
        model.setItem(item, &v);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.stateAt(0), ContextUnitState::Plain);
        QCOMPARE(model.stateAt(1), ContextUnitState::CitedGold);
        QCOMPARE(model.stateAt(2), ContextUnitState::CitedNonGold);
        v.cited = {CitedUnit{2, {}, false}};
        model.setItem(item, &v);
        QCOMPARE(model.stateAt(1), ContextUnitState::GoldNotCited);
        model.setItem(item, nullptr);
        QCOMPARE(model.stateAt(1), ContextUnitState::Gold);
    }

    void flippedAndAgreementModels() {
        FlippedItemsModel flipped;
        QAbstractItemModelTester t1(&flipped,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto cmp = store::comparePairedRuns(
            *project_, "run-a", "run-b", ScoringRuleKind::Strict, store::PairedOutcome::Answer);
        flipped.setItems(cmp.flipped, "run-a", "run-b");
        QCOMPARE(flipped.rowCount(), int(cmp.onlyA + cmp.onlyB));
        QVERIFY(flipped.rowCount() > 0);
        QCOMPARE(flipped.headerData(1, Qt::Horizontal).toString(), QStringLiteral("run A"));
        QCOMPARE(flipped.headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(),
                 QStringLiteral("run-b"));

        // Two annotators disagreeing on one item, agreeing on another.
        for (const auto& [who, item, verdict] :
             {std::tuple{"ann", 0, StepVerdict::Ok}, std::tuple{"bob", 0, StepVerdict::Wrong},
              std::tuple{"ann", 1, StepVerdict::Ok}, std::tuple{"bob", 1, StepVerdict::Ok}}) {
            store::Annotation a;
            a.runId = runB_;
            a.itemId = fixture_.dataset.items[item].id;
            a.target = store::AnnotationTarget::Trace;
            a.annotator = who;
            a.verdictOverride = verdict;
            store::saveAnnotation(*project_, a);
        }
        AgreementModel agreement;
        QAbstractItemModelTester t2(&agreement,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        const AgreementData d = loadAgreement(*project_, runB_, store::AnnotationTarget::Trace);
        QCOMPARE(int(d.annotators.size()), 2);
        QCOMPARE(int(d.pairs.size()), 1);
        QVERIFY(d.fleiss.has_value());
        agreement.setAgreement(d, true);
        QCOMPARE(agreement.rowCount(), 1);
        QCOMPARE(agreement.index(0, 0).data().toString(),
                 QString::fromStdString(fixture_.dataset.items[0].id));
        QCOMPARE(agreement.columnCount(), 3);
        agreement.setAgreement(d, false);
        QCOMPARE(agreement.rowCount(), 2);
    }

    void jobListModel() {
        JobManager manager;
        JobListModel model(&manager);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int first = manager.submit(std::make_unique<CountingJob>(1000));
        const int second = manager.submit(std::make_unique<CountingJob>(10));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.jobIdAt(0), second);  // newest first
        QTRY_VERIFY(!manager.hasRunningJobs());
        QCOMPARE(manager.record(first)->state, JobState::Done);
        QCOMPARE(model.index(model.rowOfJob(first), JobListModel::Progress).data().toString(),
                 QStringLiteral("100%"));
        QCOMPARE(manager.record(first)->log, QStringList{QStringLiteral("counted")});
    }
};

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
