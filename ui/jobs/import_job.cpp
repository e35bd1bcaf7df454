#include "ui/jobs/import_job.h"

#include <QFileInfo>
#include <QLocale>

#include <optional>
#include <set>

#include "core/data/dataset_loader.h"
#include "core/score/native_predictions.h"
#include "core/score/run_scorer.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/store/catalog.h"
#include "core/store/dataset_writer.h"
#include "core/store/run_import.h"
#include "core/store/run_writer.h"
#include "core/util/error.h"

namespace ts::ui {

namespace {

std::filesystem::path fsPath(const QString& p) { return std::filesystem::path(p.toStdString()); }

// The run's pairs and the dataset its items form.
struct LoadedRun {
    Dataset dataset;
    std::vector<ScoringPair> pairs;
};

LoadedRun loadTraceCheckQa(const ImportRunPlan& plan, const ProgressSink& progress) {
    LoadedRun out;
    out.dataset.name = plan.datasetName.toStdString();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < plan.pairs.size(); ++i) {
        const ImportPair& p = plan.pairs[i];
        progress.report(double(i) / double(plan.pairs.size()),
                        "reading " + QFileInfo(p.predictions).fileName().toStdString());
        const Dataset gold = loadDatasetFile(fsPath(p.gold), DatasetFormat::TraceCheckQaCsv);
        if (i == 0) out.dataset.kind = gold.kind;
        if (gold.kind != out.dataset.kind)
            throw Error("the gold files of one run are of different datasets", {p.gold.toStdString()});
        out.pairs.push_back(readTraceCheckQaPair(fsPath(p.predictions), fsPath(p.gold), gold, gold.kind));
        out.dataset.sourceFiles.push_back(p.gold.toStdString());
        for (const Item& item : gold.items)
            if (seen.insert(item.id).second) out.dataset.items.push_back(item);
    }
    return out;
}

LoadedRun loadNative(store::Project& project, const ImportRunPlan& plan, const ProgressSink& progress) {
    LoadedRun out;
    progress.report(0.0, "reading the dataset");
    if (!plan.datasetFiles.isEmpty()) {
        std::vector<std::filesystem::path> files;
        for (const QString& f : plan.datasetFiles) files.push_back(fsPath(f));
        LoadOptions options;
        options.progress = progress.stage(0.0, 0.5);
        out.dataset = loadDataset(files, DatasetFormat::Auto, options);
        out.dataset.name = plan.datasetName.toStdString();
    } else {
        out.dataset = store::loadDataset(project, plan.datasetName.toStdString());
    }
    for (const ImportPair& p : plan.pairs) {
        progress.report(0.5, "reading " + QFileInfo(p.predictions).fileName().toStdString());
        const auto predictions = readNativePredictions(fsPath(p.predictions), progress);
        out.pairs.push_back(pairNativePredictions(fsPath(p.predictions), predictions, out.dataset));
    }
    return out;
}

}  // namespace

ImportJob::ImportJob(QString projectPath, ImportPlan plan, QString title)
    : projectPath_(std::move(projectPath)), plan_(std::move(plan)), title_(std::move(title)) {
    if (title_.isEmpty())
        title_ = plan_.runs.size() == 1 ? tr("Import %1").arg(plan_.runs.front().runName)
                                        : tr("Import %1 runs").arg(plan_.runs.size());
}

void ImportJob::run(const JobContext& context) {
    // The session has the project open (checked in full when it opened it).
    store::Project project =
        store::Project::open(projectPath_.toStdString(), store::OpenChecks::FurtherConnection);
    const ProgressSink& progress = context.progress();
    const double units = double(plan_.runs.size() + plan_.datasets.size());
    double done = 0.0;
    for (const ImportDatasetPlan& d : plan_.datasets) {
        const ProgressSink stage = progress.stage(done / units, (done + 1) / units);
        std::vector<std::filesystem::path> files;
        for (const QString& f : d.files) files.push_back(fsPath(f));
        LoadOptions options;
        options.progress = stage.stage(0.0, 0.7);
        Dataset dataset = loadDataset(files, DatasetFormat::Auto, options);
        dataset.name = d.name.toStdString();
        const auto result = store::addDataset(project, dataset);
        context.log(tr("dataset %1: %2 items added, %3 already stored")
                        .arg(d.name).arg(result.itemsAdded).arg(result.itemsAlreadyStored));
        ++outcome_.datasetsAdded;
        done += 1;
    }
    for (const ImportRunPlan& plan : plan_.runs) {
        const ProgressSink stage = progress.stage(done / units, (done + 1) / units);
        context.log(tr("run %1: reading %2 file(s)").arg(plan.runName).arg(plan.pairs.size()));
        LoadedRun loaded = plan.format == PredictionFormat::TraceCheckQa
                               ? loadTraceCheckQa(plan, stage.stage(0.0, 0.3))
                               : loadNative(project, plan, stage.stage(0.0, 0.3));
        for (const ScoringPair& p : loaded.pairs)
            if (p.unansweredItems > 0)
                context.log(tr("note: %1 gold items have no prediction in %2")
                                .arg(p.unansweredItems)
                                .arg(QString::fromStdString(p.predictionsPath)));
        // Scoring and storing is core's one import path (the CLI's too).
        store::RunInfo info;
        info.name = plan.runName.toStdString();
        info.model = plan.model.toStdString();
        info.condition = plan.condition.toStdString();
        const auto format =
            plan.format == PredictionFormat::TraceCheckQa ? store::ImportFormat::TraceCheckQa : store::ImportFormat::Jsonl;
        const store::ScoredImport imported = store::importScoredRun(
            project, format, loaded.dataset.kind, info, loaded.pairs, stage.stage(0.3, 1.0), plan.datasetName.toStdString());
        if (!imported.legacy) context.log(tr("the legacy rule does not apply to these gold files"));
        const store::ImportSummary& s = imported.stored;
        const RunScore& strict = imported.strict;
        outcome_.runIds << s.runId;
        outcome_.runNames << plan.runName;
        outcome_.predictions += s.predictions;
        context.log(tr("run %1: %2 predictions, %3 verdicts, %4 new items; answer ok %5 of %6 (strict)")
                        .arg(plan.runName)
                        .arg(s.predictions)
                        .arg(s.verdicts)
                        .arg(s.itemsAdded)
                        .arg(strict.answerCorrect)
                        .arg(strict.items));
        done += 1;
    }
    progress.report(1.0, "imported");
}

void ImportJob::finish() { Q_EMIT imported(outcome_); }

QString ImportJob::summary() const {
    QStringList parts;
    if (!outcome_.runIds.isEmpty())
        parts << tr("%1 run(s), %2 predictions").arg(outcome_.runIds.size()).arg(QLocale().toString(outcome_.predictions));
    if (outcome_.datasetsAdded > 0) parts << tr("%1 dataset(s)").arg(outcome_.datasetsAdded);
    return parts.join(QStringLiteral(", "));
}

}  // namespace ts::ui
