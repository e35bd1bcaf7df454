#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "ui/export/widget_export.h"
#include "ui/jobs/demo_project_job.h"
#include "ui/jobs/import_job.h"
#include "ui/jobs/job_manager.h"
#include "ui/models/item_table_model.h"
#include "ui/models/project_tree_model.h"
#include "ui/pages/compare_page.h"
#include "ui/pages/disagreements_page.h"
#include "ui/pages/findings_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/job_panel.h"
#include "ui/pages/presentation_window.h"
#include "ui/pages/statistics_page.h"
#include "ui/pages/study_page.h"
#include "ui/pages/taxonomy_page.h"
#include "ui/session/annotation_writer.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"
#include "ui/widgets/banner.h"
#include "ui/workspaces.h"

namespace ts::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/tracescope/icons/tracescope.svg")));
    setAcceptDrops(true);
    session_ = new ProjectSession(this);
    session_->setAnnotator(settings_.annotator());
    applyRuleChoice(ruleChoiceFromName(settings_.rule()));
    jobs_ = new JobManager(this);
    undo_ = new QUndoStack(this);
    writer_ = new AnnotationWriter(session_, this);
    catalogueRefresh_ = new QTimer(this);
    catalogueRefresh_->setSingleShot(true);
    catalogueRefresh_->setInterval(400);
    buildLayout();
    buildMenus();
    buildShortcuts();
    wirePages();
    // The whole screen on first start (fitToScreen leaves room for the frame).
    resize(kDefaultSize);
    // Wide enough for "Qwen3-1.7B · perturbed" and its counts.
    resizeDocks({findChild<QDockWidget*>(QStringLiteral("projectDock"))}, {280}, Qt::Horizontal);
    defaultDockState_ = saveState();
    restoreGeometry(settings_.geometry());
    restoreState(settings_.windowState());
    workspaces_->restoreLayout(settings_.workspaceLayout());
    fitToScreen();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    treeModel_ = new ProjectTreeModel(this);
    tree_ = new QTreeView(this);
    tree_->setObjectName(QStringLiteral("projectTree"));
    tree_->setModel(treeModel_);
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setStretchLastSection(false);
    tree_->setUniformRowHeights(true);
    // Ctrl/Shift-click several runs: the statistics page pools their tables.
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setMinimumWidth(150);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* treeDock = new QDockWidget(tr("Project"), this);
    treeDock->setObjectName(QStringLiteral("projectDock"));
    treeDock->setWidget(tree_);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 2, 4, 4);
    banner_ = new Banner(central);
    banner_->hide();
    layout->addWidget(banner_);
    itemPage_ = new ItemTablePage(session_, central);
    itemView_ = new ItemViewPage(session_, writer_, undo_, central);
    workspaces_ = new Workspaces(itemPage_, itemView_, central);
    tabs_ = workspaces_->analyseTabs();
    statistics_ = new StatisticsPage(session_, tabs_);
    compare_ = new ComparePage(session_, tabs_);
    disagreements_ = new DisagreementsPage(session_, tabs_);
    findings_ = new FindingsPage(session_, tabs_);
    study_ = new StudyPage(session_, tabs_);
    taxonomy_ = new TaxonomyPage(session_, tabs_);
    workspaces_->addAnalysePage(statistics_, tr("Statistics"));
    workspaces_->addAnalysePage(compare_, tr("Compare runs"));
    workspaces_->addAnalysePage(disagreements_, tr("Disagreements"));
    workspaces_->addAnalysePage(taxonomy_, tr("Taxonomy"));
    workspaces_->addAnalysePage(findings_, tr("Findings"));
    workspaces_->addAnalysePage(study_, tr("Study"));
    layout->addWidget(workspaces_, 1);
    setCentralWidget(central);

    jobPanel_ = new JobPanel(jobs_, this);
    auto* jobDock = new QDockWidget(tr("Jobs"), this);
    jobDock->setObjectName(QStringLiteral("jobDock"));
    // In a scroll area so a running job's curve never raises the window's
    // minimum height past a small screen (Qt grows a window to its minimum
    // and never shrinks it back).
    auto* jobScroll = new QScrollArea(jobDock);
    jobScroll->setWidgetResizable(true);
    jobScroll->setFrameShape(QFrame::NoFrame);
    jobScroll->setWidget(jobPanel_);
    jobDock->setWidget(jobScroll);
    addDockWidget(Qt::BottomDockWidgetArea, jobDock);
    jobDock->hide();
    // The jobs dock comes up while something runs, low enough to leave the
    // item list its rows, and goes away once everything has finished well; a
    // failed job keeps it open with the error.
    connect(jobs_, &JobManager::jobAdded, this, [this, jobDock] {
        if (jobDock->isVisible()) return;
        jobsFailed_ = false;
        jobDock->show();
        resizeDocks({jobDock}, {160}, Qt::Vertical);
    });
    connect(jobs_, &JobManager::jobFinished, this, [this, jobDock](int, JobState state) {
        if (state == JobState::Failed) {
            jobsFailed_ = true;
            return;
        }
        QTimer::singleShot(kJobDockLingerMs, jobDock, [this, jobDock] {
            if (!jobs_->hasRunningJobs() && !jobsFailed_) jobDock->hide();
        });
    });
}

