// The workbench as a whole screen, on the demo project with a traced CoTempQA
// run and a vanilla bAbI run: the window fits the screen (1600x1000, or
// 1366x768 when TS_SCREEN_SMALL=1, or 150% scaling), the Read workspace lists
// at least 20 items and shows a CoTempQA item - question, verdicts, class
// step, every context unit, answer, raw output - without scrolling; headers,
// chips and labels fit their text or carry it in a tooltip; a heat-table cell
// opens its items and Alt+Left comes back, by keyboard alone; a run without
// traces gets grey "no trace" chips and an answer-only summary; and a
// findings report exports as valid HTML and PDF holding the pinned things.
#include <QApplication>
#include <QFile>
#include <QHeaderView>
#include <QProcess>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTest>

#include <cstdlib>

#include "tests/common/test_support.h"
#include "tests/ui/reading_fixture.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/models/contingency_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/findings_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"
#include "ui/widgets/fit_list_view.h"
#include "ui/widgets/prediction_view.h"
#include "ui/workspaces.h"

using namespace ts;
using namespace ts::ui;
namespace fs = std::filesystem;

namespace {

bool smallScreen() {
    const char* v = std::getenv("TS_SCREEN_SMALL");
    return v && std::string(v) == "1";
}

// True on the default 1600x1000 desk at 100%: the "20 rows / no scrolling" promises hold there.
bool fullDesk() {
    return !smallScreen() && QGuiApplication::primaryScreen()->devicePixelRatio() < 1.25;
}

const store::RunSummary* runNamed(ProjectSession* s, const std::string& name) {
    for (const auto& r : s->catalogue().runs)
        if (r.name == name) return &r;
    return nullptr;
}

// The widget's rectangle in the scroll area's viewport.
QRect inViewport(QWidget* w, QScrollArea* area) {
    return QRect(w->mapTo(area->viewport(), QPoint(0, 0)), w->size());
}

std::string readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

}  // namespace

class TestUiLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowFitsTheScreen();
    void readWorkspaceListsTwentyRows();
    void aCoTempQaItemReadsWithoutScrolling();
    void textsFitOrCarryATooltip();
    void heatCellAndBackByKeyboard();
    void runWithoutTracesIsAnAnswerOnlySummary();
    void findingsReportExports();
    void resetLayoutRestoresTheDefaults();

private:
    void selectRun(const std::string& name);

    fs::path dir_;
    test::ReadingRuns runs_;
    std::unique_ptr<MainWindow> window_;
};

void TestUiLayout::initTestCase() {
    test::initUiTestSettings(QStringLiteral("tester"));
    dir_ = test::scratchDir(smallScreen() ? "ui_layout_small" : "ui_layout");
    window_ = std::make_unique<MainWindow>();
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    const QString project = QString::fromStdString((dir_ / "demo.tsproj").string());
    window_->openDemo(project);  // builds the demo project's datasets, as ./run.sh does
    QTRY_VERIFY_WITH_TIMEOUT(window_->session()->catalogue().datasets.size() == 2, 60000);
    window_->session()->writer().waitForIdle();
    runs_ = test::addReadingRuns(dir_ / "demo.tsproj", dir_ / "work");
    window_->session()->refreshCatalogue();
    QTRY_VERIFY(runNamed(window_->session(), runs_.cotempRun) != nullptr);
    selectRun(runs_.cotempRun);
}

void TestUiLayout::selectRun(const std::string& name) {
    window_->session()->selectRun(runNamed(window_->session(), name)->id);
    QTRY_VERIFY(window_->session()->currentRun() && window_->session()->currentRun()->name == name);
    // The list reloads in the background: wait until it lists this run's items.
    const std::string& item = name == runs_.cotempRun ? runs_.cotempItem : runs_.vanillaItem;
    QTRY_VERIFY_WITH_TIMEOUT(window_->itemPage()->model()->rowOfItem(item) >= 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->statisticsPage()->data() &&
            window_->statisticsPage()->data()->tables.runId == window_->session()->currentRun()->id,
        20000);
}

