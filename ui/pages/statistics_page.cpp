#include "ui/pages/statistics_page.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

#include "ui/charts/charts.h"
#include "ui/export/table_formats.h"
#include "ui/models/contingency_model.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"
#include "ui/widgets/run_labels.h"

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
    // Wraps rather than widen the window past the screen (run names are long).
    header_->setWordWrap(true);
    header_->setMinimumWidth(200);
    top->addWidget(header_, 1);
    mode_ = new QComboBox(this);
    mode_->addItem(tr("retrieval: all gold"), int(RetrievalMode::All));
    mode_->addItem(tr("retrieval: any gold"), int(RetrievalMode::Any));
    mode_->setToolTip(tr("How a partial retrieval counts in the tables: ok only when every gold unit is cited (all), or when any is (any)"));
    top->addWidget(mode_);
    missing_ = new QComboBox(this);
    missing_->addItem(tr("no trace: wrong"), int(MissingTrace::Wrong));
    missing_->addItem(tr("no trace: left out"), int(MissingTrace::Exclude));
    missing_->setToolTip(tr("Items without a trace: a wrong step in the step tables, or left out of them (and "
                            "still counted in the answer accuracy, as the paper's scripts did)"));
    // Short texts that fit whole; the tooltips say the rest.
    for (QComboBox* box : {mode_, missing_}) box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(missing_);
    auto* pinTables = new QToolButton(this);
    pinTables->setText(tr("Pin tables"));
    pinTables->setToolTip(tr("Pin these tables (this run, this rule) to the findings"));
    connect(pinTables, &QToolButton::clicked, this, &StatisticsPage::pinTablesRequested);
    top->addWidget(pinTables);
    auto* pinChart = new QToolButton(this);
    pinChart->setText(tr("Pin chart"));
    pinChart->setPopupMode(QToolButton::InstantPopup);
    auto* chartMenu = new QMenu(pinChart);
    chartMenu->addAction(tr("P(answer ok | trace) over the runs"), this,
                         [this] { Q_EMIT pinChartRequested(QStringLiteral("conditional")); });
    chartMenu->addAction(tr("Answer accuracy per label"), this,
                         [this] { Q_EMIT pinChartRequested(QStringLiteral("labels")); });
    pinChart->setMenu(chartMenu);
    top->addWidget(pinChart);
    layout->addLayout(top);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->hide();
    layout->addWidget(note_);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("statisticsSplitter"));
    // The tables scroll rather than push the window past the screen.
    auto* tablesScroll = new QScrollArea(splitter_);
    tablesScroll->setWidgetResizable(true);
    tablesScroll->setFrameShape(QFrame::NoFrame);
    tablesBox_ = new QWidget(tablesScroll);
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
        // A click, or Enter on the current cell: the keyboard reaches the items too.
        // (Both may fire for one gesture; the filter stack ignores a repeat.)
        auto open = [this, step](const QModelIndex& index) {
            const int cell = index.data(ContingencyModel::kCellRole).toInt();
            if (cell < 0) return;
            Q_EMIT cellClicked(store::TableCell{step, cell / 2 == 0, cell % 2 == 0});
        };
        connect(w.view, &QTableView::clicked, this, open);
        connect(w.view, &QTableView::activated, this, open);
    }
    grid->setRowStretch(1, 1);
    agreementBox_ = new QWidget(tablesBox_);
    auto* agreement = new QVBoxLayout(agreementBox_);
    agreement->setContentsMargins(0, 0, 0, 0);
    auto* agreementTop = new QHBoxLayout;
    agreementTop->addWidget(new QLabel(tr("<b>rule × human</b>"), agreementBox_));
    agreementStep_ = new QComboBox(agreementBox_);
    for (auto t : {store::AnnotationTarget::Trace, store::AnnotationTarget::Class, store::AnnotationTarget::Retrieval,
                   store::AnnotationTarget::Answer})
        agreementStep_->addItem(QString::fromUtf8(store::toString(t).data()), int(t));
    agreementTop->addWidget(agreementStep_);
    agreementTop->addStretch();
    agreement->addLayout(agreementTop);
    agreementModel_ = new ContingencyModel(this);
    agreementView_ = makeHeatTable(agreementModel_, agreementBox_);
    agreementView_->setObjectName(QStringLiteral("heat_rule_vs_human"));
    agreement->addWidget(agreementView_, 1);
    agreementText_ = makeWrappingLabel(agreementBox_);
    agreement->addWidget(agreementText_);
    grid->addWidget(agreementBox_, 0, 3, 3, 1);
    agreementBox_->hide();
    connect(agreementStep_, &QComboBox::activated, this, [this] {
        if (data_) displayAgreement(*data_);
    });
    auto openDisagreements = [this](const QModelIndex& index) {
        const int cell = index.data(ContingencyModel::kCellRole).toInt();
        if (!data_ || (cell != 1 && cell != 2)) return;
        const auto step = static_cast<store::AnnotationTarget>(agreementStep_->currentData().toInt());
        std::vector<std::string> ids;
        for (const auto& a : data_->agreement) {
            if (a.step != step) continue;
            const bool ruleOk = cell == 1;
            for (const auto& d : a.disagreeing) {
                const bool dRuleOk = step == store::AnnotationTarget::Answer ? answerCountsAsCorrect(d.rule)
                                                                             : countsAsCorrect(d.rule, session_->retrievalMode());
                if (dRuleOk == ruleOk) ids.push_back(d.itemId);
            }
        }
        Q_EMIT itemsRequested(ids, tr("%1: rule %2, human %3")
                                       .arg(agreementStep_->currentText(), cell == 1 ? tr("ok") : tr("wrong"),
                                            cell == 1 ? tr("wrong") : tr("ok")));
    };
    connect(agreementView_, &QTableView::clicked, this, openDisagreements);
    connect(agreementView_, &QTableView::activated, this, openDisagreements);
    tablesScroll->setWidget(tablesBox_);
    auto* charts = new QWidget(splitter_);
    auto* chartLayout = new QHBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    conditional_ = new ConditionalChart(charts);
    labelChart_ = new LabelAccuracyChart(charts);
    auto* conditionalBox = new QWidget(charts);
    auto* conditionalLayout = new QVBoxLayout(conditionalBox);
    conditionalLayout->setContentsMargins(0, 0, 0, 0);
    auto* runsButton = new QToolButton(conditionalBox);
    runsButton->setText(tr("Runs…"));
    runsButton->setToolTip(tr("Which runs of this dataset the chart shows"));
    runsButton->setPopupMode(QToolButton::InstantPopup);
    runsMenu_ = new QMenu(runsButton);
    runsButton->setMenu(runsMenu_);
    connect(runsMenu_, &QMenu::aboutToShow, this, &StatisticsPage::fillRunMenu);
    conditional_->setParent(conditionalBox);
    conditionalLayout->addWidget(conditional_, 1);
    conditionalLayout->addWidget(runsButton, 0, Qt::AlignLeft);
    chartLayout->addWidget(conditionalBox, 3);
    conditionalBox_ = conditionalBox;
    chartLayout->addWidget(labelChart_, 2);
    // A run without traces (vanilla) has only an answer: an answer-only
    // summary replaces the (degenerate) step tables and the conditional chart.
    topStack_ = new QStackedWidget(splitter_);
    topStack_->addWidget(tablesScroll);
    auto* answerOnly = new QWidget(topStack_);
    auto* answerLayout = new QVBoxLayout(answerOnly);
    answerSummary_ = makeWrappingLabel(answerOnly);
    answerSummary_->setObjectName(QStringLiteral("answerOnlySummary"));
    answerLayout->addWidget(answerSummary_);
    runAccuracy_ = new LabelAccuracyChart(answerOnly);
    answerLayout->addWidget(runAccuracy_, 1);
    topStack_->addWidget(answerOnly);
    splitter_->addWidget(topStack_);
    splitter_->addWidget(charts);
    splitter_->setChildrenCollapsible(false);
    layout->addWidget(splitter_, 1);
    resetLayout();

    connect(mode_, &QComboBox::activated, this, [this] {
        session_->setRetrievalMode(static_cast<RetrievalMode>(mode_->currentData().toInt()));
    });
    connect(missing_, &QComboBox::activated, this, [this] {
        session_->setMissingTrace(static_cast<MissingTrace>(missing_->currentData().toInt()));
    });
    connect(session_, &ProjectSession::pooledRunsChanged, this, &StatisticsPage::reload);
    connect(session_, &ProjectSession::annotationsChanged, this, [this] {
        // A person's judgment moves the human rule's tables; the others stay.
        if (session_->rule() == store::VerdictRule::Human) {
            loadedKey_.clear();
            reload();
        }
    });
    connect(session_, &ProjectSession::selectionChanged, this, &StatisticsPage::reload);
    connect(session_, &ProjectSession::ruleChanged, this, &StatisticsPage::reload);
    connect(session_, &ProjectSession::catalogueChanged, this, &StatisticsPage::reload);
    reload();
}