void MainWindow::wirePages() {
    connect(session_, &ProjectSession::projectOpened, this, [this](const QString& path) {
        settings_.addRecentProject(path);
        refreshRecentMenu();
        undo_->clear();
        updateTitle();
    });
    connect(session_, &ProjectSession::projectClosed, this, [this] {
        treeModel_->setCatalogue({});
        updateTitle();
    });
    connect(session_, &ProjectSession::failed, this, [this](const QString& m) { showStatus(m, 15000); });
    connect(session_, &ProjectSession::openFailed, this, &MainWindow::showOpenRefusal);
    connect(session_, &ProjectSession::catalogueChanged, this, [this] {
        treeModel_->setCatalogue(session_->catalogue());
        tree_->expandAll();
        if (const auto* run = session_->currentRun()) showInTree(treeModel_->runIndex(run->id));
        updatePaperBanner();
    });
    connect(session_, &ProjectSession::selectionChanged, this, [this] {
        QModelIndex index;
        if (const auto* run = session_->currentRun())
            index = treeModel_->runIndex(run->id);
        else if (const auto* d = session_->currentDataset())
            index = treeModel_->datasetIndex(d->id);
        if (index.isValid() && tree_->currentIndex() != index) showInTree(index);
        updateTitle();
        if (!session_->currentRun() && !session_->currentDataset()) itemView_->clear();
    });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& i) {
                const auto kind = static_cast<ProjectTreeModel::NodeKind>(
                    i.data(ProjectTreeModel::kKindRole).toInt());
                const long long id = i.data(ProjectTreeModel::kIdRole).toLongLong();
                if (kind == ProjectTreeModel::NodeKind::Run) session_->selectRun(id);
                if (kind == ProjectTreeModel::NodeKind::Dataset) session_->selectDataset(id);
            });
    connect(tree_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        std::vector<long long> runs;
        for (const QModelIndex& i : tree_->selectionModel()->selectedRows())
            if (static_cast<ProjectTreeModel::NodeKind>(i.data(ProjectTreeModel::kKindRole).toInt()) ==
                ProjectTreeModel::NodeKind::Run)
                runs.push_back(i.data(ProjectTreeModel::kIdRole).toLongLong());
        session_->setPooledRuns(runs);
    });
    connect(session_, &ProjectSession::ruleChanged, this, [this] {
        ruleBox_->setCurrentIndex(ruleBox_->findData(ruleChoiceName(currentRuleChoice())));
        settings_.setRule(ruleChoiceName(currentRuleChoice()));
    });
    connect(itemPage_, &ItemTablePage::currentItemChanged, this, &MainWindow::onCurrentItemChanged);
    connect(itemView_, &ItemViewPage::exportSlideRequested, this,
            [this] { exportImageDialog(itemView_->slideWidget(), tr("slide"), slideSize()); });
    connect(statistics_, &StatisticsPage::cellClicked, this, [this](const store::TableCell& cell) {
        QWidget* origin = QApplication::focusWidget();
        itemPage_->filterToCell(cell);
        workspaces_->openFromAnalyse(origin ? origin : statistics_->tableView(cell.step));
    });
    connect(itemView_, &ItemViewPage::pinRequested, this, &MainWindow::pinCurrentItem);
    connect(statistics_, &StatisticsPage::pinTablesRequested, this, [this] { pin(store::FindingKind::Tables); });
    connect(statistics_, &StatisticsPage::pinChartRequested, this,
            [this](const QString& chart) { pin(store::FindingKind::Chart, chart); });
    connect(findings_, &FindingsPage::presentRequested, this, &MainWindow::startPresentation);
    connect(statistics_, &StatisticsPage::itemsRequested, this,
            [this](const std::vector<std::string>& ids, const QString& what) {
                QWidget* origin = QApplication::focusWidget();
                itemPage_->filterToItems(ids);
                workspaces_->openFromAnalyse(origin ? origin : statistics_->agreementView());
                showStatus(tr("%1 items: %2").arg(ids.size()).arg(what));
            });
    connect(taxonomy_, &TaxonomyPage::itemsRequested, this,
            [this](const std::vector<std::string>& ids, const QString& what) {
                itemPage_->filterToItems(ids);
                workspaces_->openFromAnalyse(taxonomy_->typesView());
                showStatus(tr("%1 items: %2").arg(ids.size()).arg(what));
            });
    connect(disagreements_, &DisagreementsPage::itemActivated, this, [this](const QString& id) {
        workspaces_->setMode(Workspaces::Mode::Read);
        if (!itemPage_->selectItem(id) && session_->currentRun())
            itemView_->showRunItem(session_->currentRun()->id, id);
    });
    connect(writer_, &AnnotationWriter::committed, this, [this](long long, const QString& itemId) {
        itemPage_->model()->setAnnotated(itemId.toStdString(), true);
        catalogueRefresh_->start();
    });
    connect(writer_, &AnnotationWriter::failed, this,
            [this](const QString& m) { showStatus(tr("Annotation not saved: %1").arg(m), 15000); });
    connect(catalogueRefresh_, &QTimer::timeout, session_, &ProjectSession::refreshCatalogue);
}