void TestUiLayout::windowFitsTheScreen() {
    const QRect available = window_->screen()->availableGeometry();
    QVERIFY2(available.contains(window_->frameGeometry()),
             qPrintable(QStringLiteral("window %1x%2 at (%3,%4) on a %5x%6 screen")
                            .arg(window_->frameGeometry().width())
                            .arg(window_->frameGeometry().height())
                            .arg(window_->frameGeometry().x())
                            .arg(window_->frameGeometry().y())
                            .arg(available.width())
                            .arg(available.height())));
    // Everything reachable: the window's minimum fits, so it can be this small.
    const QSize minimum = window_->minimumSizeHint();
    QVERIFY2(
        minimum.width() <= available.width() && minimum.height() <= available.height(),
        qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
    QCOMPARE(window_->workspaces()->mode(), Workspaces::Mode::Read);
}

void TestUiLayout::readWorkspaceListsTwentyRows() {
    if (!fullDesk()) QSKIP("the 20-row promise is for a 1600x1000 desk at 100%");
    QTableView* view = window_->itemPage()->view();
    QTRY_VERIFY(view->isVisible());
    int visible = 0;
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->viewport()->rect().contains(view->visualRect(view->model()->index(r, 0))))
            ++visible;
    QVERIFY2(visible >= 20, qPrintable(QStringLiteral("%1 rows visible").arg(visible)));
}

void TestUiLayout::aCoTempQaItemReadsWithoutScrolling() {
    // The list reloads in the background after a run change: poll until the item is listed.
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->itemPage()->selectItem(QString::fromStdString(runs_.cotempItem)), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->itemView()->data() && window_->itemView()->data()->item.id == runs_.cotempItem,
        20000);
    QTest::qWait(200);  // the layout settles after the content changed
    ItemViewPage* v = window_->itemView();
    const auto& item = v->data()->item;
    QVERIFY(item.context.size() >= 6);
    auto* units = qobject_cast<FitListView*>(v->contextWidget());
    QVERIFY(units);
    // Every unit shown, no scroll bar of its own.
    QCOMPARE(units->verticalScrollBar()->maximum(), 0);
    if (!fullDesk()) return;
    QScrollArea* area = v->scrollArea();
    QCOMPARE(area->verticalScrollBar()->value(), 0);
    for (QWidget* w : {v->questionWidget(), v->chipsWidget(), v->contextWidget(), v->answerWidget(),
                       v->rawOutputWidget()}) {
        const QRect r = inViewport(w, area);
        QVERIFY2(r.bottom() <= area->viewport()->height(),
                 qPrintable(QStringLiteral("%1 ends at %2, the view at %3")
                                .arg(w->objectName().isEmpty() ? w->metaObject()->className()
                                                               : w->objectName())
                                .arg(r.bottom())
                                .arg(area->viewport()->height())));
    }
}

