// What the researcher sees of verdicts, read off the rendered pixels and the
// widgets, on a real project: the item table's chips are green for ok, red for
// wrong, amber for partial and grey for not evaluated, and each row's chips
// carry the run's stored verdicts; the heat cells of a 2x2 table are blue and
// darker the larger their share; the annotation panel lists another
// annotator's override and saves the user's own; the disagreements page lists
// two annotators' overrides and the Cohen's kappa computed by hand.
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <cstdlib>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/delegates/verdict_chip_delegate.h"
#include "ui/main_window.h"
#include "ui/workspaces.h"
#include "ui/models/agreement_model.h"
#include "ui/models/contingency_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/annotation_panel.h"
#include "ui/pages/disagreements_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

namespace {

constexpr int kItems = 40;

enum class Hue { Green, Red, Amber, Grey, Blue, Other };

const char* hueName(Hue h) {
    switch (h) {
        case Hue::Green:
            return "green";
        case Hue::Red:
            return "red";
        case Hue::Amber:
            return "amber";
        case Hue::Grey:
            return "grey";
        case Hue::Blue:
            return "blue";
        case Hue::Other:
            return "other";
    }
    return "?";
}

// A colour named as a reader would name it (hue bands wide enough for
// antialiasing, narrow enough to tell amber from red and green).
Hue nameColour(const QColor& c) {
    if (c.hslSaturation() < 40) return Hue::Grey;
    const int h = c.hslHue();
    if (h < 15 || h >= 345) return Hue::Red;
    if (h >= 25 && h < 55) return Hue::Amber;
    if (h >= 90 && h < 160) return Hue::Green;
    if (h >= 190 && h < 240) return Hue::Blue;
    return Hue::Other;
}

Hue expectedHue(StepVerdict v) {
    switch (v) {
        case StepVerdict::Ok:
            return Hue::Green;
        case StepVerdict::Wrong:
            return Hue::Red;
        case StepVerdict::Partial:
            return Hue::Amber;
        case StepVerdict::Unevaluated:
            return Hue::Grey;
    }
    return Hue::Other;
}

// The colour of a chip: the chip is centred in its cell, so walk the cell's
// middle row from the left until the pixels stop being the cell background,
// then step 4 px in (past the antialiased edge, short of the text).
QColor chipColour(const QImage& image, const QRect& cell) {
    const int y = cell.center().y();
    const QColor background = image.pixelColor(cell.left() + 1, y);
    auto differs = [&](const QColor& c) {
        return std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
                   std::abs(c.blue() - background.blue()) >
               60;
    };
    for (int x = cell.left() + 1; x < cell.right() - 4; ++x)
        if (differs(image.pixelColor(x, y))) return image.pixelColor(x + 4, y);
    return background;
}

store::Annotation traceOverride(long long runId, const std::string& item, const std::string& who,
                                StepVerdict v, const std::string& note = {}) {
    store::Annotation a;
    a.runId = runId;
    a.itemId = item;
    a.target = store::AnnotationTarget::Trace;
    a.annotator = who;
    a.verdictOverride = v;
    a.note = note;
    return a;
}

}  // namespace

class TestUiVerdictViews : public QObject {
    Q_OBJECT
private:
    test::UiFixture fixture_;
    std::unique_ptr<MainWindow> window_;
    long long runA_ = 0;

    ItemTableModel& model() { return *window_->itemPage()->model(); }

private Q_SLOTS:
    void initTestCase();
    void everyVerdictHasItsColour();
    void itemTableChipsShowTheStoredVerdicts();
    void heatCellsDarkenWithTheirShare();
    void annotationPanelShowsOthersAndSavesMine();
    void disagreementsPageListsOverridesAndKappa();
};

void TestUiVerdictViews::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    fixture_ = test::makeUiFixture("ui_verdict_views", kItems);
    {
        auto p = store::Project::open(fixture_.path.toStdString());
        for (const auto& r : store::listRuns(p))
            if (r.name == "run-a") runA_ = r.id;
        // Another annotator's override on the first item, before the window opens.
        store::saveAnnotation(p, traceOverride(runA_, fixture_.dataset.items[0].id, "alice",
                                               StepVerdict::Wrong, "cites the wrong fact"));
    }
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->openProject(fixture_.path);
    QTRY_VERIFY(window_->session()->currentRun() != nullptr);
    QCOMPARE(window_->session()->currentRun()->id, runA_);
    QTRY_COMPARE(model().rowCount(), kItems);
}

