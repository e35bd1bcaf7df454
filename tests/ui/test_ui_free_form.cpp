// A free-form run in the workbench: its steps show "needs a human" (violet,
// not a red "wrong"), the item view proposes the label the trace names and
// the units it quotes, and confirming them for five items makes the
// statistics page's human-rule tables count exactly those five - the loop of
// reading a trace, judging it and seeing the tables follow.
#include <QApplication>
#include <QPushButton>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/data/dataset_loader.h"
#include "core/decompose/sft_builder.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/store/run_import.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/evidence_panel.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/pages/study_page.h"
#include "ui/charts/study_charts.h"
#include "ui/workspaces.h"
#include "core/store/studies.h"
#include "ui/session/project_session.h"
#include "ui/session/statistics_loader.h"
#include "ui/widgets/prediction_view.h"

using namespace ts;
using namespace ts::ui;
namespace fs = std::filesystem;

namespace {

const fs::path kBabi = fs::path(TRACESCOPE_SOURCE_DIR) / "sample_data" / "babi" /
                       "qa1_single-supporting-fact_test.txt";

// R1-style thinking over the correct trace's fact: names the class in words
// and quotes the gold fact verbatim.
std::string freeFormPrediction(const std::string& target) {
    std::smatch fact, answer;
    std::regex_search(target, fact, std::regex(R"(\['(.*)'\])"));
    std::regex_search(target, answer, std::regex("<answer>(.*)</answer>"));
    return "<think>Okay, the question wants a place. This looks like a single supporting fact "
           "question to me. Scanning the story: " +
           fact[1].str() + " Nothing later moves them, I think.</think> <answer>" +
           answer[1].str() + "</answer>";
}

long long importFreeForm(const fs::path& dir, const std::string& projectPath) {
    const Dataset data = loadDataset({kBabi});
    std::ofstream out(dir / "free.jsonl");
    for (const auto& ex : buildSftSet(data, SftCondition::Correct, {}))
        out << nlohmann::json{{"item_id", ex.itemId},
                              {"prediction", freeFormPrediction(ex.assistantContent())}}
                   .dump()
            << "\n";
    out.close();
    const auto pairs = store::readImportPairs(store::ImportFormat::Jsonl, DatasetKind::Babi,
                                              {{dir / "free.jsonl", kBabi}});
    auto project = store::Project::create(projectPath);
    store::RunInfo run;
    run.name = "free";
    run.traceType = TraceType::FreeForm;
    return store::importScoredRun(project, store::ImportFormat::Jsonl, DatasetKind::Babi, run,
                                  pairs)
        .stored.runId;
}

}  // namespace

class TestUiFreeForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void stepsShowNeedsAHuman();
    void confirmedEvidenceMovesTheHumanTables();
    void studyTabDrawsTheRatings();

private:
    long long classTableSize() const {
        const auto& d = window_->statisticsPage()->data();
        return d ? d->tables.classStep.statistics.counts.total() : -1;
    }

    fs::path dir_;
    std::string path_;
    long long runId_ = 0;
    std::unique_ptr<MainWindow> window_;
};

void TestUiFreeForm::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    dir_ = test::scratchDir("ui_free_form");
    path_ = (dir_ / "free.tsproj").string();
    runId_ = importFreeForm(dir_, path_);
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->openProject(QString::fromStdString(path_));
    QTRY_VERIFY(window_->session()->currentRun() != nullptr);
    QCOMPARE(window_->session()->currentRun()->id, runId_);
    window_->session()->setRule(store::VerdictRule::Human);
    QTRY_VERIFY(window_->statisticsPage()->data() &&
                window_->statisticsPage()->data()->tables.view.rule == store::VerdictRule::Human);
    QCOMPARE(classTableSize(), 0LL);  // nobody has judged a step yet
}

void TestUiFreeForm::stepsShowNeedsAHuman() {
    auto* model = window_->itemPage()->model();
    QTRY_VERIFY(model->rowCount() == 30 &&
                model->data(model->index(0, 0), ItemRole::Loaded).toBool());
    for (int column = ItemTableModel::ClassStep; column <= ItemTableModel::Trace; ++column) {
        const QModelIndex cell = model->index(0, column);
        QVERIFY(cell.data(ItemRole::NeedsHuman).toBool());
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), QStringLiteral("needs a human"));
    }
    QVERIFY(!model->index(0, ItemTableModel::Answer).data(ItemRole::NeedsHuman).toBool());
}