void TestUiLayout::textsFitOrCarryATooltip() {
    // The item view's chips.
    auto* chips = qobject_cast<VerdictChipRow*>(window_->itemView()->chipsWidget());
    QVERIFY(chips);
    QVERIFY2(chips->textsFit() || !chips->toolTip().isEmpty(),
             qPrintable(chips->chipTexts().join(", ")));
    QVERIFY2(chips->textsFit(), qPrintable(QStringLiteral("chips %1 at width %2")
                                               .arg(chips->chipTexts().join(", "))
                                               .arg(chips->width())));
    // The item table's headers and chips.
    QTableView* view = window_->itemPage()->view();
    const QFontMetrics fm(view->horizontalHeader()->font());
    for (int c = 0; c < view->model()->columnCount() - 1; ++c) {
        const QString text = view->model()->headerData(c, Qt::Horizontal).toString();
        const bool fits =
            view->horizontalHeader()->sectionSize(c) >= fm.horizontalAdvance(text) + 8;
        const bool tip =
            !view->model()->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty();
        QVERIFY2(fits || tip, qPrintable(text));
    }
    QFont bold = view->font();
    bold.setBold(true);
    const QFontMetrics chipFm(bold);
    for (int r = 0; r < std::min(view->model()->rowCount(), 40); ++r)
        for (int c = ItemTableModel::ClassStep; c <= ItemTableModel::Answer; ++c) {
            const QModelIndex i = view->model()->index(r, c);
            const QString text = i.data().toString();
            if (text.isEmpty()) continue;
            QVERIFY2(view->columnWidth(c) - 6 >= chipFm.horizontalAdvance(text) + 18 ||
                         !i.data(Qt::ToolTipRole).toString().isEmpty(),
                     qPrintable(QStringLiteral("chip '%1' in a %2 px column")
                                    .arg(text)
                                    .arg(view->columnWidth(c))));
        }
    // The heat tables' headers ("answer wrong" was clipped).
    window_->workspaces()->setMode(Workspaces::Mode::Analyse);
    window_->workspaces()->showAnalysePage(window_->statisticsPage());
    QTest::qWait(100);
    QTableView* heat = window_->statisticsPage()->tableView(store::TraceStep::Trace);
    const QFontMetrics hfm(heat->horizontalHeader()->font());
    for (int c = 0; c < heat->model()->columnCount(); ++c) {
        const QString text = heat->model()->headerData(c, Qt::Horizontal).toString();
        QVERIFY2(heat->horizontalHeader()->sectionSize(c) >= hfm.horizontalAdvance(text) + 8,
                 qPrintable(QStringLiteral("heat header '%1' in %2 px")
                                .arg(text)
                                .arg(heat->horizontalHeader()->sectionSize(c))));
    }
    window_->workspaces()->setMode(Workspaces::Mode::Read);
}

void TestUiLayout::heatCellAndBackByKeyboard() {
    ItemTableModel* model = window_->itemPage()->model();
    const int all = model->rowCount();
    QTest::keyClick(window_.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window_->workspaces()->mode(), Workspaces::Mode::Analyse);
    window_->workspaces()->showAnalysePage(window_->statisticsPage());
    QTableView* heat = window_->statisticsPage()->tableView(store::TraceStep::Trace);
    heat->setFocus();
    QTRY_VERIFY(heat->hasFocus());
    heat->setCurrentIndex(heat->model()->index(0, 0));  // trace ok / answer ok
    QTest::keyClick(heat, Qt::Key_Right);               // trace ok / answer wrong
    QTest::keyClick(heat, Qt::Key_Down);                // trace wrong / answer wrong
    QCOMPARE(heat->currentIndex().data(ContingencyModel::kCellRole).toInt(), 3);
    const long long expected =
        window_->statisticsPage()->tableModel(store::TraceStep::Trace)->cell(1, 1);
    QVERIFY(expected > 0);
    QTest::keyClick(heat, Qt::Key_Return);
    QTRY_COMPARE(window_->workspaces()->mode(), Workspaces::Mode::Read);
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<long long>(model->rowCount()), expected, 20000);
    QVERIFY(window_->itemPage()->view()->hasFocus());
    QTest::keyClick(window_->itemPage()->view(), Qt::Key_J);  // read on, by keyboard
    QTest::keyClick(window_.get(), Qt::Key_Left, Qt::AltModifier);
    QTRY_COMPARE(window_->workspaces()->mode(), Workspaces::Mode::Analyse);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), all, 20000);
    QVERIFY(heat->hasFocus());
    QTest::keyClick(window_.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window_->workspaces()->mode(), Workspaces::Mode::Read);
}

void TestUiLayout::runWithoutTracesIsAnAnswerOnlySummary() {
    selectRun(runs_.vanillaRun);
    if (QTest::currentTestFailed()) return;
    // Only this run: the Ctrl of the last test's Ctrl+1 must not have added
    // it to the tree's selection and pooled it with the CoTempQA run.
    QVERIFY(!window_->statisticsPage()->data()->pooled);
    QVERIFY(window_->statisticsPage()->data()->tables.hasNoTraces());
    QVERIFY(window_->statisticsPage()->showsAnswerOnly());
    const QModelIndex trace = window_->itemPage()->model()->index(0, ItemTableModel::Trace);
    QVERIFY(trace.data(ItemRole::NoTrace).toBool());
    QCOMPARE(trace.data().toString(), QStringLiteral("no trace"));
    QVERIFY(!window_->itemPage()
                 ->model()
                 ->index(0, ItemTableModel::Answer)
                 .data(ItemRole::NoTrace)
                 .toBool());
    QTRY_VERIFY_WITH_TIMEOUT(window_->itemView()->data().has_value(), 20000);
    auto* chips = qobject_cast<VerdictChipRow*>(window_->itemView()->chipsWidget());
    QTRY_VERIFY_WITH_TIMEOUT(chips->chipTexts().value(2) == QStringLiteral("trace: no trace"), 20000);
    selectRun(runs_.cotempRun);
    QVERIFY(!window_->statisticsPage()->showsAnswerOnly());
}

