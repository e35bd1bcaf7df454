// SIGKILL of the workbench itself (`tracescope PROJECT --import-paper`,
// offscreen) while its import job reads, scores and stores the paper's runs
// (../shared/data): at the first WAL growth of the first run, after one run
// was committed, and after three. After each kill the project passes its
// integrity checks and every run it shows is complete - all predictions of
// all its files, with verdicts - never a partial one.
#include <QtTest>

#include <QFile>
#include <QTextStream>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/util/paths.h"
#include "tests/common/test_support.h"
#include "tests/crash/crash_support.h"
#include "ui/jobs/import_plan.h"

namespace fs = std::filesystem;

namespace {

long long countLines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    long long n = 0;
    while (!f.atEnd())
        if (!f.readLine().trimmed().isEmpty()) ++n;
    return n;
}

// Runs the project shows, read through a fresh connection (the GUI is writing).
std::vector<ts::store::RunSummary> runsOf(const fs::path& project) {
    try {
        auto p = ts::store::Project::open(project.string());
        return ts::store::listRuns(p);
    } catch (const std::exception&) {
        return {};  // busy or not yet created
    }
}

}  // namespace

class TestCrashGuiImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWorkbenchShowsOnlyCompleteRuns() {
        const fs::path shared = ts::test::sharedData();
        const auto plan = ts::ui::paperRunsPlan(QString::fromStdString(shared.string()));
        QVERIFY2(plan.runs.size() >= 4, "the paper's outputs were not found in the shared data");
        std::map<std::string, long long> expected;
        for (const auto& run : plan.runs) {
            long long n = 0;
            for (const auto& pair : run.pairs) n += countLines(pair.predictions);
            expected[run.runName.toStdString()] = n;
        }
        const fs::path root = ts::test::scratchDir("crash_gui_import");
        struct Trigger {
            const char* what;
            int runsCommitted;  // 0: the first run's writes have reached the WAL
        };
        for (const Trigger t : {Trigger{"while writing the first run", 0}, Trigger{"after the first run", 1},
                                Trigger{"after three runs", 3}}) {
            const fs::path project = root / ("killed-" + std::to_string(t.runsCommitted) + ".tsproj");
            { auto created = ts::store::Project::create(project.string()); }
            ts::test::Victim gui(TRACESCOPE_GUI_APP, {project.string(), "--import-paper"}, root / "gui.log");
            QVERIFY(gui.started());
            const fs::path wal = project.string() + "-wal";
            const bool caught = ts::test::waitUntil(
                gui,
                [&] {
                    if (t.runsCommitted == 0) return fs::exists(wal) && fs::file_size(wal) > 200000;
                    static thread_local auto last = std::chrono::steady_clock::now();
                    if (std::chrono::steady_clock::now() - last < std::chrono::milliseconds(25)) return false;
                    last = std::chrono::steady_clock::now();
                    return int(runsOf(project).size()) >= t.runsCommitted;
                },
                600);
            if (t.runsCommitted > 0) std::this_thread::sleep_for(std::chrono::milliseconds(150));  // into the next run
            gui.kill();
            QVERIFY2(caught, "the workbench never got that far into the import");
            QVERIFY(gui.killedBySignal());
            auto p = ts::store::Project::open(project.string());
            QCOMPARE(QString::fromStdString(ts::test::projectIntegrity(p)), QStringLiteral("ok"));
            const auto runs = ts::store::listRuns(p);
            for (const auto& r : runs) {
                QVERIFY2(expected.count(r.name), r.name.c_str());
                QCOMPARE(r.predictions, expected[r.name]);
                QCOMPARE(r.strictVerdicts, expected[r.name]);
            }
            QVERIFY(int(runs.size()) >= t.runsCommitted);
            std::printf("SIGKILL of the workbench %s: project intact, %zu complete run(s), no partial run\n", t.what,
                        runs.size());
        }
    }
};

TS_DATA_TEST_MAIN(TestCrashGuiImport)
#include "test_crash_gui_import.moc"