void TestUiVerdictViews::everyVerdictHasItsColour() {
    // The chip delegate alone, one row per verdict.
    QStandardItemModel m(4, 1);
    const StepVerdict verdicts[] = {StepVerdict::Ok, StepVerdict::Wrong, StepVerdict::Partial,
                                    StepVerdict::Unevaluated};
    for (int r = 0; r < 4; ++r) m.setData(m.index(r, 0), int(verdicts[r]), ItemRole::Verdict);
    QTableView view;
    view.setModel(&m);
    view.setItemDelegate(new VerdictChipDelegate(&view));
    view.setColumnWidth(0, 160);
    view.resize(260, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage image = view.viewport()->grab().toImage();
    for (int r = 0; r < 4; ++r) {
        const QColor c = chipColour(image, view.visualRect(m.index(r, 0)));
        QVERIFY2(nameColour(c) == expectedHue(verdicts[r]),
                 qPrintable(QString("verdict %1 drawn %2 (%3)")
                                .arg(r)
                                .arg(hueName(nameColour(c)))
                                .arg(c.name())));
    }
}

void TestUiVerdictViews::itemTableChipsShowTheStoredVerdicts() {
    QTableView* view = window_->itemPage()->view();
    const QImage image = view->viewport()->grab().toImage();
    int checked = 0;
    for (int row = 0; row < model().rowCount(); ++row) {
        const QModelIndex idIndex = model().index(row, ItemTableModel::Id);
        if (!view->viewport()->rect().contains(view->visualRect(idIndex))) continue;
        const std::string id = idIndex.data(ItemRole::ItemId).toString().toStdString();
        const auto record = std::find_if(fixture_.runA.begin(), fixture_.runA.end(),
                                         [&](const auto& r) { return r.itemId == id; });
        QVERIFY(record != fixture_.runA.end());
        const ItemVerdict& v = test::verdictOf(*record, ScoringRuleKind::Strict);
        const std::pair<int, StepVerdict> columns[] = {
            {ItemTableModel::ClassStep, v.classStep},
            {ItemTableModel::RetrievalStep, v.retrievalStep},
            {ItemTableModel::Trace, v.trace},
            {ItemTableModel::Answer, v.answer}};
        for (const auto& [column, stored] : columns) {
            const QModelIndex cell = model().index(row, column);
            QCOMPARE(cell.data(ItemRole::Verdict).toInt(), int(stored));
            const QColor c = chipColour(image, view->visualRect(cell));
            // A step of an output without a trace is absent, not wrong: grey.
            const bool absent = column != ItemTableModel::Answer && hasNoTrace(v.parse);
            QCOMPARE(cell.data(ItemRole::NoTrace).toBool(), absent);
            QVERIFY2(nameColour(c) == (absent ? Hue::Grey : expectedHue(stored)),
                     qPrintable(QString("%1 column %2: drawn %3 (%4)")
                                    .arg(QString::fromStdString(id))
                                    .arg(column)
                                    .arg(hueName(nameColour(c)))
                                    .arg(c.name())));
            ++checked;
        }
    }
    QVERIFY2(checked >= 8, qPrintable(QString("only %1 chips visible").arg(checked)));
}

void TestUiVerdictViews::heatCellsDarkenWithTheirShare() {
    StatisticsPage* stats = window_->statisticsPage();
    QTRY_VERIFY(stats->data().has_value());
    QTableView* heat = stats->tableView(store::TraceStep::Trace);
    ContingencyModel* table = stats->tableModel(store::TraceStep::Trace);
    heat->scrollTo(heat->model()->index(0, 0));
    const QImage image = heat->viewport()->grab().toImage();
    long long total = 0;
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) total += table->cell(r, c);
    QCOMPARE(total, static_cast<long long>(kItems));
    std::vector<std::pair<long long, int>> countAndLightness;
    for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 2; ++c) {
            const QModelIndex index = heat->model()->index(r, c);
            QCOMPARE(index.data(ItemRole::Heat).toDouble(),
                     double(table->cell(r, c)) / double(total));
            const QRect rect = heat->visualRect(index);
            // Inside the fill, clear of the focus frame (2 px, 2 px in) and of the centred text.
            const QColor colour = image.pixelColor(rect.left() + 6, rect.top() + 6);
            QVERIFY2(nameColour(colour) == Hue::Blue || colour.lightness() > 225,
                     qPrintable(colour.name()));
            countAndLightness.emplace_back(table->cell(r, c), colour.lightness());
        }
    }
    std::sort(countAndLightness.begin(), countAndLightness.end());
    for (std::size_t i = 1; i < countAndLightness.size(); ++i) {
        if (countAndLightness[i].first == countAndLightness[i - 1].first) continue;
        QVERIFY2(countAndLightness[i].second < countAndLightness[i - 1].second,
                 "a larger count is not drawn darker");
    }
}