void TestUiLayout::findingsReportExports() {
    // Pin a CoTempQA item, the run's tables and the cross-run chart, with a note.
    // The list reloads in the background after a run change: poll until the item is listed.
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->itemPage()->selectItem(QString::fromStdString(runs_.cotempItem)), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->itemView()->data() && window_->itemView()->data()->item.id == runs_.cotempItem,
        20000);
    window_->itemPage()->view()->setFocus();
    QTest::keyClick(window_.get(), Qt::Key_P);
    window_->pin(store::FindingKind::Tables);
    window_->pin(store::FindingKind::Chart, QStringLiteral("conditional"));
    FindingsPage* page = window_->findingsPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->findings().size(), std::size_t{3}, 20000);
    QCOMPARE(page->findings()[0].itemId, runs_.cotempItem);
    const QString dir = QString::fromStdString(dir_.string());
    QString error;
    QVERIFY2(page->exportHtml(dir + "/findings.html", &error), qPrintable(error));
    const std::string html = readAll(dir + "/findings.html");
    QVERIFY(html.rfind("<!DOCTYPE html>", 0) == 0);
    QVERIFY(html.find("</html>") != std::string::npos);
    QVERIFY(html.find(runs_.cotempItem) != std::string::npos);
    QVERIFY(html.find("data:image/png;base64,") != std::string::npos);
    const auto& trace = window_->statisticsPage()->data()->tables.trace.statistics.counts;
    QVERIFY(html.find("<th>trace ok</th><td>" + std::to_string(trace.ok_ok) + "</td>") !=
            std::string::npos);

    QVERIFY2(page->exportPdf(dir + "/findings.pdf", &error), qPrintable(error));
    const std::string pdf = readAll(dir + "/findings.pdf");
    QVERIFY(pdf.rfind("%PDF-", 0) == 0);
    QVERIFY(pdf.find("%%EOF") != std::string::npos);
    // One finding per page: at least three pages ("/Type /Page" but not "/Pages").
    int pages = 0;
    for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos;
         at = pdf.find("/Type /Page", at + 1))
        if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
    QVERIFY2(pages >= 3, qPrintable(QStringLiteral("%1 pages").arg(pages)));
    // The text of the pinned item and table, read back with poppler's pdftotext.
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed to read the PDF back");
    QProcess p;
    p.start(pdftotext, {dir + "/findings.pdf", QStringLiteral("-")});
    QVERIFY(p.waitForFinished(60000));
    const std::string text = p.readAllStandardOutput().toStdString();
    QVERIFY2(text.find(runs_.cotempItem) != std::string::npos, text.substr(0, 400).c_str());
    QVERIFY(text.find("trace × answer") != std::string::npos ||
            text.find("trace x answer") != std::string::npos);
    QVERIFY(text.find(std::to_string(trace.bad_bad)) != std::string::npos);
}

void TestUiLayout::resetLayoutRestoresTheDefaults() {
    window_->workspaces()->setMode(Workspaces::Mode::Analyse);
    window_->workspaces()->readSplitter()->setSizes({100, 1400});
    window_->resetLayout();
    QCOMPARE(window_->workspaces()->mode(), Workspaces::Mode::Read);
    const QList<int> sizes = window_->workspaces()->readSplitter()->sizes();
    QVERIFY2(sizes[0] > 300, qPrintable(QString::number(sizes[0])));
    QVERIFY(window_->screen()->availableGeometry().contains(window_->frameGeometry()));
}

QTEST_MAIN(TestUiLayout)
#include "test_ui_layout.moc"