void StatisticsPage::resetLayout() {
    splitter_->setSizes({560, 300});
}

QTableView* StatisticsPage::tableView(store::TraceStep step) const { return steps_[int(step)].view; }
ContingencyModel* StatisticsPage::tableModel(store::TraceStep step) const { return steps_[int(step)].model; }
QWidget* StatisticsPage::conditionalChart() const { return conditional_; }
QWidget* StatisticsPage::labelChart() const { return labelChart_; }

QString StatisticsPage::reloadKey() const {
    const store::RunSummary* run = session_->currentRun();
    QString key = QStringLiteral("%1/%2/%3/%4/%5/%6/%7/%8")
                      .arg(run->id).arg(run->strictVerdicts).arg(run->legacyVerdicts)
                      .arg(QString::fromStdString(std::string(store::toString(session_->rule())) + ":" +
                                                  session_->verdictView().annotator))
                      .arg(int(session_->retrievalMode())).arg(int(session_->missingTrace()))
                      .arg(session_->catalogue().runs.size()).arg(session_->pooledRuns().size());
    for (long long id : session_->pooledRuns()) key += QStringLiteral(",%1").arg(id);
    return key;
}

StatisticsRequest StatisticsPage::request() const {
    StatisticsRequest r;
    r.runId = session_->currentRun()->id;
    // The chart compares runs of one dataset (the current run's).
    const long long dataset = session_->currentRun()->datasetId;
    for (const auto& run : session_->catalogue().runs)
        if (run.datasetId == dataset) r.allRuns.emplace_back(run.id, run.name);
    r.view = session_->verdictView();
    r.mode = session_->retrievalMode();
    r.missingTrace = session_->missingTrace();
    for (long long id : session_->pooledRuns())
        if (const auto* run = session_->catalogue().run(id)) r.pooledRuns.push_back(run->name);
    return r;
}

