#include "ui/pages/statistics_page.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/charts/charts.h"
#include "ui/export/table_formats.h"
#include "ui/models/contingency_model.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

namespace {

constexpr store::TraceStep kSteps[] = {store::TraceStep::Class, store::TraceStep::Retrieval,
                                       store::TraceStep::Trace};

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

StatisticsPage::StatisticsPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    header_ = new QLabel(this);
    QFont hf = header_->font();
    hf.setBold(true);
    header_->setFont(hf);
    top->addWidget(header_, 1);
    mode_ = new QComboBox(this);
    mode_->addItem(tr("retrieval: all gold units"), int(RetrievalMode::All));
    mode_->addItem(tr("retrieval: any gold unit"), int(RetrievalMode::Any));
    mode_->setToolTip(tr("How a partial retrieval counts in the tables"));
    top->addWidget(mode_);
    layout->addLayout(top);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->hide();
    layout->addWidget(note_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    tablesBox_ = new QWidget(splitter);
    tablesBox_->setObjectName(QStringLiteral("statisticsTables"));
    auto* grid = new QGridLayout(tablesBox_);
    for (int i = 0; i < 3; ++i) {
        StepWidgets& w = steps_[i];
        w.model = new ContingencyModel(this);
        w.view = makeHeatTable(w.model, tablesBox_);
        w.view->setObjectName(QStringLiteral("heat_%1").arg(stepLabel(kSteps[i])));
        w.stats = makeWrappingLabel(tablesBox_);
        auto* caption = new QLabel(QStringLiteral("<b>%1 × answer</b>").arg(stepLabel(kSteps[i])), tablesBox_);
        grid->addWidget(caption, 0, i);
        grid->addWidget(w.view, 1, i);
        grid->addWidget(w.stats, 2, i);
        const store::TraceStep step = kSteps[i];
        connect(w.view, &QTableView::clicked, this, [this, step](const QModelIndex& index) {
            const int cell = index.data(ContingencyModel::kCellRole).toInt();
            if (cell < 0) return;
            Q_EMIT cellClicked(store::TableCell{step, cell / 2 == 0, cell % 2 == 0});
        });
    }
    grid->setRowStretch(1, 1);
    auto* charts = new QWidget(splitter);
    auto* chartLayout = new QHBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    conditional_ = new ConditionalChart(charts);
    labelChart_ = new LabelAccuracyChart(charts);
    chartLayout->addWidget(conditional_, 3);
    chartLayout->addWidget(labelChart_, 2);
    splitter->addWidget(tablesBox_);
    splitter->addWidget(charts);
    layout->addWidget(splitter, 1);

    connect(mode_, &QComboBox::activated, this, [this] {
        session_->setRetrievalMode(static_cast<RetrievalMode>(mode_->currentData().toInt()));
    });
    connect(session_, &ProjectSession::selectionChanged, this, &StatisticsPage::reload);
    connect(session_, &ProjectSession::ruleChanged, this, &StatisticsPage::reload);
    connect(session_, &ProjectSession::catalogueChanged, this, &StatisticsPage::reload);
    reload();
}

QTableView* StatisticsPage::tableView(store::TraceStep step) const { return steps_[int(step)].view; }
ContingencyModel* StatisticsPage::tableModel(store::TraceStep step) const { return steps_[int(step)].model; }
QWidget* StatisticsPage::conditionalChart() const { return conditional_; }
QWidget* StatisticsPage::labelChart() const { return labelChart_; }

void StatisticsPage::reload() {
    mode_->setCurrentIndex(mode_->findData(int(session_->retrievalMode())));
    const store::RunSummary* run = session_->currentRun();
    if (!session_->isOpen() || !run) {
        channel_.invalidate();
        labelChannel_.invalidate();
        loadedKey_.clear();
        data_.reset();
        labelAccuracy_.clear();
        for (auto& w : steps_) {
            w.model->clear();
            w.stats->clear();
        }
        header_->setText(session_->currentDataset()
                             ? tr("Dataset %1 has no runs yet: import predictions (drop files on the "
                                  "window) or train a model to see tables.")
                                   .arg(qs(session_->currentDataset()->name))
                             : tr("No run selected"));
        conditional_->setPoints({}, stepLabel(store::TraceStep::Trace));
        labelChart_->setBars({}, QString());
        return;
    }
    // The catalogue refreshes after every annotation batch; the tables only
    // change when the run's verdicts, the rule, the mode or the runs do.
    QString key = QStringLiteral("%1/%2/%3/%4/%5/%6")
                      .arg(run->id).arg(run->strictVerdicts).arg(run->legacyVerdicts)
                      .arg(int(session_->rule())).arg(int(session_->retrievalMode()))
                      .arg(session_->catalogue().runs.size());
    if (key == loadedKey_ && data_) return;
    loadedKey_ = key;
    StatisticsRequest request;
    request.runId = run->id;
    for (const auto& r : session_->catalogue().runs) request.allRuns.emplace_back(r.id, r.name);
    request.rule = scoringRuleOf(session_->rule());
    request.mode = session_->retrievalMode();
    const bool human = session_->rule() == ViewRule::Human;
    note_->setVisible(human);
    note_->setText(tr("The human rule's tables need a core query over annotation overrides "
                      "(not available yet): the tables below are the strict rule's. The item "
                      "table and the item view show the overrides."));
    header_->setText(tr("%1 · %2 rule · loading…").arg(qs(run->name), viewRuleName(session_->rule())));
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    session_->analysis().run<StatisticsData>(
        this, [request](store::Project& p) { return loadStatistics(p, request); },
        [this, timer](StatisticsData d) {
            data_ = std::move(d);
            display(*data_);
            Q_EMIT loaded(timer->elapsed());
        },
        [this](const QString& message) { header_->setText(tr("Statistics failed: %1").arg(message)); },
        channel_.next());
    session_->analysis().run<std::vector<LabelAccuracy>>(
        this, [request](store::Project& p) { return loadLabelAccuracy(p, request); },
        [this](std::vector<LabelAccuracy> labels) { showLabels(std::move(labels)); }, {}, labelChannel_.next());
}

void StatisticsPage::showLabels(std::vector<LabelAccuracy> labels) {
    labelAccuracy_ = std::move(labels);
    std::vector<LabelBar> bars;
    for (const LabelAccuracy& l : labelAccuracy_)
        bars.push_back({qs(l.label), l.items ? double(l.answerOk) / double(l.items) : 0.0, l.items});
    const auto* run = session_->currentRun();
    labelChart_->setBars(bars, run ? qs(run->name) : QString());
    Q_EMIT labelAccuracyLoaded();
}

void StatisticsPage::display(const StatisticsData& d) {
    const store::RunSummary* run = session_->catalogue().run(d.tables.runId);
    header_->setText(tr("%1 · %2 rule · %3 items with a verdict · answer ok %4 (%5)")
                         .arg(run ? qs(run->name) : QString(), QString::fromUtf8(toString(d.tables.rule).data()))
                         .arg(d.tables.items)
                         .arg(d.tables.answerOk)
                         .arg(percentText(d.tables.answerOk, d.tables.items)));
    for (int i = 0; i < 3; ++i) {
        const store::StepTable& t = d.tables.table(kSteps[i]);
        const QString name = stepLabel(kSteps[i]);
        steps_[i].model->setTable(t.statistics.counts, {name + tr(" ok"), name + tr(" wrong")},
                                  {tr("answer ok"), tr("answer wrong")});
        steps_[i].stats->setText(statisticsHtml(t, name));
    }
    std::vector<ConditionalPoint> points;
    for (const RunConditional& r : d.runs)
        points.push_back({qs(r.runName), r.okGivenStepOk, r.okGivenStepBad});
    conditional_->setPoints(points, stepLabel(store::TraceStep::Trace));
}

}  // namespace ts::ui
