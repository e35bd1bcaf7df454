#include "ui/jobs/import_plan.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <map>

#include "core/data/dataset_loader.h"
#include "core/util/paths.h"

namespace ts::ui {

namespace {

const QStringList kCoTempClasses = {QStringLiteral("equal"), QStringLiteral("overlap"),
                                    QStringLiteral("during"), QStringLiteral("mix")};

QStringList expand(const QStringList& paths) {
    QStringList files;
    for (const QString& p : paths) {
        const QFileInfo info(p);
        if (info.isDir()) {
            QDirIterator it(p, {QStringLiteral("*.json"), QStringLiteral("*.jsonl"),
                                QStringLiteral("*.csv"), QStringLiteral("*.txt")},
                            QDir::Files, QDirIterator::Subdirectories);
            QStringList found;
            while (it.hasNext()) found << it.next();
            found.sort();
            files << found;
        } else if (info.isFile()) {
            files << info.absoluteFilePath();
        }
    }
    files.removeDuplicates();
    return files;
}

QString uniqueName(const QString& wanted, QStringList& taken) {
    QString name = wanted;
    for (int k = 2; taken.contains(name); ++k) name = QStringLiteral("%1 (%2)").arg(wanted).arg(k);
    taken << name;
    return name;
}

// The gold CSV of a Trace_Check_QA predictions file: a dropped CSV of the
// same class, else the paper's file under the shared data.
struct GoldGuess {
    QString gold;
    QString family;  // "cotempqa" or "babi" ("" unknown)
};

GoldGuess guessGold(const QString& predictions, const QStringList& droppedCsvs) {
    const QFileInfo info(predictions);
    const QString parent = info.dir().dirName();
    const QString shared = QString::fromStdString(ts::sharedDataDir().string());
    auto preferCorrectTrace = [](const QStringList& candidates) {
        for (const QString& c : candidates)
            if (c.contains(QStringLiteral("reasoning_with_facts"))) return c;
        return candidates.value(0);
    };
    if (kCoTempClasses.contains(parent)) {
        QStringList matches;
        for (const QString& csv : droppedCsvs)
            if (QFileInfo(csv).fileName() == parent + QStringLiteral("_test.csv")) matches << csv;
        QString gold = preferCorrectTrace(matches);
        const QString paper = shared + QStringLiteral("/cotempqa/sft_dataset_reasoning_with_facts_chat_template/") +
                              parent + QStringLiteral("_test.csv");
        if (gold.isEmpty() && !shared.isEmpty() && QFileInfo::exists(paper)) gold = paper;
        return {gold, QStringLiteral("cotempqa")};
    }
    if (predictions.contains(QStringLiteral("abiqa"), Qt::CaseInsensitive)) {
        QStringList matches;
        for (const QString& csv : droppedCsvs)
            if (QFileInfo(csv).fileName() == QStringLiteral("test.csv")) matches << csv;
        QString gold = preferCorrectTrace(matches);
        const QString paper = shared + QStringLiteral(
            "/trace_check_qa_babiqa/data/babiqa/sft_dataset_reasoning_with_facts_chat_template/test.csv");
        if (gold.isEmpty() && !shared.isEmpty() && QFileInfo::exists(paper)) gold = paper;
        return {gold, QStringLiteral("babi")};
    }
    return {};
}

}  // namespace

void describeAdapter(const QString& stem, QString* model, QString* condition) {
    QString s = stem;
    if (s.endsWith(QStringLiteral("_default"))) s.chop(8);
    const int cut = s.indexOf(QStringLiteral("-sft-adapter"));
    *model = cut >= 0 ? s.left(cut) : s;
    const QString rest = cut >= 0 ? s.mid(cut + 12) : QString();
    if (cut < 0)
        *condition = QString();
    else if (rest.isEmpty())
        *condition = QStringLiteral("vanilla");
    else if (rest == QStringLiteral("-reasoning-facts"))
        *condition = QStringLiteral("correct-trace");
    else if (rest == QStringLiteral("-reasoning-facts-perturbed"))
        *condition = QStringLiteral("perturbed-trace");
    else if (rest == QStringLiteral("-reasoning"))
        *condition = QStringLiteral("class-only");
    else
        *condition = rest.mid(1);
}

ImportPlan planImport(const QStringList& paths, const QStringList& existingRunNames) {
    ImportPlan plan;
    QStringList taken = existingRunNames;
    QStringList predictionFiles, nativeFiles, datasetFiles, csvs;
    for (const QString& file : expand(paths)) {
        const std::filesystem::path p = file.toStdString();
        try {
            const PredictionFormat f = detectPredictionFormat(p);
            (f == PredictionFormat::Native ? nativeFiles : predictionFiles) << file;
            continue;
        } catch (const std::exception&) {
        }
        try {
            const DatasetFormat f = detectFormat(p);
            if (f == DatasetFormat::TraceCheckQaCsv) csvs << file;
            else datasetFiles << file;
            continue;
        } catch (const std::exception& e) {
            plan.notes << QStringLiteral("%1: not recognised (%2)")
                              .arg(QFileInfo(file).fileName(), QString::fromStdString(e.what()));
        }
    }
    // Trace_Check_QA predictions: one run per (dataset family, adapter).
    std::map<std::pair<QString, QString>, ImportRunPlan> runs;
    std::vector<std::pair<QString, QString>> order;
    for (const QString& file : predictionFiles) {
        const GoldGuess guess = guessGold(file, csvs);
        const QString stem = QFileInfo(file).completeBaseName();
        const std::pair key{guess.family, stem};
        auto [it, inserted] = runs.try_emplace(key);
        ImportRunPlan& run = it->second;
        if (inserted) {
            order.push_back(key);
            describeAdapter(stem, &run.model, &run.condition);
            QString name = stem;
            if (name.endsWith(QStringLiteral("_default"))) name.chop(8);
            run.runName = guess.family.isEmpty() ? name : guess.family + QLatin1Char('/') + name;
            run.format = PredictionFormat::TraceCheckQa;
            run.datasetName = guess.family.isEmpty() ? QStringLiteral("imported")
                                                     : guess.family + QStringLiteral("-test");
        }
        run.pairs.push_back({file, guess.gold});
    }
    for (const auto& key : order) {
        ImportRunPlan run = runs[key];
        run.runName = uniqueName(run.runName, taken);
        plan.runs.push_back(std::move(run));
    }
    // Native predictions are scored against the dropped dataset files (or a
    // project dataset the user picks in the dialog).
    for (const QString& file : nativeFiles) {
        ImportRunPlan run;
        run.format = PredictionFormat::Native;
        run.runName = uniqueName(QFileInfo(file).completeBaseName(), taken);
        run.pairs.push_back({file, QString()});
        run.datasetFiles = datasetFiles;
        run.datasetName = datasetFiles.isEmpty() ? QString()
                                                 : QFileInfo(datasetFiles.front()).dir().dirName();
        plan.runs.push_back(std::move(run));
    }
    if (nativeFiles.isEmpty() && !datasetFiles.isEmpty())
        plan.datasets.push_back({QFileInfo(datasetFiles.front()).dir().dirName(), datasetFiles});
    if (predictionFiles.isEmpty() && nativeFiles.isEmpty() && !csvs.isEmpty())
        plan.datasets.push_back({QFileInfo(csvs.front()).dir().dirName(), csvs});
    return plan;
}

ImportPlan paperRunsPlan(const QString& sharedData, const QStringList& existingRunNames) {
    if (sharedData.isEmpty()) return {};
    QStringList folders;
    for (const QString& c : kCoTempClasses)
        folders << sharedData + QStringLiteral("/trace_check_qa_results/evaluation_outputs/") + c;
    folders << sharedData + QStringLiteral("/trace_check_qa_babiqa/results/Babiqa/evaluation_outputs");
    QStringList present;
    for (const QString& f : folders)
        if (QFileInfo(f).isDir()) present << f;
    return present.isEmpty() ? ImportPlan{} : planImport(present, existingRunNames);
}

QStringList validatePlan(const ImportPlan& plan) {
    QStringList problems;
    QStringList names;
    for (const ImportRunPlan& run : plan.runs) {
        if (run.runName.trimmed().isEmpty()) problems << QStringLiteral("a run has no name");
        if (names.contains(run.runName)) problems << QStringLiteral("two runs are named %1").arg(run.runName);
        names << run.runName;
        if (run.datasetName.trimmed().isEmpty())
            problems << QStringLiteral("%1: choose the dataset its items belong to").arg(run.runName);
        for (const ImportPair& p : run.pairs)
            if (run.format == PredictionFormat::TraceCheckQa &&
                (p.gold.isEmpty() || !QFileInfo::exists(p.gold)))
                problems << QStringLiteral("%1: no gold CSV for %2")
                                .arg(run.runName, QFileInfo(p.predictions).fileName());
    }
    return problems;
}

}  // namespace ts::ui