void StatisticsPage::reload() {
    mode_->setCurrentIndex(mode_->findData(int(session_->retrievalMode())));
    missing_->setCurrentIndex(missing_->findData(int(session_->missingTrace())));
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
        agreementBox_->hide();
        note_->hide();
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
    const QString key = reloadKey();
    if (key == loadedKey_ && data_) return;
    loadedKey_ = key;
    const StatisticsRequest request = this->request();
    header_->setText(tr("%1 · %2 rule · loading…").arg(qs(run->name), QString::fromUtf8(store::toString(session_->rule()).data())));
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
    QString title = d.pooled ? tr("pooled over %1 runs").arg(d.pooled->runNames.size()) : (run ? qs(run->name) : QString());
    QString rule = QString::fromUtf8(store::toString(d.tables.view.rule).data());
    if (d.tables.view.rule == store::VerdictRule::Human)
        rule += d.tables.view.annotator.empty() ? tr(" (annotators' majority)")
                                                : tr(" (%1's overrides)").arg(qs(d.tables.view.annotator));
    QString text = tr("%1 · %2 rule · %3 items with a verdict · answer ok %4 (%5)")
                       .arg(title, rule)
                       .arg(d.tables.items)
                       .arg(d.tables.answerOk)
                       .arg(percentText(d.tables.answerOk, d.tables.items));
    if (d.tables.missingTrace == MissingTrace::Exclude)
        text += tr(" · %1 without a trace left out").arg(d.tables.missingTraceExcluded);
    header_->setText(text);
    QStringList notes;
    if (d.pooled) {
        QStringList names;
        for (const auto& n : d.pooled->runNames) names << qs(n);
        notes << tr("Pooled: %1 (the runs selected in the tree).").arg(names.join(QStringLiteral(", ")));
        for (int i = 0; i < 3; ++i) {
            const auto& m = d.pooled->cmh[static_cast<std::size_t>(i)];
            notes << tr("%1: Cochran-Mantel-Haenszel χ² %2 (p %3, %4 strata), common odds ratio %5 [%6, %7]")
                         .arg(stepLabel(kSteps[i]), formatNumber(m.chiSquare, 2), formatP(m.chiSquareP, std::nan("")))
                         .arg(m.strata)
                         .arg(formatNumber(m.commonOddsRatio, 2), formatNumber(m.oddsRatioLow, 2),
                              formatNumber(m.oddsRatioHigh, 2));
        }
    }
    note_->setText(notes.join(QStringLiteral("<br/>")));
    note_->setVisible(!notes.isEmpty());
    for (int i = 0; i < 3; ++i) {
        const store::StepTable& t = d.tables.table(kSteps[i]);
        const QString name = stepLabel(kSteps[i]);
        steps_[i].model->setTable(t.statistics.counts, {name + tr(" ok"), name + tr(" wrong")},
                                  {tr("answer ok"), tr("answer wrong")});
        steps_[i].stats->setText(statisticsHtml(t, name));
    }
    displayAgreement(d);
    const bool answerOnly = d.tables.hasNoTraces() && !d.pooled;
    topStack_->setCurrentIndex(answerOnly ? 1 : 0);
    conditionalBox_->setVisible(!answerOnly);
    if (answerOnly) showAnswerOnly(d);
    showConditional();
}

