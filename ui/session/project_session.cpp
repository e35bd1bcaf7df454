#include "ui/session/project_session.h"

#include <QFileInfo>

namespace ts::ui {

const store::RunSummary* Catalogue::run(long long id) const {
    for (const auto& r : runs)
        if (r.id == id) return &r;
    return nullptr;
}

const store::DatasetSummary* Catalogue::dataset(long long id) const {
    for (const auto& d : datasets)
        if (d.id == id) return &d;
    return nullptr;
}

std::vector<const store::RunSummary*> Catalogue::siblingRuns(long long runId) const {
    std::vector<const store::RunSummary*> out;
    const store::RunSummary* self = run(runId);
    if (!self) return out;
    for (const auto& r : runs)
        if (r.datasetId == self->datasetId && r.id != runId) out.push_back(&r);
    return out;
}

ProjectSession::ProjectSession(QObject* parent)
    : QObject(parent), reader_(QStringLiteral("ts-store-reader")),
      analysis_(QStringLiteral("ts-store-analysis")), writer_(QStringLiteral("ts-store-writer")) {
    connect(&writer_, &StoreExecutor::opened, this, &ProjectSession::onWriterOpened);
    connect(&reader_, &StoreExecutor::opened, this, [this](const QString& path) {
        if (path != pendingPath_) return;  // a later open() superseded this one
        path_ = path;
        Q_EMIT projectOpened(path_);
        refreshCatalogue();
    });
    for (StoreExecutor* e : {&reader_, &analysis_, &writer_}) {
        connect(e, &StoreExecutor::failed, this, &ProjectSession::failed);
        connect(e, &StoreExecutor::openFailed, this, &ProjectSession::onOpenFailed);
    }
}

void ProjectSession::onOpenFailed(const QString& path, const QString& message) {
    if (path != pendingPath_) return;  // superseded by a later open()
    // Nothing of a refused file stays open (the writer may have opened it
    // when a further connection failed).
    closeProject();
    Q_EMIT openFailed(path, message);
}

ProjectSession::~ProjectSession() = default;

void ProjectSession::openProject(const QString& path, bool create, bool readOnly) {
    closeProject();
    pendingPath_ = path;
    readOnly_ = readOnly;
    // The writer opens (and creates) first so the reader never races a create.
    writer_.open(path, create, readOnly);
}

void ProjectSession::onWriterOpened(const QString& path) {
    if (path != pendingPath_) return;
    // The writer's open ran the full checks; these connections repeat the
    // header and schema checks but not quick_check (seconds on a big file).
    reader_.open(path, false, readOnly_, store::OpenChecks::FurtherConnection);
    analysis_.open(path, false, readOnly_, store::OpenChecks::FurtherConnection);
}

QString ProjectSession::writeRefusal(const QString& what) const {
    if (!readOnly_) return {};
    return tr("%1 would write to %2, which is open read-only. Open it (or a copy) with "
              "File > Open project to change it.")
        .arg(what, QFileInfo(path_.isEmpty() ? pendingPath_ : path_).fileName());
}

store::Project ProjectSession::openFurtherConnection() const {
    const std::string file = path_.toStdString();
    return readOnly_ ? store::Project::openReadOnly(file, store::OpenChecks::FurtherConnection)
                     : store::Project::open(file, store::OpenChecks::FurtherConnection);
}

void ProjectSession::closeProject() {
    if (path_.isEmpty() && pendingPath_.isEmpty()) return;
    catalogueChannel_.invalidate();
    reader_.close();
    analysis_.close();
    writer_.close();
    const bool wasOpen = !path_.isEmpty();
    path_.clear();
    pendingPath_.clear();
    catalogue_ = {};
    runId_ = datasetId_ = 0;
    pooledRuns_.clear();
    if (wasOpen) Q_EMIT projectClosed();
}

void ProjectSession::refreshCatalogue() {
    if (!isOpen()) return;
    const QString path = path_;
    reader_.run<Catalogue>(
        this,
        [path](store::Project& p) {
            Catalogue c;
            c.path = path;
            c.datasets = store::listDatasets(p);
            c.runs = store::listRuns(p);
            return c;
        },
        [this](Catalogue c) {
            catalogue_ = std::move(c);
            Q_EMIT catalogueChanged();
            // Keep the selection when it still exists (or a slot of
            // catalogueChanged just made one: the workbench's --run); else pick
            // the first run (or dataset) so a newly opened project shows something.
            const bool keep = runId_ ? catalogue_.run(runId_) != nullptr
                                     : datasetId_ && catalogue_.dataset(datasetId_);
            if (keep) return;
            runId_ = datasetId_ = 0;
            if (!catalogue_.runs.empty())
                selectRun(catalogue_.runs.front().id);
            else if (!catalogue_.datasets.empty())
                selectDataset(catalogue_.datasets.front().id);
            else
                Q_EMIT selectionChanged();
        },
        {}, catalogueChannel_.next());
}

void ProjectSession::selectRun(long long runId) {
    const store::RunSummary* r = catalogue_.run(runId);
    if (!r) return;
    if (runId_ == runId) return;
    runId_ = runId;
    datasetId_ = r->datasetId;
    Q_EMIT selectionChanged();
}

void ProjectSession::selectDataset(long long datasetId) {
    if (!catalogue_.dataset(datasetId)) return;
    if (!runId_ && datasetId_ == datasetId) return;
    runId_ = 0;
    datasetId_ = datasetId;
    Q_EMIT selectionChanged();
}

const store::RunSummary* ProjectSession::currentRun() const {
    return runId_ ? catalogue_.run(runId_) : nullptr;
}

const store::DatasetSummary* ProjectSession::currentDataset() const {
    return datasetId_ ? catalogue_.dataset(datasetId_) : nullptr;
}

void ProjectSession::setRule(store::VerdictRule rule) {
    if (rule_ == rule) return;
    rule_ = rule;
    Q_EMIT ruleChanged();
}

void ProjectSession::setHumanOnlyMine(bool onlyMine) {
    if (humanOnlyMine_ == onlyMine) return;
    humanOnlyMine_ = onlyMine;
    if (rule_ == store::VerdictRule::Human) Q_EMIT ruleChanged();
}

store::VerdictView ProjectSession::verdictView() const {
    if (rule_ != store::VerdictRule::Human || !humanOnlyMine_) return {rule_};
    return {rule_, annotator_.toStdString()};
}

void ProjectSession::setPooledRuns(std::vector<long long> runIds) {
    if (runIds.size() < 2) runIds.clear();
    if (runIds == pooledRuns_) return;
    pooledRuns_ = std::move(runIds);
    Q_EMIT pooledRunsChanged();
}

void ProjectSession::setMissingTrace(MissingTrace missing) {
    if (missingTrace_ == missing) return;
    missingTrace_ = missing;
    Q_EMIT ruleChanged();
}

void ProjectSession::setRetrievalMode(RetrievalMode mode) {
    if (mode_ == mode) return;
    mode_ = mode;
    Q_EMIT ruleChanged();
}

}  // namespace ts::ui
