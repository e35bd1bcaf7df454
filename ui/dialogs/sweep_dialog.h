#pragma once
// Training > Cluster sweep…: a sweep submitted with `tracescope-cli experiment
// submit --slurm` (docs/cluster.md), cell by cell with its state - the
// scheduler's (PENDING, RUNNING, CANCELLED, ...) or "done" once its run bundle
// verifies - refreshed every kRefreshMs off the GUI thread, and Collect, which
// imports the finished bundles into the open project as a job.
#include <QDialog>
#include <QFutureWatcher>
#include <QVector>

#include "ui/jobs/sweep_jobs.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace ts::ui {

struct SweepStatusRead {
    QVector<SweepCellRow> rows;
    QString error;  // why the states could not be read
};

class JobManager;
class ProjectSession;

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 30000;  // squeue at most twice a minute

    SweepDialog(JobManager* jobs, ProjectSession* session, QWidget* parent = nullptr);
    void setSweep(const QString& experiment, const QString& workDir);
    void refresh();
    QTableView* view() const { return view_; }
    QStandardItemModel* model() const { return model_; }
    QPushButton* collectButton() const { return collect_; }

Q_SIGNALS:
    void refreshed(int cells, int done);
    void collected(const ts::ui::SweepCollectOutcome& outcome);

private:
    void showRows(const SweepStatusRead& read);
    void startCollect();

    JobManager* jobs_;
    ProjectSession* session_;
    QLineEdit* experiment_;
    QLineEdit* workDir_;
    QTableView* view_;
    QStandardItemModel* model_;
    QLabel* status_;
    QPushButton* collect_;
    QTimer* timer_;
    QFutureWatcher<SweepStatusRead> watcher_;
};

// Shows the dialog (non-modal, one per window).
void showSweepDialog(QWidget* parent, JobManager* jobs, ProjectSession* session);

}  // namespace ts::ui
