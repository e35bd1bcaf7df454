#pragma once
// The left tree: project -> datasets -> runs, with counts (items and runs of
// a dataset; predictions and annotated items of a run). Fed a whole Catalogue
// inside one model reset.
#include <QAbstractItemModel>

#include "ui/session/project_session.h"

namespace ts::ui {

class ProjectTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind { Project, Dataset, Run };
    static constexpr int kKindRole = Qt::UserRole + 60;  // int(NodeKind)
    static constexpr int kIdRole = Qt::UserRole + 61;    // dataset or run id

    explicit ProjectTreeModel(QObject* parent = nullptr);

    void setCatalogue(const Catalogue& catalogue);
    // The index of a run / dataset node (column 0), invalid when absent.
    QModelIndex runIndex(long long runId) const;
    QModelIndex datasetIndex(long long datasetId) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // Internal ids: 0 = the project node; dataset d -> d + 1; run r of dataset
    // d -> (d + 1) << 32 | (r + 1). Stable across a reset is not needed.
    struct DatasetNode {
        store::DatasetSummary dataset;
        std::vector<store::RunSummary> runs;
    };
    QString projectName_;
    bool hasProject_ = false;
    std::vector<DatasetNode> datasets_;
};

}  // namespace ts::ui
