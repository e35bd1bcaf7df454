#include "ui/main_window.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
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
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/job_panel.h"
#include "ui/pages/presentation_window.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/annotation_writer.h"
#include "ui/session/filter_stack.h"
#include "ui/session/project_session.h"
#include "ui/widgets/banner.h"

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
    resize(1500, 950);
    restoreGeometry(settings_.geometry());
    restoreState(settings_.windowState());
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
    tree_->setMinimumWidth(300);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* treeDock = new QDockWidget(tr("Project"), this);
    treeDock->setObjectName(QStringLiteral("projectDock"));
    treeDock->setWidget(tree_);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    banner_ = new Banner(central);
    banner_->hide();
    layout->addWidget(banner_);
    auto* vertical = new QSplitter(Qt::Vertical, central);
    auto* horizontal = new QSplitter(Qt::Horizontal, vertical);
    itemPage_ = new ItemTablePage(session_, horizontal);
    itemView_ = new ItemViewPage(session_, writer_, undo_, horizontal);
    horizontal->addWidget(itemPage_);
    horizontal->addWidget(itemView_);
    horizontal->setStretchFactor(0, 1);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({760, 640});
    tabs_ = new QTabWidget(vertical);
    statistics_ = new StatisticsPage(session_, tabs_);
    compare_ = new ComparePage(session_, tabs_);
    disagreements_ = new DisagreementsPage(session_, tabs_);
    tabs_->addTab(statistics_, tr("Statistics"));
    tabs_->addTab(compare_, tr("Compare runs"));
    tabs_->addTab(disagreements_, tr("Disagreements"));
    vertical->addWidget(horizontal);
    vertical->addWidget(tabs_);
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({480, 460});
    layout->addWidget(vertical, 1);
    setCentralWidget(central);

    jobPanel_ = new JobPanel(jobs_, this);
    auto* jobDock = new QDockWidget(tr("Jobs"), this);
    jobDock->setObjectName(QStringLiteral("jobDock"));
    jobDock->setWidget(jobPanel_);
    addDockWidget(Qt::BottomDockWidgetArea, jobDock);
    jobDock->hide();
    connect(jobs_, &JobManager::jobAdded, jobDock, &QDockWidget::show);
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
    connect(session_, &ProjectSession::catalogueChanged, this, [this] {
        treeModel_->setCatalogue(session_->catalogue());
        tree_->expandAll();
        if (const auto* run = session_->currentRun())
            tree_->setCurrentIndex(treeModel_->runIndex(run->id));
        updatePaperBanner();
    });
    connect(session_, &ProjectSession::selectionChanged, this, [this] {
        QModelIndex index;
        if (const auto* run = session_->currentRun())
            index = treeModel_->runIndex(run->id);
        else if (const auto* d = session_->currentDataset())
            index = treeModel_->datasetIndex(d->id);
        if (index.isValid() && tree_->currentIndex() != index) tree_->setCurrentIndex(index);
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
        itemPage_->filterToCell(cell);
        itemPage_->view()->setFocus();
    });
    connect(statistics_, &StatisticsPage::itemsRequested, this,
            [this](const std::vector<std::string>& ids, const QString& what) {
                itemPage_->filterToItems(ids);
                itemPage_->view()->setFocus();
                showStatus(tr("%1 items: %2").arg(ids.size()).arg(what));
            });
    connect(disagreements_, &DisagreementsPage::itemActivated, this, [this](const QString& id) {
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

void MainWindow::onCurrentItemChanged(const QString& itemId) {
    if (const auto* run = session_->currentRun())
        itemView_->showRunItem(run->id, itemId);
    else if (const Item* item = itemPage_->model()->datasetItem(itemId.toStdString()))
        itemView_->showDatasetItem(*item);
}

void MainWindow::updateTitle() {
    QString title = QStringLiteral("TraceScope");
    if (session_->isOpen()) title += QStringLiteral(" — ") + QFileInfo(session_->path()).fileName();
    if (const auto* run = session_->currentRun())
        title += QStringLiteral(" — ") + QString::fromStdString(run->name);
    setWindowTitle(title);
}

void MainWindow::showStatus(const QString& message, int timeoutMs) {
    statusBar()->showMessage(message, timeoutMs);
}

void MainWindow::openProject(const QString& path, bool create) {
    session_->openProject(QFileInfo(path).absoluteFilePath(), create);
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
    auto job = std::make_unique<DemoRunsJob>(path);
    connect(job.get(), &DemoRunsJob::done, this, [this](const QString& p) {
        if (session_->path() == p) session_->refreshCatalogue();
        showStatus(tr("The demo experiment's runs are in the project."));
    });
    return jobs_->submit(std::move(job));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_.saveWindow(saveGeometry(), saveState());
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