void TestUiVerdictViews::annotationPanelShowsOthersAndSavesMine() {
    QTRY_VERIFY(window_->itemView()->data().has_value());
    QCOMPARE(window_->itemView()->data()->item.id, fixture_.dataset.items[0].id);
    AnnotationPanel* panel = window_->itemView()->annotationPanel();
    panel->setTarget(store::AnnotationTarget::Trace);
    // alice's override and note, listed for the reader.
    QLabel* others = nullptr;
    for (QLabel* l : panel->findChildren<QLabel*>())
        if (l->text().contains(QStringLiteral("Also on this item"))) others = l;
    QVERIFY2(others, "the other annotators' entries are not shown");
    QVERIFY2(others->text().contains(QStringLiteral("<b>alice</b> on trace: wrong")),
             qPrintable(others->text()));
    QVERIFY2(others->text().contains(QStringLiteral("cites the wrong fact")),
             qPrintable(others->text()));

    // The user's own verdict: the "ok (1)" button, then a note.
    QToolButton* okButton = nullptr;
    for (QToolButton* b : panel->findChildren<QToolButton*>())
        if (b->text() == QStringLiteral("ok (1)")) okButton = b;
    QVERIFY(okButton);
    QTest::mouseClick(okButton, Qt::LeftButton);
    QLineEdit* note = nullptr;
    for (QLineEdit* e : panel->findChildren<QLineEdit*>())
        if (e->placeholderText().startsWith(QStringLiteral("a note"))) note = e;
    QVERIFY(note);
    note->setFocus();
    QTest::keyClicks(note, QStringLiteral("right facts, odd wording"));
    QTest::keyClick(note, Qt::Key_Return);

    const std::string item = fixture_.dataset.items[0].id;
    auto p = store::Project::open(fixture_.path.toStdString());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto& a : store::annotationsForItem(p, runA_, item))
                if (a.annotator == "tester" && a.target == store::AnnotationTarget::Trace &&
                    a.verdictOverride && *a.verdictOverride == StepVerdict::Ok &&
                    a.note == "right facts, odd wording")
                    return true;
            return false;
        }(),
        10000);
    QVERIFY(okButton->isChecked());
    // alice's annotation is untouched.
    int alice = 0;
    for (const auto& a : store::annotationsForItem(p, runA_, item)) {
        if (a.annotator != "alice") continue;
        ++alice;
        QVERIFY(a.verdictOverride && *a.verdictOverride == StepVerdict::Wrong);
    }
    QCOMPARE(alice, 1);
}

void TestUiVerdictViews::disagreementsPageListsOverridesAndKappa() {
    // alice: ok on items 0-5, wrong on 6-9; bob: ok on 0-3, wrong on 4-9.
    // By hand: observed agreement 8/10 = 0.8; chance 0.6 x 0.4 + 0.4 x 0.6 =
    // 0.48; kappa = (0.8 - 0.48) / (1 - 0.48) = 0.615.
    {
        auto p = store::Project::open(fixture_.path.toStdString());
        for (int i = 0; i < 10; ++i) {
            const std::string id = fixture_.dataset.items[static_cast<std::size_t>(i)].id;
            store::saveAnnotation(
                p, traceOverride(runA_, id, "alice", i < 6 ? StepVerdict::Ok : StepVerdict::Wrong));
            store::saveAnnotation(
                p, traceOverride(runA_, id, "bob", i < 4 ? StepVerdict::Ok : StepVerdict::Wrong));
        }
    }
    DisagreementsPage* page = window_->disagreementsPage();
    window_->workspaces()->showAnalysePage(page);
    QTRY_VERIFY(page->isVisible());
    page->reload();  // the annotations were written behind the session's back
    QLabel* kappa = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (QLabel* l : page->findChildren<QLabel*>())
                if (l->text().contains(QStringLiteral("Cohen, alice vs bob"))) kappa = l;
            return kappa != nullptr;
        }(),
        10000);
    QVERIFY2(kappa->text().contains(
                 QStringLiteral("κ = 0.615 (observed 0.800, chance 0.480, 10 items)")),
             qPrintable(kappa->text()));
    // One row per overridden item; a column per annotator (tester judged item 0 above).
    AgreementModel* m = page->model();
    QCOMPARE(m->rowCount(), 10);
    QStringList annotators;
    for (int c = 1; c < m->columnCount(); ++c)
        annotators << m->headerData(c, Qt::Horizontal).toString();
    QCOMPARE(annotators, (QStringList{"alice", "bob", "tester"}));
    int disagreeing = 0;
    for (int r = 0; r < m->rowCount(); ++r) {
        const int a = m->index(r, 1).data(ItemRole::Verdict).toInt();
        const int b = m->index(r, 2).data(ItemRole::Verdict).toInt();
        QVERIFY(a == int(StepVerdict::Ok) || a == int(StepVerdict::Wrong));
        if (a != b) ++disagreeing;
    }
    // Items 4 and 5. (Item 0: alice's earlier "wrong" is now "ok", as are bob's and tester's.)
    QCOMPARE(disagreeing, 2);
    // "only disagreements" keeps exactly those rows, listed first anyway.
    QVERIFY(m->index(0, 0).data(Qt::ToolTipRole).toString() ==
            QStringLiteral("annotators disagree"));
    for (QCheckBox* box : page->findChildren<QCheckBox*>())
        if (box->text() == QStringLiteral("only disagreements")) box->setChecked(true);
    QTRY_COMPARE(m->rowCount(), 2);
}

QTEST_MAIN(TestUiVerdictViews)
#include "test_ui_verdict_views.moc"
