#pragma once
// The centre table: the items of one query (a run's filtered items, or a bare
// dataset's items with their gold class and retrieval). A million-row run is
// never loaded whole: the model knows the row count from one COUNT and holds
// pages of rows; a row the view paints before its page arrived shows as
// loading and asks for that page (pageWanted). Small results come complete in
// one reset, and only complete results sort (in memory, stable).
#include <QAbstractTableModel>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/store/item_query.h"

namespace ts::ui {

// One result set as the worker hands it over.
struct ItemListResult {
    long long total = 0;
    std::vector<store::ItemRow> rows;  // rows [0, rows.size()) of the result
    bool complete = false;             // rows holds every row
    bool datasetMode = false;          // items of a dataset, no run (gold only)
    bool countPending = false;         // more rows follow; the total comes in stage 2
    std::vector<int> goldUnits;        // datasetMode: gold units per row
    // datasetMode: the dataset itself, so the item view needs no query.
    std::shared_ptr<const Dataset> dataset;
    std::vector<std::string> goldLabels;  // every label of the dataset, for the label filter
};

class ItemTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Label, ClassStep, RetrievalStep, Trace, Answer, Parse, Annotation, Question,
                  ColumnCount };
    static constexpr int kPageSize = 256;

    explicit ItemTableModel(QObject* parent = nullptr);

    // Replaces everything inside one model reset.
    void setResult(ItemListResult result);
    // Rows [page * kPageSize, ...) of the current result.
    void addPage(int page, std::vector<store::ItemRow> rows);
    // Stage 2: the row count arrived (rows are appended, nothing is reset).
    void setTotal(long long total);
    // Stage 3: every row, in the order already shown (no reset: the current
    // row and the scroll position stay); the result becomes sortable.
    void setAllRows(std::vector<store::ItemRow> rows);
    bool countPending() const { return countPending_; }
    void clear();

    bool isComplete() const { return complete_; }
    bool isDatasetMode() const { return datasetMode_; }
    // Every gold label of the listed dataset (not only of the loaded rows).
    const std::vector<std::string>& goldLabels() const { return goldLabels_; }
    long long totalRows() const { return total_; }
    // The row, or nullptr while its page is not loaded.
    const store::ItemRow* rowAt(int row) const;
    // The row showing itemId among the loaded rows, or -1.
    int rowOfItem(const std::string& itemId) const;
    // Replaces the loaded row of the same item (a re-read after an
    // annotation changed its verdicts under the human rule).
    void updateRow(const store::ItemRow& row);
    // Marks a loaded row annotated (after a save) without a new query.
    void setAnnotated(const std::string& itemId, bool annotated);
    // datasetMode: the item behind a row id, or nullptr.
    const Item* datasetItem(const std::string& itemId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // A painted row's page is missing; emitted once per page until it arrives.
    void pageWanted(int page) const;

private:
    QVariant displayText(const store::ItemRow& r, int row, int column) const;
    // A free-form trace's step nobody has judged yet ("needs a human").
    bool waitsForHuman(const store::ItemRow& r, int column) const;
    std::optional<StepVerdict> shownVerdict(const store::ItemRow& r, int column,
                                            bool* human) const;

    long long total_ = 0;
    bool complete_ = false;
    bool datasetMode_ = false;
    bool countPending_ = false;
    // Complete results: rows_ in display order. Paged results: pages_.
    std::vector<store::ItemRow> rows_;
    std::vector<int> goldUnits_;
    std::vector<std::string> goldLabels_;
    std::unordered_map<int, std::vector<store::ItemRow>> pages_;
    mutable std::set<int> requested_;
    std::shared_ptr<const Dataset> dataset_;
};

}  // namespace ts::ui
