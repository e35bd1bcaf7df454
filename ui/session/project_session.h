#pragma once
// The open project as the pages see it: its path, the three worker
// connections (reader, analysis, writer), the catalogue of datasets and runs,
// and the current selection (a run or a bare dataset), rule and retrieval
// mode. Pages read the state here and listen to its signals; none of them
// holds a connection.
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

#include "core/store/catalog.h"
#include "ui/session/store_executor.h"
#include "core/store/verdict_rule.h"

namespace ts::ui {

struct Catalogue {
    QString path;
    std::vector<store::DatasetSummary> datasets;
    std::vector<store::RunSummary> runs;

    const store::RunSummary* run(long long id) const;
    const store::DatasetSummary* dataset(long long id) const;
    // Runs on the same dataset as `runId` (paired comparisons), itself excluded.
    std::vector<const store::RunSummary*> siblingRuns(long long runId) const;
};

class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);
    ~ProjectSession() override;

    // Opens (or, with create, creates) a project; projectOpened or failed follows.
    // readOnly: the file is never written (Project::openReadOnly); saving an
    // annotation or importing then fails with SQLite's read-only error.
    void openProject(const QString& path, bool create = false, bool readOnly = false);
    bool readOnly() const { return readOnly_; }
    // Why `what` (e.g. "Importing") may not run: "" when the project is
    // writable, else a sentence for the status bar naming the file.
    QString writeRefusal(const QString& what) const;
    // A connection of the caller's own to the open project, in the session's
    // mode, without repeating quick_check (Project::OpenChecks).
    store::Project openFurtherConnection() const;
    void closeProject();
    bool isOpen() const { return !path_.isEmpty(); }
    QString path() const { return path_; }

    // Three connections, each on its own thread: the item list and item view
    // (reader), statistics and comparisons that may take long on big runs
    // (analysis), and annotation writes (writer). A slow table never delays
    // scrolling, and nothing delays a save.
    StoreExecutor& reader() { return reader_; }
    StoreExecutor& analysis() { return analysis_; }
    StoreExecutor& writer() { return writer_; }

    const Catalogue& catalogue() const { return catalogue_; }
    // Re-reads datasets and runs (after an import, an annotation batch).
    void refreshCatalogue();

    // Selection: a run, or a dataset without a run (its items, gold only).
    void selectRun(long long runId);
    void selectDataset(long long datasetId);
    const store::RunSummary* currentRun() const;
    const store::DatasetSummary* currentDataset() const;  // the run's dataset when a run is selected

    // The rule verdicts are read under; under the human rule, whether only
    // this user's overrides count (else the annotators' majority).
    store::VerdictRule rule() const { return rule_; }
    void setRule(store::VerdictRule rule);
    bool humanOnlyMine() const { return humanOnlyMine_; }
    void setHumanOnlyMine(bool onlyMine);
    // What every query of the pages reads: the rule and whose overrides count.
    store::VerdictView verdictView() const;
    RetrievalMode retrievalMode() const { return mode_; }
    void setRetrievalMode(RetrievalMode mode);
    // How items without a trace enter the step tables.
    MissingTrace missingTrace() const { return missingTrace_; }
    void setMissingTrace(MissingTrace missing);
    // Runs whose tables the statistics page pools (two or more; empty: none).
    const std::vector<long long>& pooledRuns() const { return pooledRuns_; }
    void setPooledRuns(std::vector<long long> runIds);

    QString annotator() const { return annotator_; }
    void setAnnotator(const QString& name) { annotator_ = name; }

Q_SIGNALS:
    void projectOpened(const QString& path);
    void projectClosed();
    void catalogueChanged();
    void selectionChanged();
    // The rule, whose overrides count, the retrieval mode or the missing-trace choice changed.
    void ruleChanged();
    void pooledRunsChanged();
    // A finding was pinned, moved, changed or removed.
    void findingsChanged();
    // An annotation of (run, item) was written, changed or deleted.
    void annotationsChanged(long long runId, const QString& itemId);
    void failed(const QString& message);
    // openProject() ended without a project: the file was refused (a
    // colleague's file that fails the checks) or could not be opened.
    void openFailed(const QString& path, const QString& message);

private:
    void onWriterOpened(const QString& path);
    void onOpenFailed(const QString& path, const QString& message);

    StoreExecutor reader_;
    StoreExecutor analysis_;
    StoreExecutor writer_;
    RequestChannel catalogueChannel_;
    QString path_;
    QString pendingPath_;
    Catalogue catalogue_;
    long long runId_ = 0;
    long long datasetId_ = 0;
    store::VerdictRule rule_ = store::VerdictRule::Strict;
    bool humanOnlyMine_ = false;
    RetrievalMode mode_ = RetrievalMode::All;
    MissingTrace missingTrace_ = MissingTrace::Wrong;
    std::vector<long long> pooledRuns_;
    QString annotator_;
    bool readOnly_ = false;
};

}  // namespace ts::ui
