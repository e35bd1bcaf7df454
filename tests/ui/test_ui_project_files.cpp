// Project files from others in the workbench (docs/RELIABILITY.md, section
// 7): a refused file (the schema bomb, which only the open's time bound
// stops) leaves the window responsive - its event loop keeps ticking while
// the store thread works - ends in a dialog naming the file, leaves no
// project open and the file untouched; a project opened read-only is never
// written: annotations are shown but not editable, a write that gets through
// is refused in words, imports and the demo's training are refused, the
// findings export reads through a further read-only connection, and after
// closing, the file's bytes are what they were and nothing lies beside it.
// The window and the refusal dialog go to <test-output>/ui_project_files_shots.
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/store/annotations.h"
#include "tests/common/test_support.h"
#include "tests/hostile/hostile_projects.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/jobs/import_plan.h"
#include "ui/main_window.h"
#include "ui/pages/annotation_panel.h"
#include "ui/pages/findings_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/session/project_session.h"

namespace fs = std::filesystem;
using namespace ts;
using namespace ts::ui;

namespace {

std::string bytesOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool sideFilesBeside(const fs::path& path) {
    for (const char* side : {"-wal", "-shm", "-journal"})
        if (fs::exists(path.string() + side)) return true;
    return false;
}

// The longest the window's event loop went without running a 10 ms timer.
class EventLoopWatch {
public:
    EventLoopWatch() {
        QObject::connect(&timer_, &QTimer::timeout,
                         [this] { longest_ = std::max(longest_, clock_.restart()); });
        clock_.start();
        timer_.start(10);
    }
    qint64 longestGapMs() const { return longest_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 longest_ = 0;
};

}  // namespace

class TestUiProjectFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::initUiTestSettings(QStringLiteral("tester")); }

    void aRefusedFileKeepsTheWindowResponsive() {
        const test::UiFixture f = test::makeUiFixture("project_files_valid", 12);
        const fs::path bomb = test::scratchDir("project_files_bomb") / "from-a-colleague.tsproj";
        fs::copy_file(f.path.toStdString(), bomb);
        test::plantSchemaBomb(bomb);
        const std::string before = bytesOf(bomb);

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy refused(window.session(), &ProjectSession::openFailed);
        EventLoopWatch watch;
        QElapsedTimer clock;
        clock.start();
        window.openProject(QString::fromStdString(bomb.string()));
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 30000);
        const qint64 waited = clock.elapsed();
        std::printf("schema bomb refused after %lld ms; longest event-loop gap %lld ms\n",
                    static_cast<long long>(waited), static_cast<long long>(watch.longestGapMs()));
        // The store thread spent seconds on it; the window never waited on it.
        QVERIFY2(waited > 1000, "the refusal came too fast to tell anything about the window");
        QVERIFY2(watch.longestGapMs() < 500, qPrintable(QString::number(watch.longestGapMs())));

        const QString message = refused.at(0).at(1).toString();
        QVERIFY2(message.contains(QString::fromStdString(bomb.string())), qPrintable(message));
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("openRefusal"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("from-a-colleague.tsproj")));
        QCOMPARE(box->informativeText(), message);
        const fs::path shots = test::scratchDir("ui_project_files_shots");
        window.grab().save(QString::fromStdString((shots / "refused_window.png").string()));
        box->grab().save(QString::fromStdString((shots / "refused_dialog.png").string()));
        box->accept();
        QVERIFY(!window.session()->isOpen());
        QVERIFY(!window.windowTitle().contains(QStringLiteral("from-a-colleague")));
        QCOMPARE(bytesOf(bomb), before);
        QVERIFY(!sideFilesBeside(bomb));

        // The window is as usable as before: a good project opens.
        QSignalSpy opened(window.session(), &ProjectSession::projectOpened);
        window.openProject(f.path);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QTRY_COMPARE(window.session()->catalogue().runs.size(), std::size_t(2));
    }

    void aReadOnlyProjectIsNeverWritten() {
        const test::UiFixture f = test::makeUiFixture("project_files_read_only", 12);
        const fs::path path = f.path.toStdString();
        const std::string before = bytesOf(path);
        {
            MainWindow window;
            window.show();
            QSignalSpy opened(window.session(), &ProjectSession::projectOpened);
            window.openProject(f.path, false, true);
            QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
            QTRY_COMPARE(window.session()->catalogue().runs.size(), std::size_t(2));
            QVERIFY(window.session()->readOnly());
            QTRY_VERIFY(window.windowTitle().contains(QStringLiteral("(read-only)")));

            ImportPlan plan;
            ImportRunPlan run;
            run.runName = QStringLiteral("would-be-written");
            plan.runs.push_back(run);
            QCOMPARE(window.startImport(plan), 0);
            QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("read-only")),
                     qPrintable(window.statusBar()->currentMessage()));
            QCOMPARE(window.startDemoRuns(f.path), 0);

            // Annotations are shown, not editable; a write that gets through
            // anyway is refused in words.
            AnnotationPanel* panel = window.itemView()->annotationPanel();
            ItemViewData item;
            item.runId = window.session()->catalogue().runs.front().id;
            item.item = f.dataset.items.front();
            panel->setItem(&item);
            const auto editors = panel->findChildren<QLineEdit*>();
            QVERIFY(!editors.isEmpty());
            for (const QLineEdit* e : editors) QVERIFY(!e->isEnabled());
            QString refusal;
            window.session()->writer().run<long long>(
                &window,
                [&](store::Project& p) {
                    store::Annotation a;
                    a.runId = item.runId;
                    a.itemId = item.item.id;
                    a.annotator = "tester";
                    a.note = "would be written";
                    return store::saveAnnotation(p, a);
                },
                [](long long) {}, [&](const QString& m) { refusal = m; });
            QTRY_VERIFY(!refusal.isEmpty());
            QVERIFY2(refusal.contains(QStringLiteral("open read-only")), qPrintable(refusal));

            // Reads through a connection of its own, read-only like the session's.
            const fs::path html = test::scratchDir("project_files_read_only_export") / "f.html";
            QString error;
            QVERIFY2(
                window.findingsPage()->exportHtml(QString::fromStdString(html.string()), &error),
                qPrintable(error));
            QVERIFY(fs::file_size(html) > 0);
            window.session()->closeProject();
            window.session()->writer().waitForIdle();
            window.session()->reader().waitForIdle();
            window.session()->analysis().waitForIdle();
        }
        QCOMPARE(bytesOf(path), before);
        QVERIFY(!sideFilesBeside(path));
    }
};

QTEST_MAIN(TestUiProjectFiles)
#include "test_ui_project_files.moc"
