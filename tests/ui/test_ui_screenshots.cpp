// Renders the main views with QWidget::grab() once they hold data and checks
// they are not blank (enough colours, enough pixels away from the background);
// saves them as PNGs under <build>/screenshots for people to look at.
#include <QApplication>
#include <QDir>
#include <QHash>
#include <QPointer>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/main_window.h"
#include "ui/workspaces.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/compare_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/presentation_window.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"
#include "ui/theme.h"

using namespace ts;
using namespace ts::ui;

namespace {

struct PixelStats {
    int colours = 0;
    double notBackground = 0.0;  // share of pixels unlike the most common colour
};

PixelStats measure(const QImage& image) {
    QHash<QRgb, int> counts;
    int total = 0;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) {
            ++counts[image.pixel(x, y)];
            ++total;
        }
    int top = 0;
    for (int c : counts) top = std::max(top, c);
    return {static_cast<int>(counts.size()), total ? 1.0 - double(top) / total : 0.0};
}

}  // namespace

class TestUiScreenshots : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> window_;

    void check(QWidget* w, const QString& name, int minColours, double minInk) {
        QApplication::processEvents();
        const QImage image = w->grab().toImage();
        QVERIFY(!image.isNull());
        QDir().mkpath(QStringLiteral(TS_SCREENSHOT_DIR));
        QVERIFY(image.save(QStringLiteral(TS_SCREENSHOT_DIR "/%1.png").arg(name)));
        const PixelStats s = measure(image);
        QVERIFY2(s.colours >= minColours, qPrintable(QStringLiteral("%1: only %2 colours").arg(name).arg(s.colours)));
        QVERIFY2(s.notBackground >= minInk,
                 qPrintable(QStringLiteral("%1: %2 of the pixels drawn").arg(name).arg(s.notBackground)));
    }

private Q_SLOTS:
    void initTestCase() {
        test::initUiTestSettings();
        initResources();
        applyTheme(*qApp, Theme::Light);
        const auto fixture = test::makeUiFixture("ui_screens", 400);
        window_ = std::make_unique<MainWindow>();
        window_->resize(1600, 1000);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(fixture.path);
        QTRY_VERIFY(window_->statisticsPage()->data().has_value());
        QTRY_VERIFY(window_->itemView()->data().has_value());
        QTRY_COMPARE(window_->itemPage()->model()->rowCount(), 400);
    }

    void mainViewsAreNotBlank() {
        check(window_.get(), QStringLiteral("main_window"), 60, 0.15);
        check(window_->itemView(), QStringLiteral("item_view"), 30, 0.05);
        check(window_->itemPage(), QStringLiteral("item_table"), 30, 0.10);
        window_->workspaces()->showAnalysePage(window_->statisticsPage());
        check(window_->statisticsPage(), QStringLiteral("statistics"), 40, 0.15);
        QSignalSpy compared(window_->comparePage(), &ComparePage::compared);
        window_->workspaces()->showAnalysePage(window_->comparePage());
        QTRY_VERIFY(window_->comparePage()->result().has_value());
        QTest::qWait(300);
        check(window_->comparePage(), QStringLiteral("compare"), 30, 0.05);
    }

    // The deck is the run's three tables, then the items the current filter
    // lists - none while the list is unfiltered.
    PresentationWindow* present() {
        window_->startPresentation();
        PresentationWindow* p = nullptr;
        [&] {
            QTRY_VERIFY((p = qobject_cast<PresentationWindow*>([] {
                             for (QWidget* w : QApplication::topLevelWidgets())
                                 if (qobject_cast<PresentationWindow*>(w) && w->isVisible()) return w;
                             return static_cast<QWidget*>(nullptr);
                         }())) != nullptr);
        }();
        return p;
    }

    void presentationStepsThroughTablesThenItems() {
        {
            PresentationWindow* p = present();
            QVERIFY(p);
            QCOMPARE(p->slideCount(), 3);  // unfiltered: the tables only, not 400 items
            QPointer<PresentationWindow> guard(p);
            p->close();
            QTRY_VERIFY(!guard || !guard->isVisible());
        }
        store::ItemFilter wrongTrace = window_->itemPage()->filters()->current();
        wrongTrace.trace = StepVerdict::Wrong;
        window_->itemPage()->filters()->push(wrongTrace);
        QTRY_VERIFY(window_->itemPage()->model()->rowCount() > 0 && window_->itemPage()->model()->rowCount() < 400);
        const int listed = window_->itemPage()->model()->rowCount();
        PresentationWindow* p = present();
        QVERIFY(p);
        // Its arrow keys are window shortcuts: they need the window active.
        p->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(p));
        QCOMPARE(p->slideCount(), 3 + listed);  // three tables, then the filtered items
        QCOMPARE(p->currentSlide(), 0);
        QTest::keyClick(p, Qt::Key_Right);
        QTest::keyClick(p, Qt::Key_Right);
        QTest::keyClick(p, Qt::Key_Right);
        QCOMPARE(p->currentSlide(), 3);  // the first item
        QTest::keyClick(p, Qt::Key_Left);
        QCOMPARE(p->currentSlide(), 2);  // the trace table
        check(p, QStringLiteral("presentation_table"), 20, 0.05);
        QPointer<PresentationWindow> guard(p);  // it deletes itself on close
        QTest::keyClick(p, Qt::Key_Escape);
        QTRY_VERIFY(!guard || !guard->isVisible());
        window_->itemPage()->filters()->back();
    }

    void darkPaletteRendersToo() {
        applyTheme(*qApp, Theme::Dark);
        QVERIFY(isDarkTheme());
        QTest::qWait(200);
        check(window_.get(), QStringLiteral("main_window_dark"), 60, 0.15);
        applyTheme(*qApp, Theme::Light);
    }

    void cleanupTestCase() { window_.reset(); }
};

QTEST_MAIN(TestUiScreenshots)
#include "test_ui_screenshots.moc"
