#pragma once
// The items that flipped between two runs (core's paired comparison): item
// id and which run got it right.
#include <QAbstractTableModel>

#include "core/store/paired_runs.h"

namespace ts::ui {

class FlippedItemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kItemIdRole = Qt::UserRole + 90;
    explicit FlippedItemsModel(QObject* parent = nullptr);
    void setItems(std::vector<store::FlippedItem> items, const QString& runA, const QString& runB);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<store::FlippedItem> items_;
    QString runA_, runB_;
};

}  // namespace ts::ui
