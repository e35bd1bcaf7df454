// The statistics page's accuracy-per-label chart covers the whole run: a
// label whose items all sit past the item table's first page (512 rows) is
// charted, with the counts made here from the fixture's own verdicts.
#include <QApplication>
#include <QTest>

#include <map>

#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

namespace {

constexpr int kItems = 900;
constexpr int kLateFrom = 700;  // items from here on carry the label "omega"

struct Counts {
    long long items = 0, answerOk = 0;
    bool operator==(const Counts&) const = default;
};

std::map<std::string, Counts> expectedCounts(const test::UiFixture& f, ScoringRuleKind rule) {
    std::map<std::string, Counts> out;
    for (std::size_t k = 0; k < f.runA.size(); ++k) {
        Counts& c = out[f.dataset.items[k].goldLabel];
        ++c.items;
        if (test::verdictOf(f.runA[k], rule).answer == StepVerdict::Ok) ++c.answerOk;
    }
    return out;
}

std::map<std::string, Counts> charted(const StatisticsPage& page) {
    std::map<std::string, Counts> out;
    for (const LabelAccuracy& l : page.labelAccuracy()) out[l.label] = {l.items, l.answerOk};
    return out;
}

}  // namespace

class TestUiStatistics : public QObject {
    Q_OBJECT
private:
    test::UiFixture fixture_;
    std::unique_ptr<MainWindow> window_;

private Q_SLOTS:
    void initTestCase() {
        test::initUiTestSettings();
        fixture_ = test::makeUiFixture("ui_statistics", kItems, [](Dataset& d) {
            for (std::size_t k = kLateFrom; k < d.items.size(); ++k) d.items[k].goldLabel = "omega";
        });
        window_ = std::make_unique<MainWindow>();
        window_->resize(1400, 900);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(fixture_.path);
        QTRY_VERIFY(window_->session()->currentRun() != nullptr);
        QCOMPARE(window_->session()->currentRun()->name, std::string("run-a"));
    }

    void labelsPastTheFirstPageAreCharted() {
        // The item list's first answer (two pages) ends before the label starts.
        QVERIFY(kLateFrom >= 2 * ItemTableModel::kPageSize);
        const auto expected = expectedCounts(fixture_, ScoringRuleKind::Strict);
        QCOMPARE(expected.size(), std::size_t(4));
        QVERIFY(expected.at("omega").items == kItems - kLateFrom);
        QTRY_COMPARE(charted(*window_->statisticsPage()), expected);
        const auto& labels = window_->statisticsPage()->labelAccuracy();
        QCOMPARE(labels.back().label, std::string("omega"));  // sorted by label
    }

    void ruleSwitchRecountsEveryLabel() {
        window_->session()->setRule(store::VerdictRule::Legacy);
        QTRY_COMPARE(charted(*window_->statisticsPage()),
                     expectedCounts(fixture_, ScoringRuleKind::Legacy));
        window_->session()->setRule(store::VerdictRule::Strict);
        QTRY_COMPARE(charted(*window_->statisticsPage()),
                     expectedCounts(fixture_, ScoringRuleKind::Strict));
    }

    void cleanupTestCase() { window_.reset(); }
};

QTEST_MAIN(TestUiStatistics)
#include "test_ui_statistics.moc"
