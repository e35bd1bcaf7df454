// The error taxonomy in the workbench: the Analyse workspace's Taxonomy tab
// shows core's class confusion and error types for the current run, and a
// click on a confusion cell or on a type row lists exactly its items in the
// Read workspace (checked against core's own per-item types and a query of
// the stored verdicts).
#include <QApplication>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <set>

#include "core/store/catalog.h"
#include "core/store/error_type_store.h"
#include "core/store/project.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/taxonomy_page.h"
#include "ui/session/project_session.h"
#include "ui/workspaces.h"

using namespace ts;
using namespace ts::ui;

class TestUiTaxonomy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void confusionCellListsItsItems();
    void typeRowListsItsItems();

private:
    std::set<std::string> listedItems() {
        auto* model = window_->itemPage()->model();
        std::set<std::string> ids;
        for (int r = 0; r < model->rowCount(); ++r)
            ids.insert(model->index(r, 0).data(ItemRole::ItemId).toString().toStdString());
        return ids;
    }
    void click(QTableView* view, int row, int column) {
        view->scrollTo(view->model()->index(row, column));
        const QRect r = view->visualRect(view->model()->index(row, column));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r.center());
    }

    test::UiFixture fixture_;
    std::unique_ptr<MainWindow> window_;
    long long runA_ = 0;
};

void TestUiTaxonomy::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    fixture_ = test::makeUiFixture("ui_taxonomy", 120);
    auto p = store::Project::open(fixture_.path.toStdString());
    for (const auto& r : store::listRuns(p))
        if (r.name == "run-a") runA_ = r.id;
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->openProject(fixture_.path);
    QTRY_VERIFY(window_->session()->currentRun() != nullptr);
    QCOMPARE(window_->session()->currentRun()->id, runA_);
    window_->workspaces()->showAnalysePage(window_->taxonomyPage());
    QTRY_VERIFY(window_->taxonomyPage()->data().has_value());
}

void TestUiTaxonomy::confusionCellListsItsItems() {
    const auto& c = window_->taxonomyPage()->data()->taxonomy.confusion;
    // The fullest off-diagonal cell, else the fullest cell.
    int bestRow = -1, bestColumn = -1;
    long long best = 0;
    for (std::size_t r = 0; r < c.counts.size(); ++r)
        for (std::size_t k = 0; k < c.counts[r].size(); ++k) {
            const bool offDiagonal = c.predicted[r] != c.goldLabels[k];
            const long long score = c.counts[r][k] * (offDiagonal ? 1000 : 1);
            if (score > best) best = score, bestRow = int(r), bestColumn = int(k);
        }
    QVERIFY(bestRow >= 0);
    const auto& expected = c.itemIds[std::size_t(bestRow)][std::size_t(bestColumn)];
    QCOMPARE(static_cast<long long>(expected.size()),
             c.counts[std::size_t(bestRow)][std::size_t(bestColumn)]);
    click(window_->taxonomyPage()->confusionView(), bestRow, bestColumn);
    QTRY_VERIFY(window_->workspaces()->mode() == Workspaces::Mode::Read);
    QTRY_VERIFY(listedItems() == std::set<std::string>(expected.begin(), expected.end()));
    // Every listed item's gold label is the cell's column.
    std::set<std::string> golds;
    for (const auto& item : fixture_.dataset.items)
        if (std::find(expected.begin(), expected.end(), item.id) != expected.end())
            golds.insert(item.goldLabel);
    QCOMPARE(golds.size(), std::size_t{1});
    window_->workspaces()->showAnalysePage(window_->taxonomyPage());
}

void TestUiTaxonomy::typeRowListsItsItems() {
    auto* types = window_->taxonomyPage()->typesView();
    QVERIFY(types->model()->rowCount() > 0);
    const std::string type = types->model()->index(0, 1).data().toString().toStdString();
    auto p = store::Project::open(fixture_.path.toStdString());
    std::set<std::string> expected;
    for (const auto& [item, names] :
         store::errorTypeNamesByItem(p.db(), runA_, ScoringRuleKind::Strict))
        if (std::find(names.begin(), names.end(), type) != names.end()) expected.insert(item);
    QVERIFY2(!expected.empty(), type.c_str());
    click(types, 0, 1);
    QTRY_VERIFY(window_->workspaces()->mode() == Workspaces::Mode::Read);
    QTRY_VERIFY(listedItems() == expected);
    QVERIFY(window_->grab().save(QString::fromStdString(
        (test::scratchDir("ui_taxonomy_shots") / "taxonomy_items_1600x1000.png").string())));
}

QTEST_MAIN(TestUiTaxonomy)
#include "test_ui_taxonomy.moc"
