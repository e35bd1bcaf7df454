#pragma once
// A 2x2 table as a 3x3 grid (the four cells, row totals, column totals) for
// a QTableView with the heat delegate: each inner cell shows its count and
// its row and column percentages; ItemRole::Heat is its share of the table.
// The counts come from core (store::runTables / comparePairedRuns); this model
// only lays them out.
#include <QAbstractTableModel>
#include <QStringList>

#include "core/stats/contingency.h"

namespace ts::ui {

class ContingencyModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Which cell of the 2x2 an index is: row 0/1 = first/second row label
    // (e.g. step ok / step bad), column 0/1 likewise; -1 for totals.
    static constexpr int kCellRole = Qt::UserRole + 40;

    explicit ContingencyModel(QObject* parent = nullptr);

    // rowLabels/columnLabels: two names each ("trace ok", "trace wrong").
    void setTable(const stats::TwoByTwo& counts, const QStringList& rowLabels,
                  const QStringList& columnLabels);
    void clear();
    const stats::TwoByTwo& counts() const { return counts_; }
    bool hasTable() const { return hasTable_; }
    // Inner cell (r, c) in 0..1 -> its count.
    long long cell(int r, int c) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    stats::TwoByTwo counts_;
    QStringList rowLabels_, columnLabels_;
    bool hasTable_ = false;
};

// "12.5%" (or an en dash when the total is zero).
QString percentText(long long part, long long total);

}  // namespace ts::ui
