#pragma once
// Two runs on the same items: the 2x2 of an outcome (answer by default) for
// run A vs run B with McNemar's test, the items that flipped, and the chosen
// flipped item side by side (both predictions, both verdicts).
#include <QWidget>

#include <optional>

#include "core/store/paired_runs.h"
#include "ui/session/request_channel.h"

class QComboBox;
class QLabel;
class QTableView;

namespace ts::ui {

class ContingencyModel;
class FlippedItemsModel;
class PredictionView;
class ProjectSession;
class VerdictChipRow;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(ProjectSession* session, QWidget* parent = nullptr);

    void reload();
    // Picks the runs (by id) and compares them.
    void compare(long long runA, long long runB);
    const std::optional<store::PairedComparison>& result() const { return result_; }
    QTableView* flippedView() const { return flipped_; }

protected:
    // Queries run only while the page is visible; a change meanwhile marks it stale.
    void showEvent(class QShowEvent* event) override;

Q_SIGNALS:
    void compared();
    void sideBySideShown(const QString& itemId);

private:
    void fillRunBoxes();
    void runComparison();
    void showSideBySide(const QString& itemId);

    ProjectSession* session_;
    bool stale_ = true;
    RequestChannel channel_, sideChannel_;
    std::optional<store::PairedComparison> result_;
    QComboBox* runA_;
    QComboBox* runB_;
    QComboBox* outcome_;
    QLabel* summary_;
    ContingencyModel* table_;
    FlippedItemsModel* flippedModel_;
    QTableView* flipped_;
    struct Side {
        QLabel* title = nullptr;
        VerdictChipRow* chips = nullptr;
        PredictionView* prediction = nullptr;
    } sides_[2];
};

}  // namespace ts::ui
