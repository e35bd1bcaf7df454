#pragma once
// What an import will do, worked out from dropped files before anything is
// read in full: which files are predictions (and in which format), which are
// datasets, how predictions group into runs (one run per adapter/file stem),
// and which gold file each predictions file is scored against. The import
// dialog shows the plan and lets the user fix names and pairings; ImportJob
// carries it out. Detection is core's (detectPredictionFormat, detectFormat);
// the grouping and the gold guesses below only follow the paper's layout.
#include <QString>
#include <QStringList>

#include <vector>

#include "core/score/scoring_pair.h"

namespace ts::ui {

struct ImportPair {
    QString predictions;
    // Trace_Check_QA: the gold SFT CSV; native: unused (the run's dataset).
    QString gold;
};

struct ImportRunPlan {
    QString runName;
    QString model;
    QString condition;
    PredictionFormat format = PredictionFormat::TraceCheckQa;
    std::vector<ImportPair> pairs;
    // The project dataset the run belongs to (created from the gold files, or
    // an existing one for native predictions).
    QString datasetName;
    // Native predictions: dataset files to load the items from (empty: use
    // the project's dataset `datasetName`).
    QStringList datasetFiles;
};

struct ImportDatasetPlan {
    QString name;
    QStringList files;
};

struct ImportPlan {
    std::vector<ImportRunPlan> runs;
    std::vector<ImportDatasetPlan> datasets;
    QStringList notes;  // files skipped and why

    bool empty() const { return runs.empty() && datasets.empty(); }
};

// Expands folders (recursively: .json, .jsonl, .csv, .txt) and classifies
// every file. existingNames: run names already in the project (new names are
// made unique against them). Reads only the first record of each file.
ImportPlan planImport(const QStringList& paths, const QStringList& existingRunNames = {});

// The paper's CoTempQA and bAbI outputs under sharedData (the four and six
// adapters of ../shared/data), as one plan; empty when the files are absent.
ImportPlan paperRunsPlan(const QString& sharedData, const QStringList& existingRunNames = {});

// "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts-perturbed_default" ->
// model "Llama-3.2-1B-Instruct", condition "perturbed-trace".
void describeAdapter(const QString& stem, QString* model, QString* condition);

// Checks a plan before it runs: every run has a name, pairs, gold files that
// exist (Trace_Check_QA) and a dataset. Returns the problems, empty when none.
QStringList validatePlan(const ImportPlan& plan);

}  // namespace ts::ui
