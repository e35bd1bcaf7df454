#pragma once
// The job dock: running and finished jobs with a progress bar, message,
// elapsed time and ETA; Cancel for the selected job; its latest metrics, the
// curve of its loss against step (or, for a job without one, its first other
// metric with an x, such as inference's answer accuracy), and its log. Every
// job's points stay in its JobRecord, so selecting a finished job shows its
// whole curve. Metrics arrive once per optimizer step; the curve is redrawn
// at most every kCurveRefreshMs. A timer refreshes elapsed/ETA once a second.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace ts::ui {

class JobListModel;
class JobManager;
class MetricCurveChart;

class JobPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCurveRefreshMs = 200;

    explicit JobPanel(JobManager* manager, QWidget* parent = nullptr);
    QTableView* view() const { return view_; }
    JobListModel* model() const { return model_; }
    MetricCurveChart* curveChart() const { return curve_; }
    void selectJob(int id);

Q_SIGNALS:
    // The curve was redrawn for this job (selection change or new points).
    void curveShown(int jobId, int points);

private:
    int selectedJob() const;
    void showSelected();
    void showCurve();

    JobManager* manager_;
    JobListModel* model_;
    QTableView* view_;
    QPushButton* cancel_;
    QLabel* metrics_;
    MetricCurveChart* curve_;
    QTimer* curveRefresh_;
    QPlainTextEdit* log_;
};

}  // namespace ts::ui
