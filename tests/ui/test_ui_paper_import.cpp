// The newcomer's path with the paper's data: drop the four Llama CoTempQA
// output files (correct-trace adapter) on the window, check the import dialog
// paired each with its gold CSV, import, and compare what the window shows
// with core's own scoring of the same files: the rule switch changes the trace
// table exactly as strict vs legacy scoring does, and a click on the
// "trace ok / answer wrong" cell lists exactly those items.
#include <QApplication>
#include <QDropEvent>
#include <QDir>
#include <QFileInfo>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUrl>

#include <set>

#include "core/data/dataset_loader.h"
#include "core/score/run_scorer.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/store/project.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/dialogs/import_dialog.h"
#include "ui/jobs/job_manager.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

namespace {

const char* const kClasses[] = {"equal", "overlap", "during", "mix"};
const std::string kAdapter = "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default";

std::filesystem::path outputs(const char* cls) {
    return test::sharedData() / "trace_check_qa_results/evaluation_outputs" / cls / (kAdapter + ".json");
}
std::filesystem::path gold(const char* cls) {
    return test::sharedData() / "cotempqa/sft_dataset_reasoning_with_facts_chat_template" /
           (std::string(cls) + "_test.csv");
}

}  // namespace

class TestUiPaperImport : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> window_;
    RunScore strict_, legacy_;

    std::set<std::string> expectedCell(const RunScore& run) {
        std::set<std::string> ids;
        for (const auto& pair : run.pairs)
            for (const auto& v : pair.verdicts)
                if (v.trace == StepVerdict::Ok && v.answer != StepVerdict::Ok) ids.insert(v.itemId);
        return ids;
    }

private Q_SLOTS:
    void initTestCase() {
        test::initUiTestSettings();
        for (const char* c : kClasses) {
            TS_REQUIRE_SHARED(outputs(c).string());
            TS_REQUIRE_SHARED(gold(c).string());
        }
        // Core's own scoring of the same files, for comparison.
        std::vector<ScoringPair> pairs;
        for (const char* c : kClasses) {
            const Dataset items = loadDatasetFile(gold(c), DatasetFormat::TraceCheckQaCsv);
            pairs.push_back(readTraceCheckQaPair(outputs(c), gold(c), items, items.kind));
        }
        strict_ = scoreRun(pairs, {ScoringRuleKind::Strict, RetrievalMode::All});
        legacy_ = scoreRun(pairs, {ScoringRuleKind::Legacy, RetrievalMode::All});
        QCOMPARE(strict_.items, 950);

        const auto dir = test::scratchDir("ui_paper_import");
        window_ = std::make_unique<MainWindow>();
        window_->resize(1500, 950);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(QString::fromStdString((dir / "paper.tsproj").string()), true);
        QTRY_VERIFY(window_->session()->isOpen());
    }

    void dropTheLlamaFilesAndImport() {
        QMimeData mime;
        QList<QUrl> urls;
        for (const char* c : kClasses) urls << QUrl::fromLocalFile(QString::fromStdString(outputs(c).string()));
        mime.setUrls(urls);
        QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(window_.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(window_.get(), &drop);
        ImportDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window_->findChild<ImportDialog*>()) != nullptr);
        QTRY_VERIFY(!dialog->detecting());
        const ImportPlan& plan = dialog->plan();
        QCOMPARE(int(plan.runs.size()), 1);
        const ImportRunPlan& run = plan.runs.front();
        QCOMPARE(run.runName, QStringLiteral("cotempqa/Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts"));
        QCOMPARE(run.model, QStringLiteral("Llama-3.2-1B-Instruct"));
        QCOMPARE(run.condition, QStringLiteral("correct-trace"));
        QCOMPARE(int(run.pairs.size()), 4);
        for (const ImportPair& p : run.pairs) {
            const QString cls = QFileInfo(p.predictions).dir().dirName();
            QCOMPARE(QFileInfo(p.gold).fileName(), cls + QStringLiteral("_test.csv"));
        }
        QSignalSpy finished(window_.get(), &MainWindow::importFinished);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QTRY_VERIFY(window_->session()->currentRun() != nullptr);
        QCOMPARE(window_->session()->currentRun()->predictions, 950);
        QTRY_COMPARE(window_->itemPage()->model()->rowCount(), 950);
    }

    void ruleSwitchMatchesCoreScoring() {
        StatisticsPage* stats = window_->statisticsPage();
        window_->session()->setRule(store::VerdictRule::Legacy);
        QTRY_VERIFY(stats->data() && stats->data()->tables.view.rule == store::VerdictRule::Legacy &&
                    stats->data()->tables.runId == window_->session()->currentRun()->id);
        QCOMPARE(stats->data()->tables.trace.statistics.counts, legacy_.traceTable.counts);
        window_->session()->setRule(store::VerdictRule::Strict);
        QTRY_VERIFY(stats->data() && stats->data()->tables.view.rule == store::VerdictRule::Strict);
        QCOMPARE(stats->data()->tables.trace.statistics.counts, strict_.traceTable.counts);
        QVERIFY(!(strict_.traceTable.counts == legacy_.traceTable.counts));
    }

    void traceOkAnswerWrongCellListsExactlyThoseItems() {
        StatisticsPage* stats = window_->statisticsPage();
        QTableView* heat = stats->tableView(store::TraceStep::Trace);
        const QModelIndex cell = heat->model()->index(0, 1);
        QTest::mouseClick(heat->viewport(), Qt::LeftButton, {}, heat->visualRect(cell).center());
        const std::set<std::string> expected = expectedCell(strict_);
        QTRY_COMPARE(window_->itemPage()->model()->rowCount(), int(expected.size()));
        std::set<std::string> listed;
        for (int r = 0; r < window_->itemPage()->model()->rowCount(); ++r)
            listed.insert(window_->itemPage()->model()->rowAt(r)->itemId);
        QCOMPARE(listed, expected);
    }

    void cleanupTestCase() { window_.reset(); }
};

int main(int argc, char** argv) {
    if (ts::test::sharedData().empty()) {
        std::printf("SKIP: ../shared/data not found beside the source tree\n");
        return 77;
    }
    QApplication app(argc, argv);
    TestUiPaperImport tc;
    return QTest::qExec(&tc, argc, argv);
}

#include "test_ui_paper_import.moc"
