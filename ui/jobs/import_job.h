#pragma once
// Carries out an ImportPlan against a project on a worker thread with its own
// connection: loads the gold files and predictions (core/data, core/score
// readers), scores every run under the strict and the legacy rule
// (core/score), and stores each run with its dataset items, predictions and
// verdicts in one transaction (core/store importRun). A failed or cancelled
// run leaves the project as it was; runs before it stay imported.
#include <QList>

#include "ui/jobs/import_plan.h"
#include "ui/jobs/job.h"

namespace ts::ui {

struct ImportOutcome {
    QList<long long> runIds;
    QStringList runNames;
    long long predictions = 0;
    long long datasetsAdded = 0;
};

class ImportJob : public Job {
    Q_OBJECT
public:
    ImportJob(QString projectPath, ImportPlan plan, QString title = {});

    QString title() const override { return title_; }
    void run(const JobContext& context) override;
    void finish() override;
    QString summary() const override;

Q_SIGNALS:
    void imported(const ts::ui::ImportOutcome& outcome);

private:
    QString projectPath_;
    ImportPlan plan_;
    QString title_;
    ImportOutcome outcome_;
};

}  // namespace ts::ui
