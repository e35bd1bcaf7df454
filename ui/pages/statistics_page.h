#pragma once
// Statistics of the current run under the current rule: the three step x
// answer tables as heat tables with their statistics beside them, and the
// charts (conditional answer accuracy per run, accuracy per label). Clicking
// a table cell asks for exactly those items in the item table. Under the
// human rule a fourth table sets the strict rule against the people who
// judged a step (agreement, Cohen's kappa; a cell lists the items where they
// disagree). With two or more runs selected in the tree the tables are pooled
// over them, with the Cochran-Mantel-Haenszel test per step.
#include <QWidget>

#include <optional>
#include <set>

#include "core/store/item_query.h"
#include "ui/session/request_channel.h"
#include "ui/session/statistics_loader.h"

class QComboBox;
class QLabel;
class QTableView;

namespace ts::ui {

class ConditionalChart;
class ContingencyModel;
class LabelAccuracyChart;
class ProjectSession;

class StatisticsPage : public QWidget {
    Q_OBJECT
public:
    explicit StatisticsPage(ProjectSession* session, QWidget* parent = nullptr);

    void reload();
    // The tables / charts split as on first start.
    void resetLayout();
    const std::optional<StatisticsData>& data() const { return data_; }
    // What the accuracy-per-label chart shows (every gold label of the run).
    const std::vector<LabelAccuracy>& labelAccuracy() const { return labelAccuracy_; }
    QTableView* tableView(store::TraceStep step) const;
    ContingencyModel* tableModel(store::TraceStep step) const;
    // The widgets worth exporting as images.
    QWidget* tablesWidget() const { return tablesBox_; }
    QWidget* conditionalChart() const;
    QWidget* labelChart() const;

    // Whether the page shows the answer-only summary of a run without traces.
    bool showsAnswerOnly() const;
    // The rule-versus-human table (shown under the human rule).
    QTableView* agreementView() const { return agreementView_; }
    ContingencyModel* agreementModel() const { return agreementModel_; }

Q_SIGNALS:
    void cellClicked(const store::TableCell& cell);
    // The items where the rule and the people disagree on a step (a click in
    // the rule-versus-human table).
    void itemsRequested(const std::vector<std::string>& itemIds, const QString& description);
    void pinTablesRequested();
    void pinChartRequested(const QString& chart);  // "conditional" or "labels"
    void loaded(qint64 elapsedMs);
    void labelAccuracyLoaded();

private:
    void display(const StatisticsData& data);
    void displayAgreement(const StatisticsData& data);
    QString reloadKey() const;
    StatisticsRequest request() const;

    void showLabels(std::vector<LabelAccuracy> labels);
    // The cross-run chart: the runs of the current dataset the user left checked.
    void showConditional();
    void showAnswerOnly(const StatisticsData& data);
    void fillRunMenu();

    ProjectSession* session_;
    RequestChannel channel_;
    RequestChannel labelChannel_;
    std::optional<StatisticsData> data_;
    std::vector<LabelAccuracy> labelAccuracy_;
    QString loadedKey_;  // what data_ was loaded for (run, verdict counts, rule, mode, runs)
    QLabel* header_;
    QLabel* note_;
    QComboBox* mode_;
    QComboBox* missing_;
    QComboBox* agreementStep_;
    QWidget* agreementBox_;
    ContingencyModel* agreementModel_;
    QTableView* agreementView_;
    QLabel* agreementText_;
    QWidget* tablesBox_;
    class QSplitter* splitter_;
    struct StepWidgets {
        ContingencyModel* model = nullptr;
        QTableView* view = nullptr;
        QLabel* stats = nullptr;
    } steps_[3];
    ConditionalChart* conditional_;
    class QMenu* runsMenu_;
    class QStackedWidget* topStack_;
    QLabel* answerSummary_;
    LabelAccuracyChart* runAccuracy_;
    QWidget* conditionalBox_;
    std::set<long long> hiddenRuns_;
    LabelAccuracyChart* labelChart_;
};

}  // namespace ts::ui
