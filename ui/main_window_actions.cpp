// MainWindow: menus, keyboard shortcuts, and the file, import and export actions.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>

#include "core/util/paths.h"
#include "ui/dialogs/export_dialog.h"
#include "ui/dialogs/import_dialog.h"
#include "ui/dialogs/preferences_dialog.h"
#include "ui/dialogs/sweep_dialog.h"
#include "ui/dialogs/training_actions.h"
#include "ui/export/table_formats.h"
#include "ui/export/widget_export.h"
#include "ui/jobs/demo_project_job.h"
#include "ui/jobs/import_job.h"
#include "ui/jobs/job_manager.h"
#include "ui/main_window.h"
#include "ui/pages/annotation_panel.h"
#include "ui/pages/filter_bar.h"
#include "ui/pages/findings_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/presentation_window.h"
#include "ui/pages/statistics_page.h"
#include "ui/presentation_deck.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"
#include "ui/study/study_controller.h"
#include "ui/theme.h"
#include "ui/widgets/banner.h"
#include "ui/workspaces.h"

namespace ts::ui {

namespace {

QStringList existingRunNames(const ProjectSession& session) {
    QStringList names;
    for (const auto& r : session.catalogue().runs) names << QString::fromStdString(r.name);
    return names;
}

}  // namespace

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    file->addAction(tr("Open project &read-only…"), this, &MainWindow::openProjectReadOnlyDialog)
        ->setToolTip(tr("For a colleague's file or a read-only medium: checked, never written "
                        "(no upgrade, no WAL); saving fails"));
    recentMenu_ = file->addMenu(tr("Open &recent"));
    refreshRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Import predictions or datasets…"), QKeySequence(tr("Ctrl+I")), this, &MainWindow::importDialog);
    file->addAction(tr("Import the paper's runs"), this, &MainWindow::importPaperRuns);
    QAction* demo = file->addAction(tr("Train the demo experiment"), this, [this] {
        if (session_->isOpen()) startDemoRuns(session_->path());
    });
    demo->setEnabled(bool(demoRunProvider()));
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Tables as CSV, Markdown or LaTeX…"), QKeySequence(tr("Ctrl+E")), this,
                          &MainWindow::exportTablesDialog);
    exportMenu->addAction(tr("Heat tables as image…"), this, [this] {
        exportImageDialog(statistics_->tablesWidget(), tr("heat tables"), {1500, 600});
    });
    exportMenu->addAction(tr("Conditional accuracy chart…"), this, [this] {
        exportImageDialog(statistics_->conditionalChart(), tr("chart"), {1200, 700});
    });
    exportMenu->addAction(tr("Accuracy per label chart…"), this, [this] {
        exportImageDialog(statistics_->labelChart(), tr("chart"), {1000, 700});
    });
    exportMenu->addAction(tr("Item view as a slide…"), QKeySequence(tr("Ctrl+Shift+S")), this, [this] {
        exportImageDialog(itemView_->slideWidget(), tr("slide"), slideSize());
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
    // Both conventions, whatever the platform theme says.
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Preferences…"), QKeySequence::Preferences, this, &MainWindow::preferences);

    // The dialogs queue GPU jobs; a build without a trainer says so when asked.
    QMenu* training = menuBar()->addMenu(tr("&Training"));
    QAction* fineTune = training->addAction(tr("&Fine-tune…"), this,
                                            [this] { showFineTuneDialog(this, jobs_, session_); });
    fineTune->setObjectName(QStringLiteral("fineTuneAction"));
    QAction* infer = training->addAction(tr("Run &inference…"), this,
                                         [this] { showInferenceDialog(this, jobs_, session_); });
    infer->setObjectName(QStringLiteral("inferenceAction"));
    training->addSeparator();
    QAction* sweep = training->addAction(tr("Cluster &sweep…"), this,
                                         [this] { showSweepDialog(this, jobs_, session_); });
    sweep->setObjectName(QStringLiteral("sweepAction"));

    // The human rating study (ui/study/): new study, the blinded rating view, the CSV.
    QMenu* study = menuBar()->addMenu(tr("&Study"));
    (new StudyController(session_, this))->populateMenu(study);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Presentation mode"), QKeySequence(Qt::Key_F5), this, &MainWindow::startPresentation);
    view->addAction(tr("&Full screen"), QKeySequence::FullScreen, this,
                    [this] { isFullScreen() ? showNormal() : showFullScreen(); });
    view->addAction(tr("&Read workspace"), this, [this] { workspaces_->setMode(Workspaces::Mode::Read); })
        ->setShortcutVisibleInContextMenu(true);
    view->addAction(tr("&Analyse workspace"), this, [this] { workspaces_->setMode(Workspaces::Mode::Analyse); });
    view->addAction(tr("Reset &layout"), this, &MainWindow::resetLayout);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->addAction(tr("Open"), this, &MainWindow::openProjectDialog);
    bar->addAction(tr("Import"), this, &MainWindow::importDialog);
    bar->addSeparator();
    ruleBox_ = new QComboBox(bar);
    ruleBox_->addItem(tr("strict rule"), ruleChoiceName({store::VerdictRule::Strict}));
    ruleBox_->addItem(tr("legacy rule (Trace_Check_QA)"), ruleChoiceName({store::VerdictRule::Legacy}));
    ruleBox_->addItem(tr("human: annotators' majority"), ruleChoiceName({store::VerdictRule::Human, false}));
    ruleBox_->addItem(tr("human: my overrides"), ruleChoiceName({store::VerdictRule::Human, true}));
    ruleBox_->setCurrentIndex(ruleBox_->findData(ruleChoiceName(currentRuleChoice())));
    ruleBox_->setToolTip(tr("The rule every verdict, table and chart is shown under. The human rule lays the "
                            "annotators' verdict overrides over the strict verdicts: per step the majority of "
                            "those who judged it, or only your own."));
    connect(ruleBox_, &QComboBox::activated, this,
            [this] { applyRuleChoice(ruleChoiceFromName(ruleBox_->currentData().toString())); });
    bar->addWidget(ruleBox_);
    bar->addSeparator();
    bar->addAction(undo);
    bar->addAction(redo);
    bar->addSeparator();
    bar->addAction(tr("Present"), this, &MainWindow::startPresentation);
}

void MainWindow::buildShortcuts() {
    auto add = [this](const QKeySequence& key, auto fn) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, fn);
    };
    add(QKeySequence(Qt::Key_J), [this] { itemPage_->step(1); });
    add(QKeySequence(Qt::Key_K), [this] { itemPage_->step(-1); });
    add(QKeySequence(Qt::Key_1), [this] { itemView_->annotationPanel()->markCurrentTarget(StepVerdict::Ok); });
    add(QKeySequence(Qt::Key_2), [this] { itemView_->annotationPanel()->markCurrentTarget(StepVerdict::Wrong); });
    add(QKeySequence(Qt::Key_P), [this] { pinCurrentItem(); });
    add(QKeySequence(Qt::Key_Slash), [this] {
        itemPage_->filterBar()->searchField()->setFocus();
        itemPage_->filterBar()->searchField()->selectAll();
    });
    add(QKeySequence(Qt::ALT | Qt::Key_Left), [this] { workspaces_->goBack(); });
    add(QKeySequence(Qt::CTRL | Qt::Key_1), [this] { workspaces_->setMode(Workspaces::Mode::Read); });
    add(QKeySequence(Qt::CTRL | Qt::Key_2), [this] { workspaces_->setMode(Workspaces::Mode::Analyse); });
    add(QKeySequence(Qt::Key_Escape), [this] { itemPage_->view()->setFocus(); });
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    for (const QString& path : settings_.recentProjects())
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openProject(path); })
            ->setToolTip(path);
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
}

