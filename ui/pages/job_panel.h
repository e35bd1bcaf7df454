#pragma once
// The job dock: running and finished jobs with a progress bar, message,
// elapsed time and ETA; Cancel for the selected job; its log and its
// latest metrics underneath. A timer refreshes elapsed/ETA once a second.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace ts::ui {

class JobListModel;
class JobManager;

class JobPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobPanel(JobManager* manager, QWidget* parent = nullptr);
    QTableView* view() const { return view_; }
    JobListModel* model() const { return model_; }

private:
    int selectedJob() const;
    void showSelected();

    JobManager* manager_;
    JobListModel* model_;
    QTableView* view_;
    QPushButton* cancel_;
    QLabel* metrics_;
    QPlainTextEdit* log_;
};

}  // namespace ts::ui
