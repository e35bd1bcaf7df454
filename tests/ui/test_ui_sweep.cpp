// Training > Cluster sweep… with the provider the application installs
// (app/gui/sweep_provider.h): for a sweep whose cells left run bundles (made
// here by `run-cell`'s code path, as SLURM tasks would), the dialog lists
// every cell as done, Collect imports the three runs into the open project
// as a job, the project tree shows them, and collecting again imports none.
// (tests/cluster drives the same through a real SLURM cluster.)
#include <QAction>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/gui/sweep_provider.h"
#include "core/data/generators/sample_data.h"
#include "core/store/catalog.h"
#include "core/store/project.h"
#include "tests/common/test_support.h"
#include "ui/dialogs/sweep_dialog.h"
#include "ui/main_window.h"
#include "ui/session/project_session.h"

namespace fs = std::filesystem;
using namespace ts;
using namespace ts::ui;

namespace {

QString qs(const fs::path& p) {
    return QString::fromStdString(p.string());
}

fs::path writeExperiment(const fs::path& dir) {
    const fs::path data = dir / "sample_data";
    ts::writeSampleData(data);
    const nlohmann::json spec = {{"name", "ui-sweep"},
                                 {"datasets",
                                  {{{"name", "babi"},
                                    {"paths", {(data / "babi").string()}},
                                    {"max_train_items", 16},
                                    {"max_test_items", 6}}}},
                                 {"conditions", {"vanilla", "correct", "incorrect"}},
                                 {"seeds", {3}},
                                 {"model",
                                  {{"scratch",
                                    {{"vocab_size", 300},
                                     {"hidden_size", 32},
                                     {"num_hidden_layers", 1},
                                     {"num_attention_heads", 2},
                                     {"num_key_value_heads", 1},
                                     {"intermediate_size", 64}}}}},
                                 {"training",
                                  {{"learning_rate", 3e-3},
                                   {"num_train_epochs", 1},
                                   {"per_device_train_batch_size", 8},
                                   {"max_length", 384}}},
                                 {"inference", {{"batch_size", 6}, {"max_new_tokens", 8}}},
                                 {"system_message", false},
                                 {"cpu_threads", 1}};
    return ts::test::writeText(dir / "experiment.json", spec.dump(1));
}

}  // namespace

class TestUiSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        root_ = ts::test::scratchDir("ui_sweep");
        experiment_ = writeExperiment(root_);
        work_ = root_ / "work";
        const auto spec = train::loadExperimentSpec(experiment_);
        for (std::size_t cell = 0; cell < 3; ++cell) {
            train::ExperimentOptions o;
            o.workDir = work_;
            o.onlyCell = cell;
            o.writeBundles = true;
            train::runExperiment(spec, o);
        }
        app::installSweepProvider();
        QVERIFY(sweepProviderInstalled());
        project_ = root_ / "sweep.tsproj";
        store::Project::create(project_.string());
        window_ = std::make_unique<MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(qs(project_));
        QTRY_VERIFY(window_->session()->isOpen());
    }

    void dialogListsTheCellsAndCollects() {
        auto* action = window_->findChild<QAction*>(QStringLiteral("sweepAction"));
        QVERIFY(action);
        action->trigger();
        auto* dialog = window_->findChild<SweepDialog*>(QStringLiteral("sweepDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QSignalSpy refreshed(dialog, &SweepDialog::refreshed);
        dialog->setSweep(qs(experiment_), qs(work_));
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 30000);
        QCOMPARE(refreshed.at(0).at(0).toInt(), 3);
        QCOMPARE(refreshed.at(0).at(1).toInt(), 3);
        QCOMPARE(dialog->model()->rowCount(), 3);
        QCOMPARE(dialog->model()->item(1, 1)->text(), QStringLiteral("ui-sweep/babi/correct/s3"));
        QCOMPARE(dialog->model()->item(1, 2)->text(), QStringLiteral("done"));
        QVERIFY(dialog->collectButton()->isEnabled());
        // The window as a researcher sees it, the dialog over it (composed
        // from the two grabs: the offscreen platform has no desktop to grab).
        const auto shots = ts::test::scratchDir("ui_sweep_shots");
        QPixmap screen = window_->grab();
        {
            QPainter painter(&screen);
            painter.drawPixmap(
                dialog->frameGeometry().topLeft() - window_->frameGeometry().topLeft(),
                dialog->grab());
        }
        screen.save(qs(shots / "sweep_over_window.png"));
        QSignalSpy collected(dialog, &SweepDialog::collected);
        QTest::mouseClick(dialog->collectButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(collected.count(), 1, 60000);
        auto outcome = collected.at(0).at(0).value<SweepCollectOutcome>();
        QCOMPARE(outcome.imported.size(), 3);
        {
            auto project = store::Project::open(project_.string());
            QCOMPARE(store::listRuns(project).size(), std::size_t(3));
        }
        QTest::mouseClick(dialog->collectButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(collected.count(), 2, 60000);
        outcome = collected.at(1).at(0).value<SweepCollectOutcome>();
        QCOMPARE(outcome.imported.size(), 0);
        QCOMPARE(outcome.alreadyPresent.size(), 3);
    }

    void cleanupTestCase() { window_.reset(); }

private:
    fs::path root_, experiment_, work_, project_;
    std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(TestUiSweep)
#include "test_ui_sweep.moc"