void MainWindow::updatePaperBanner() {
    const QString shared = QString::fromStdString(ts::sharedDataDir().string());
    // Imported by the banner ("cotempqa/..." names) or by hand (tracescope-cli
    // import, scripts/paper_taxonomy.sh): runs on a CoTempQA dataset.
    bool hasPaperRuns = false;
    for (const auto& r : session_->catalogue().runs)
        hasPaperRuns = hasPaperRuns ||
                       QString::fromStdString(r.name).startsWith(QStringLiteral("cotempqa/")) ||
                       QString::fromStdString(r.dataset).compare(QStringLiteral("cotempqa"),
                                                                 Qt::CaseInsensitive) == 0;
    if (shared.isEmpty() || hasPaperRuns || !session_->isOpen() || session_->readOnly() ||
        settings_.paperBannerDismissed()) {
        banner_->hide();
        return;
    }
    if (banner_->findChildren<QPushButton*>().isEmpty()) {
        banner_->setText(tr("The paper's model outputs are available (%1): import its CoTempQA and bAbI "
                            "runs to see scored traces and contingency tables.").arg(shared));
        connect(banner_->addAction(tr("Import the paper's runs")), &QPushButton::clicked, this,
                &MainWindow::importPaperRuns);
        connect(banner_, &Banner::dismissed, this, [this] { settings_.setPaperBannerDismissed(true); });
    }
    banner_->show();
}

void MainWindow::newProject() {
    const QString path = QFileDialog::getSaveFileName(this, tr("New project"), QDir::homePath(),
                                                      tr("TraceScope projects (*.tsproj)"));
    if (path.isEmpty()) return;
    openProject(path.endsWith(QStringLiteral(".tsproj")) ? path : path + QStringLiteral(".tsproj"), true);
}

void MainWindow::openProjectDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QDir::homePath(),
                                                      tr("TraceScope projects (*.tsproj)"));
    if (!path.isEmpty()) openProject(path);
}

void MainWindow::openProjectReadOnlyDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open project read-only"), QDir::homePath(), tr("TraceScope projects (*.tsproj)"));
    if (!path.isEmpty()) openProject(path, false, true);
}