bool StatisticsPage::showsAnswerOnly() const {
    return topStack_->currentIndex() == 1;
}

void StatisticsPage::showAnswerOnly(const StatisticsData& d) {
    const auto accuracy = stats::wilsonProportion(d.tables.answerOk, d.tables.items);
    answerSummary_->setText(
        tr("<p><b>No traces in this run</b>: its outputs answer without a &lt;think&gt; block (the vanilla "
           "condition), so there is no class or retrieval step to judge and no step × answer table.</p>"
           "<p style='font-size:large'>Answer accuracy <b>%1%</b> [%2, %3] (%4 of %5 items, Wilson 95%)</p>"
           "<p>Accuracy per label is charted below; the runs of this dataset side by side here.</p>")
            .arg(100.0 * accuracy.estimate, 0, 'f', 1)
            .arg(100.0 * accuracy.low, 0, 'f', 1)
            .arg(100.0 * accuracy.high, 0, 'f', 1)
            .arg(d.tables.answerOk)
            .arg(d.tables.items));
    std::vector<LabelBar> bars;
    QString dataset;
    for (const RunConditional& r : d.runs) {
        const store::RunSummary* run = session_->catalogue().run(r.runId);
        if (!run) continue;
        dataset = qs(run->dataset);
        bars.push_back({distinctRunLabel(*run, session_->catalogue().runs), r.answerAccuracy.estimate, r.answerAccuracy.total});
    }
    runAccuracy_->setBarsTitled(bars, tr("Answer accuracy per run — %1").arg(dataset));
}

void StatisticsPage::showConditional() {
    if (!data_) return;
    std::vector<ConditionalPoint> points;
    QString dataset;
    for (const RunConditional& r : data_->runs) {
        const store::RunSummary* run = session_->catalogue().run(r.runId);
        if (!run || hiddenRuns_.count(r.runId)) continue;
        dataset = qs(run->dataset);
        points.push_back({distinctRunLabel(*run, session_->catalogue().runs), r.okGivenStepOk, r.okGivenStepBad, qs(r.runName)});
    }
    conditional_->setPoints(points, stepLabel(store::TraceStep::Trace), dataset);
}

void StatisticsPage::fillRunMenu() {
    runsMenu_->clear();
    if (!data_) return;
    for (const RunConditional& r : data_->runs) {
        const store::RunSummary* run = session_->catalogue().run(r.runId);
        if (!run) continue;
        QAction* a = runsMenu_->addAction(qs(run->name));
        a->setCheckable(true);
        a->setChecked(!hiddenRuns_.count(r.runId));
        connect(a, &QAction::toggled, this, [this, id = r.runId](bool shown) {
            if (shown) hiddenRuns_.erase(id);
            else hiddenRuns_.insert(id);
            showConditional();
        });
    }
}

void StatisticsPage::displayAgreement(const StatisticsData& d) {
    agreementBox_->setVisible(d.tables.view.rule == store::VerdictRule::Human && !d.pooled);
    const auto step = static_cast<store::AnnotationTarget>(agreementStep_->currentData().toInt());
    for (const store::RuleHumanAgreement& a : d.agreement) {
        if (a.step != step) continue;
        agreementModel_->setTable({a.bothOk, a.ruleOkHumanBad, a.ruleBadHumanOk, a.bothBad},
                                  {tr("rule ok"), tr("rule wrong")}, {tr("human ok"), tr("human wrong")});
        QStringList lines;
        lines << tr("%1 items judged by a person").arg(a.judged);
        if (a.judged > 0)
            lines << tr("agree %1 (%2)").arg(a.agree()).arg(percentText(a.agree(), a.judged))
                  << tr("Cohen's κ %1").arg(formatNumber(a.kappa.kappa))
                  << tr("click a disagreement cell to list its items");
        agreementText_->setText(lines.join(QStringLiteral("<br/>")));
    }
}

}  // namespace ts::ui