void MainWindow::pinCurrentItem() {
    const auto& d = itemView_->data();
    if (!d || !d->hasRun()) return showStatus(tr("Select an item of a run to pin it."));
    store::Finding f;
    f.kind = store::FindingKind::Item;
    f.runId = d->runId;
    f.itemId = d->item.id;
    f.view = session_->verdictView();
    f.mode = session_->retrievalMode();
    f.title = d->item.id + " · " + d->runName;
    findings_->pin(f);
    showStatus(tr("Pinned %1 to the findings").arg(QString::fromStdString(d->item.id)));
}

void MainWindow::pin(store::FindingKind kind, const QString& chart) {
    const auto* run = session_->currentRun();
    if (!run) return showStatus(tr("Select a run first."));
    store::Finding f;
    f.kind = kind;
    f.runId = run->id;
    f.view = session_->verdictView();
    f.mode = session_->retrievalMode();
    f.chart = chart.toStdString();
    const std::string rule(store::toString(f.view.rule));
    f.title = kind == store::FindingKind::Tables ? run->name + " · tables (" + rule + " rule)"
              : chart == QLatin1String("labels") ? run->name + " · accuracy per label (" + rule + " rule)"
                                                 : run->dataset + " · P(answer ok | trace) over runs (" + rule + " rule)";
    findings_->pin(f);
    showStatus(tr("Pinned to the findings"));
}

void MainWindow::onCurrentItemChanged(const QString& itemId) {
    if (const auto* run = session_->currentRun())
        itemView_->showRunItem(run->id, itemId);
    else if (const Item* item = itemPage_->model()->datasetItem(itemId.toStdString()))
        itemView_->showDatasetItem(*item);
}

void MainWindow::updateTitle() {
    QString title = QStringLiteral("TraceScope");
    if (session_->isOpen()) {
        title += QStringLiteral(" — ") + QFileInfo(session_->path()).fileName();
        if (session_->readOnly()) title += tr(" (read-only)");
    }
    if (const auto* run = session_->currentRun())
        title += QStringLiteral(" — ") + QString::fromStdString(run->name);
    setWindowTitle(title);
}

