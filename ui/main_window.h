#pragma once
// The workbench window: the project tree (left dock), the item table and the
// item view (centre), statistics / compare / disagreements (tabs below), the
// job panel (bottom dock). It only wires pages together; each page asks the
// session's workers for its data. Layout and wiring are in main_window.cpp,
// menus and the file/import/export actions in main_window_actions.cpp.
#include <QMainWindow>
#include <QPointer>

#include "core/store/findings.h"
#include "ui/app_settings.h"
#include "ui/jobs/import_plan.h"
#include "ui/session/rule_choice.h"

class QComboBox;
class QMenu;
class QTabWidget;
class QShowEvent;
class QTreeView;
class QUndoStack;

namespace ts::ui {

class AnnotationWriter;
class Banner;
class ComparePage;
class DisagreementsPage;
class FindingsPage;
class StudyPage;
class TaxonomyPage;
class ItemTablePage;
class ItemViewPage;
class Workspaces;
class JobManager;
class JobPanel;
class PresentationWindow;
class ProjectSession;
class ProjectTreeModel;
class StatisticsPage;
struct ImportOutcome;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a project (adds it to the recent list).
    // readOnly: for a colleague's file or a read-only medium (never written).
    void openProject(const QString& path, bool create = false, bool readOnly = false);
    // Opens the demo project, building it first when the file does not exist.
    void openDemo(const QString& path);
    // Shows the import dialog for dropped or chosen files; with interactive
    // false the detected plan is imported without asking (tests, scripts).
    void importFiles(const QStringList& paths, bool interactive = true);
    // Starts an import job for a prepared plan.
    int startImport(const ImportPlan& plan, const QString& title = {});
    // Trains (or resumes) the demo experiment into the project at path when a
    // demo-run provider is installed (see ui/jobs/demo_project_job.h); 0 if none.
    int startDemoRuns(const QString& path);

    ProjectSession* session() const { return session_; }
    JobManager* jobs() const { return jobs_; }
    QUndoStack* undoStack() const { return undo_; }
    AnnotationWriter* annotationWriter() const { return writer_; }
    ItemTablePage* itemPage() const { return itemPage_; }
    ItemViewPage* itemView() const { return itemView_; }
    StatisticsPage* statisticsPage() const { return statistics_; }
    ComparePage* comparePage() const { return compare_; }
    DisagreementsPage* disagreementsPage() const { return disagreements_; }
    FindingsPage* findingsPage() const { return findings_; }
    StudyPage* studyPage() const { return study_; }
    TaxonomyPage* taxonomyPage() const { return taxonomy_; }
    // Pins the item the item view shows (P), or the current run's tables or a chart.
    void pinCurrentItem();
    void pin(store::FindingKind kind, const QString& chart = {});
    // The Analyse workspace's tabs (statistics, compare, disagreements, findings).
    QTabWidget* analyseTabs() const { return tabs_; }
    Workspaces* workspaces() const { return workspaces_; }
    // View > Reset layout: docks, splitters, workspace and size as on first start.
    void resetLayout();
    QTreeView* projectTree() const { return tree_; }
    Banner* paperBanner() const { return banner_; }

    // Export helpers (also used by the menus): tables as text, any widget as
    // an image at a size, the item view as a slide.
    bool exportTables(const QString& path, QString* error = nullptr);
    bool exportImage(QWidget* widget, const QString& path, QSize size, QString* error = nullptr);
    void startPresentation();

Q_SIGNALS:
    void importFinished(const ts::ui::ImportOutcome& outcome);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // Never larger than the screen's available area, and on it.
    void fitToScreen();
    void showInTree(const QModelIndex& index);
    RuleChoice currentRuleChoice() const;
    void applyRuleChoice(RuleChoice choice);
    void buildLayout();
    void buildMenus();
    void buildShortcuts();
    void wirePages();
    void updateTitle();
    void refreshRecentMenu();
    void updatePaperBanner();
    void onCurrentItemChanged(const QString& itemId);
    void showStatus(const QString& message, int timeoutMs = 6000);
    // A project that could not be opened: a dialog naming the file and why.
    void showOpenRefusal(const QString& path, const QString& message);
    // Menu actions.
    void newProject();
    void openProjectDialog();
    void openProjectReadOnlyDialog();
    void importDialog();
    void importPaperRuns();
    void exportTablesDialog();
    void exportImageDialog(QWidget* widget, const QString& what, QSize size);
    void preferences();

    AppSettings settings_;
    ProjectSession* session_;
    JobManager* jobs_;
    QUndoStack* undo_;
    AnnotationWriter* writer_;
    ProjectTreeModel* treeModel_ = nullptr;
    QTreeView* tree_ = nullptr;
    ItemTablePage* itemPage_ = nullptr;
    ItemViewPage* itemView_ = nullptr;
    StatisticsPage* statistics_ = nullptr;
    ComparePage* compare_ = nullptr;
    DisagreementsPage* disagreements_ = nullptr;
    FindingsPage* findings_ = nullptr;
    StudyPage* study_ = nullptr;
    TaxonomyPage* taxonomy_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    Workspaces* workspaces_ = nullptr;
    QByteArray defaultDockState_;
    JobPanel* jobPanel_ = nullptr;
    // A job failed since the jobs dock came up: it stays open to show why.
    bool jobsFailed_ = false;
    static constexpr int kJobDockLingerMs = 3000;
    static constexpr QSize kDefaultSize{1600, 1000};
    Banner* banner_ = nullptr;
    QComboBox* ruleBox_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QPointer<PresentationWindow> presentation_;
    class QTimer* catalogueRefresh_ = nullptr;
};

}  // namespace ts::ui
