#include "ui/models/job_list_model.h"

#include "ui/jobs/job_manager.h"

namespace ts::ui {

QString durationText(qint64 ms) {
    const qint64 s = ms / 1000;
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

JobListModel::JobListModel(JobManager* manager, QObject* parent)
    : QAbstractTableModel(parent), manager_(manager) {
    for (int id : manager_->ids()) ids_.insert(ids_.begin(), id);
    connect(manager_, &JobManager::jobAdded, this, [this](int id) {
        // New jobs appear at the top.
        beginInsertRows({}, 0, 0);
        ids_.insert(ids_.begin(), id);
        endInsertRows();
    });
    connect(manager_, &JobManager::jobChanged, this, [this](int id) {
        const int row = rowOfJob(id);
        if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
}

int JobListModel::jobIdAt(int row) const {
    return row >= 0 && row < static_cast<int>(ids_.size()) ? ids_[row] : 0;
}

int JobListModel::rowOfJob(int id) const {
    for (std::size_t i = 0; i < ids_.size(); ++i)
        if (ids_[i] == id) return static_cast<int>(i);
    return -1;
}

int JobListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(ids_.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const int id = jobIdAt(index.row());
    const JobRecord* r = manager_->record(id);
    if (!r) return {};
    if (role == kJobIdRole) return id;
    if (role == kFractionRole) return r->fraction;
    if (role == Qt::ToolTipRole && !r->error.isEmpty()) return r->error;
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Title: return r->title;
        case State: return jobStateText(r->state);
        case Progress: return QStringLiteral("%1%").arg(static_cast<int>(r->fraction * 100.0));
        case Message: {
            QString m = r->message;
            for (const auto& [name, metric] : r->latestMetrics)
                m += QStringLiteral(" · %1 %2").arg(name).arg(metric.value, 0, 'g', 4);
            return m;
        }
        case Time: {
            QString t = durationText(manager_->elapsedMs(id));
            const qint64 eta = manager_->etaMs(id);
            if (eta >= 0) t += QStringLiteral(" (ETA %1)").arg(durationText(eta));
            return t;
        }
        default: return {};
    }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const kNames[] = {"job", "state", "progress", "message", "elapsed"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

}  // namespace ts::ui