void MainWindow::showOpenRefusal(const QString& path, const QString& message) {
    // Window-modal and not blocking: the window goes on drawing and working.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open project"),
                                tr("%1 was not opened.").arg(QFileInfo(path).fileName()),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("openRefusal"));
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    showStatus(message, 15000);
}

void MainWindow::showStatus(const QString& message, int timeoutMs) {
    statusBar()->showMessage(message, timeoutMs);
}

void MainWindow::openProject(const QString& path, bool create, bool readOnly) {
    session_->openProject(QFileInfo(path).absoluteFilePath(), create, readOnly);
}

void MainWindow::openDemo(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (QFileInfo::exists(absolute)) {
        openProject(absolute);
        return;
    }
    showStatus(tr("Building the demo project from the sample data…"));
    auto job = std::make_unique<DemoProjectJob>(absolute);
    connect(job.get(), &DemoProjectJob::ready, this, [this](const QString& p) {
        openProject(p);
        startDemoRuns(p);
    });
    const int id = jobs_->submit(std::move(job));
    connect(jobs_, &JobManager::jobFinished, this, [this, id](int done, JobState state) {
        if (done == id && state == JobState::Failed)
            QMessageBox::warning(this, tr("Demo project"),
                                 tr("The demo project could not be built:\n%1").arg(jobs_->record(id)->error));
    });
}

int MainWindow::startDemoRuns(const QString& path) {
    if (!demoRunProvider()) return 0;
    if (path == session_->path()) {
        if (const QString why = session_->writeRefusal(tr("Training the demo experiment"));
            !why.isEmpty()) {
            showStatus(why, 10000);
            return 0;
        }
    }
    auto job = std::make_unique<DemoRunsJob>(path);
    connect(job.get(), &DemoRunsJob::done, this, [this](const QString& p) {
        if (session_->path() == p) session_->refreshCatalogue();
        showStatus(tr("The demo experiment's runs are in the project."));
    });
    return jobs_->submit(std::move(job));
}

void MainWindow::showInTree(const QModelIndex& index) {
    // Exactly this node: QTreeView::setCurrentIndex would read the keyboard's
    // modifiers, and a Ctrl still held (Ctrl+1) would add the run to the
    // selection - pooling it with the last one.
    tree_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::fitToScreen() {
    const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s) return;
    const QRect available = s->availableGeometry();
    // The frame (title bar, borders) is known only once shown; before that, leave room for it.
    const QSize frame = isVisible() ? frameGeometry().size() - size() : QSize(16, 40);
    const QSize fits = size().boundedTo(available.size() - frame);
    if (fits != size()) resize(fits);
    QRect where = frameGeometry();
    if (!available.contains(where)) {
        where.moveTopLeft(QPoint(std::clamp(where.left(), available.left(), std::max(available.left(), available.right() - where.width())),
                                 std::clamp(where.top(), available.top(), std::max(available.top(), available.bottom() - where.height()))));
        move(where.topLeft());
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    fitToScreen();
}

void MainWindow::resetLayout() {
    restoreState(defaultDockState_);
    workspaces_->resetLayout();
    statistics_->resetLayout();
    resize(kDefaultSize);
    fitToScreen();
    showStatus(tr("Layout reset"));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_.saveWindow(saveGeometry(), saveState());
    settings_.setWorkspaceLayout(workspaces_->saveLayout());
    if (jobs_->hasRunningJobs()) {
        jobs_->cancelAll();
        jobs_->waitForAll();
    }
    if (presentation_) presentation_->close();
    // Pending annotation writes finish before the connection closes.
    session_->writer().waitForIdle();
    event->accept();
}

RuleChoice MainWindow::currentRuleChoice() const {
    return {session_->rule(), session_->humanOnlyMine()};
}

void MainWindow::applyRuleChoice(RuleChoice choice) {
    session_->setHumanOnlyMine(choice.onlyMine);
    session_->setRule(choice.rule);
}

}  // namespace ts::ui
