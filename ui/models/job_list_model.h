#pragma once
// The job panel's list: one row per job (title, state, progress, message,
// elapsed / ETA), newest first, kept in step with the JobManager's signals.
#include <QAbstractTableModel>

#include <vector>

namespace ts::ui {

class JobManager;

class JobListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, State, Progress, Message, Time, ColumnCount };
    static constexpr int kJobIdRole = Qt::UserRole + 80;
    static constexpr int kFractionRole = Qt::UserRole + 81;

    explicit JobListModel(JobManager* manager, QObject* parent = nullptr);
    int jobIdAt(int row) const;
    int rowOfJob(int id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    JobManager* manager_;
    std::vector<int> ids_;  // newest first; changes only between begin/end calls
};

// "1:05" / "12 s".
QString durationText(qint64 ms);

}  // namespace ts::ui
