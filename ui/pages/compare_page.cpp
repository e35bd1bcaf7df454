#include "ui/pages/compare_page.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

#include "ui/delegates/verdict_chip_delegate.h"
#include "ui/export/table_formats.h"
#include "ui/models/contingency_model.h"
#include "ui/models/flipped_items_model.h"
#include "ui/models/item_roles.h"
#include "ui/session/item_view_data.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"
#include "ui/widgets/prediction_view.h"

namespace ts::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ComparePage::ComparePage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    runA_ = new QComboBox(this);
    runB_ = new QComboBox(this);
    outcome_ = new QComboBox(this);
    const std::pair<store::PairedOutcome, QString> outcomes[] = {
        {store::PairedOutcome::Answer, tr("answer")}, {store::PairedOutcome::Trace, tr("trace")},
        {store::PairedOutcome::Class, tr("class step")}, {store::PairedOutcome::Retrieval, tr("retrieval step")}};
    for (const auto& [o, name] : outcomes) outcome_->addItem(name, int(o));
    top->addWidget(new QLabel(tr("Run A"), this));
    top->addWidget(runA_, 1);
    top->addWidget(new QLabel(tr("Run B"), this));
    top->addWidget(runB_, 1);
    top->addWidget(new QLabel(tr("Outcome"), this));
    top->addWidget(outcome_);
    layout->addLayout(top);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    table_ = new ContingencyModel(this);
    leftLayout->addWidget(makeHeatTable(table_, left));
    summary_ = makeWrappingLabel(left);
    leftLayout->addWidget(summary_);
    flippedModel_ = new FlippedItemsModel(this);
    flipped_ = new QTableView(left);
    flipped_->setModel(flippedModel_);
    setupListTable(flipped_);
    auto* chips = new VerdictChipDelegate(flipped_);
    flipped_->setItemDelegateForColumn(1, chips);
    flipped_->setItemDelegateForColumn(2, chips);
    flipped_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    addSection(leftLayout, tr("Items that flipped"), flipped_);
    auto* right = new QWidget(splitter);
    auto* grid = new QGridLayout(right);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 2; ++i) {
        Side& s = sides_[i];
        s.title = new QLabel(right);
        s.title->setWordWrap(true);
        s.chips = new VerdictChipRow(right);
        s.prediction = new PredictionView(right);
        grid->addWidget(s.title, 0, i);
        grid->addWidget(s.chips, 1, i);
        grid->addWidget(s.prediction, 2, i);
    }
    grid->setRowStretch(2, 1);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 800});
    layout->addWidget(splitter, 1);

    connect(runA_, &QComboBox::activated, this, [this] {
        fillRunBoxes();
        runComparison();
    });
    connect(runB_, &QComboBox::activated, this, &ComparePage::runComparison);
    connect(outcome_, &QComboBox::activated, this, &ComparePage::runComparison);
    connect(session_, &ProjectSession::catalogueChanged, this, &ComparePage::reload);
    connect(session_, &ProjectSession::ruleChanged, this, &ComparePage::runComparison);
    connect(flipped_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& i) {
                if (i.isValid()) showSideBySide(i.siblingAtColumn(0).data(ItemRole::ItemId).toString());
            });
    reload();
}

void ComparePage::reload() {
    const long long current = runA_->currentData().toLongLong();
    runA_->clear();
    for (const auto& r : session_->catalogue().runs)
        if (!session_->catalogue().siblingRuns(r.id).empty()) runA_->addItem(qs(r.name), QVariant::fromValue(r.id));
    const int i = runA_->findData(QVariant::fromValue(current));
    runA_->setCurrentIndex(i < 0 ? 0 : i);
    fillRunBoxes();
    runComparison();
}

void ComparePage::fillRunBoxes() {
    const long long a = runA_->currentData().toLongLong();
    const long long keep = runB_->currentData().toLongLong();
    runB_->clear();
    for (const auto* r : session_->catalogue().siblingRuns(a)) runB_->addItem(qs(r->name), QVariant::fromValue(r->id));
    const int i = runB_->findData(QVariant::fromValue(keep));
    runB_->setCurrentIndex(i < 0 ? 0 : i);
}