void MainWindow::importDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import predictions or datasets"), QString::fromStdString(ts::sharedDataDir().string()),
        tr("Predictions and datasets (*.json *.jsonl *.csv *.txt)"));
    if (!files.isEmpty()) importFiles(files);
}

void MainWindow::importFiles(const QStringList& paths, bool interactive) {
    if (!session_->isOpen()) {
        QMessageBox::information(this, tr("Import"), tr("Open or create a project first."));
        return;
    }
    if (!interactive) {
        startImport(planImport(paths, existingRunNames(*session_)));
        return;
    }
    auto* dialog = new ImportDialog(paths, existingRunNames(*session_), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startImport(dialog->plan()); });
    dialog->open();
}

void MainWindow::importPaperRuns() {
    if (!session_->isOpen()) return;
    const ImportPlan plan =
        paperRunsPlan(QString::fromStdString(ts::sharedDataDir().string()), existingRunNames(*session_));
    if (plan.empty()) {
        showStatus(tr("The paper's outputs were not found under the shared data folder."));
        return;
    }
    banner_->hide();
    startImport(plan, tr("Import the paper's %1 runs").arg(plan.runs.size()));
}

int MainWindow::startImport(const ImportPlan& plan, const QString& title) {
    if (plan.empty() || !session_->isOpen()) return 0;
    if (const QString why = session_->writeRefusal(tr("Importing")); !why.isEmpty()) {
        showStatus(why, 10000);
        return 0;
    }
    auto job = std::make_unique<ImportJob>(session_->path(), plan, title);
    connect(job.get(), &ImportJob::imported, this, [this](const ImportOutcome& outcome) {
        session_->refreshCatalogue();
        if (!outcome.runIds.isEmpty()) {
            // Select the first new run once the catalogue knows it.
            const long long first = outcome.runIds.front();
            QMetaObject::Connection* c = new QMetaObject::Connection;
            *c = connect(session_, &ProjectSession::catalogueChanged, this, [this, first, c] {
                disconnect(*c);
                delete c;
                session_->selectRun(first);
            });
        }
        showStatus(tr("Imported %1").arg(outcome.runNames.join(QStringLiteral(", "))));
        Q_EMIT importFinished(outcome);
    });
    return jobs_->submit(std::move(job));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    importFiles(paths);
}

bool MainWindow::exportTables(const QString& path, QString* error) {
    const auto& data = statistics_->data();
    if (!data) {
        if (error) *error = tr("no tables to export (select a run)");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const store::TableFormat format = suffix == QLatin1String("md")     ? store::TableFormat::Markdown
                                      : suffix == QLatin1String("tex")  ? store::TableFormat::Latex
                                      : suffix == QLatin1String("json") ? store::TableFormat::Json
                                                                        : store::TableFormat::Csv;
    const auto* run = session_->catalogue().run(data->tables.runId);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    const std::string text = tablesExportText(*data, run ? run->name : std::string(), format);
    file.write(text.data(), static_cast<qint64>(text.size()));
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

void MainWindow::exportTablesDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export tables"), QDir::homePath() + QStringLiteral("/tables.csv"),
        tr("CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex);;JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportTables(path, &error)) QMessageBox::warning(this, tr("Export"), error);
    else showStatus(tr("Tables written to %1").arg(path));
}

bool MainWindow::exportImage(QWidget* widget, const QString& path, QSize size, QString* error) {
    return exportWidget(widget, path, size, error);
}

void MainWindow::exportImageDialog(QWidget* widget, const QString& what, QSize size) {
    ExportDialog dialog(what, QDir::homePath() + QStringLiteral("/tracescope-%1.png").arg(what).replace(QLatin1Char(' '), QLatin1Char('-')),
                        size, this);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty()) return;
    QString error;
    if (!exportImage(widget, dialog.path(), dialog.size(), &error))
        QMessageBox::warning(this, tr("Export"), error);
    else
        showStatus(tr("Exported %1 to %2").arg(what, dialog.path()));
}

void MainWindow::preferences() {
    PreferencesDialog dialog(settings_.annotator(), settings_.theme(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    settings_.setAnnotator(dialog.annotator());
    session_->setAnnotator(dialog.annotator());
    settings_.setTheme(dialog.theme());
    applyTheme(*qApp, dialog.theme());
    itemView_->annotationPanel()->setItem(itemView_->data() ? &*itemView_->data() : nullptr);
}

void MainWindow::startPresentation() {
    if (presentation_) presentation_->close();
    std::vector<Slide> deck;
    if (session_->isOpen() && !findings_->findings().empty()) {
        deck = findingsDeck(findings_->report());
    } else if (const auto* run = session_->currentRun()) {
        const auto& data = statistics_->data();
        deck = filterDeck(data ? &*data : nullptr, QString::fromStdString(run->name), run->id, *itemPage_);
    }
    presentation_ = new PresentationWindow(session_, std::move(deck), nullptr);
    presentation_->showFullScreen();
}

}  // namespace ts::ui