void TestUiFreeForm::confirmedEvidenceMovesTheHumanTables() {
    auto* model = window_->itemPage()->model();
    ItemViewPage* view = window_->itemView();
    EvidencePanel* panel = view->evidencePanel();
    for (int row = 0; row < 5; ++row) {
        const QString item = model->data(model->index(row, 0), ItemRole::ItemId).toString();
        view->showRunItem(runId_, item);
        QTRY_VERIFY(view->data() && QString::fromStdString(view->data()->item.id) == item &&
                    panel->isVisible() && panel->ready());
        QVERIFY(panel->confirmButton()->isEnabled());
        // The class the text names, and the verbatim quote (ticked already).
        QVERIFY2(panel->labelChoices().front().contains(QStringLiteral("single-supporting-fact")),
                 qPrintable(panel->labelChoices().join('|')));
        QVERIFY(panel->unitChoices().front().contains(QStringLiteral("overlap 1.00")));
        panel->chooseLabel(0);
        for (int u = 1; u < panel->unitChoices().size(); ++u) panel->tickUnit(u, false);
        if (row == 0) {
            // Mark the quoted sentence in the raw output as the retrieval step.
            auto* output = qobject_cast<PredictionView*>(view->rawOutputWidget());
            QTextCursor c = output->document()->find(QStringLiteral("Scanning the story"));
            QVERIFY(!c.isNull());
            output->setTextCursor(c);
            panel->markSelection(false);
        }
        QTest::mouseClick(panel->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(classTableSize(), static_cast<long long>(row + 1));
    }
    const auto& t = window_->statisticsPage()->data()->tables;
    QCOMPARE(t.classStep.statistics.counts.ok_ok, 5LL);  // gold class, answer ok
    QCOMPARE(t.trace.statistics.counts.ok_ok, 5LL);
    // The confirmed steps read "ok" now, the others still wait.
    QTRY_COMPARE(model->index(0, ItemTableModel::Trace).data(ItemRole::NeedsHuman).toBool(), false);
    QVERIFY(model->index(5, ItemTableModel::Trace).data(ItemRole::NeedsHuman).toBool());
    QVERIFY(
        window_->grab().save(QString::fromStdString((dir_ / "free_form_1600x1000.png").string())));
}

// A one-arm study of the free-form run with known ratings: the Analyse
// workspace's Study tab draws their shares and the accuracy point.
void TestUiFreeForm::studyTabDrawsTheRatings() {
    {
        auto project = store::Project::open(path_);
        store::StudySpec spec;
        spec.name = "pilot";
        spec.runs = {"free"};
        spec.itemCount = 4;
        spec.participants = {"p1"};
        const store::Study s = store::createStudy(project, spec);
        const int interpretability[4] = {1, 2, 4, 4};
        for (int i = 0; i < 4; ++i)
            store::saveRating(project, s,
                              {"p1", s.items[static_cast<std::size_t>(i)].itemKey, 0,
                               interpretability[i], 3, "", 10.0});
    }
    StudyPage* page = window_->studyPage();
    window_->workspaces()->showAnalysePage(page);
    page->reload();
    QTRY_VERIFY(page->data() && page->data()->shown == "pilot");
    const auto& shares = page->likertChart(0)->shares();
    QCOMPARE(shares.size(), std::size_t{1});
    QCOMPARE(shares[0][0], 25.0);  // one rating of 1 in four
    QCOMPARE(shares[0][3], 50.0);  // two of 4
    QCOMPARE(page->likertChart(1)->shares()[0][2], 100.0);
    QCOMPARE(page->accuracyChart()->points(), 1);
    QVERIFY(QString::fromStdString(page->data()->reportText).contains(QStringLiteral("free-form")));
    QVERIFY(window_->grab().save(QString::fromStdString((dir_ / "study_tab_1600x1000.png").string())));
}

QTEST_MAIN(TestUiFreeForm)
#include "test_ui_free_form.moc"