void ComparePage::compare(long long runA, long long runB) {
    runA_->setCurrentIndex(runA_->findData(QVariant::fromValue(runA)));
    fillRunBoxes();
    runB_->setCurrentIndex(runB_->findData(QVariant::fromValue(runB)));
    runComparison();
}

void ComparePage::runComparison() {
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    const auto* a = session_->catalogue().run(runA_->currentData().toLongLong());
    const auto* b = session_->catalogue().run(runB_->currentData().toLongLong());
    if (!session_->isOpen() || !a || !b) {
        channel_.invalidate();
        result_.reset();
        table_->clear();
        flippedModel_->setItems({}, {}, {});
        summary_->setText(tr("Paired comparison needs two runs on the same dataset."));
        return;
    }
    const std::string nameA = a->name, nameB = b->name;
    const store::VerdictView view = session_->verdictView();
    const auto mode = session_->retrievalMode();
    const auto outcome = static_cast<store::PairedOutcome>(outcome_->currentData().toInt());
    const QString what = outcome_->currentText();
    session_->analysis().run<store::PairedComparison>(
        this,
        [=](store::Project& p) { return store::comparePairedRuns(p, nameA, nameB, view, outcome, mode); },
        [this, nameA, nameB, what](store::PairedComparison r) {
            result_ = std::move(r);
            stats::TwoByTwo t{result_->bothOk, result_->onlyA, result_->onlyB, result_->bothBad};
            table_->setTable(t, {tr("A %1 ok").arg(what), tr("A %1 wrong").arg(what)},
                             {tr("B %1 ok").arg(what), tr("B %1 wrong").arg(what)});
            const auto& m = result_->mcnemar;
            summary_->setText(tr("<b>McNemar</b> on %1 paired items (%2 excluded): b = %3 (A right, B wrong), "
                                 "c = %4 (A wrong, B right); exact p %5; chi-square %6 (p %7).")
                                  .arg(result_->pairs)
                                  .arg(result_->excluded)
                                  .arg(m.b)
                                  .arg(m.c)
                                  .arg(formatP(m.exactP, m.exactLogP), formatNumber(m.chiSquare),
                                       formatP(m.chiSquareP, std::log(m.chiSquareP))));
            flippedModel_->setItems(result_->flipped, qs(nameA), qs(nameB));
            if (flippedModel_->rowCount() > 0) flipped_->setCurrentIndex(flippedModel_->index(0, 0));
            Q_EMIT compared();
        },
        [this](const QString& message) { summary_->setText(tr("Comparison failed: %1").arg(message)); },
        channel_.next());
}

void ComparePage::showSideBySide(const QString& itemId) {
    const auto* a = session_->catalogue().run(runA_->currentData().toLongLong());
    const auto* b = session_->catalogue().run(runB_->currentData().toLongLong());
    if (!a || !b) return;
    const long long idA = a->id, idB = b->id;
    const std::string nameA = a->name, nameB = b->name, id = itemId.toStdString();
    using Pair = std::pair<ItemViewData, ItemViewData>;
    session_->analysis().run<Pair>(
        this,
        [=](store::Project& p) { return Pair{loadItemView(p, idA, nameA, id), loadItemView(p, idB, nameB, id)}; },
        [this, itemId](Pair pair) {
            const store::VerdictView view = session_->verdictView();
            int i = 0;
            for (const ItemViewData* d : {&pair.first, &pair.second}) {
                const std::optional<ItemVerdict> v = d->shownVerdict(view);
                sides_[i].title->setText(QStringLiteral("<b>%1</b> · %2").arg(qs(d->runName).toHtmlEscaped(), itemId));
                sides_[i].chips->setVerdict(v ? &*v : nullptr);
                sides_[i].prediction->setPrediction(d->prediction, v ? &*v : nullptr);
                ++i;
            }
            Q_EMIT sideBySideShown(itemId);
        },
        {}, sideChannel_.next());
}

void ComparePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) runComparison();
}

}  // namespace ts::ui
