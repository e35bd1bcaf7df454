#include "ui/pages/taxonomy_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/store/error_type_store.h"
#include "ui/delegates/heat_cell_delegate.h"
#include "ui/models/item_roles.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString percent(const stats::Proportion& p) {
    return p.total > 0 ? QStringLiteral("%1% (%2/%3)")
                             .arg(100.0 * p.estimate, 0, 'f', 1)
                             .arg(p.successes)
                             .arg(p.total)
                       : QStringLiteral("-");
}

QString number(double v, const char* format) {
    return std::isnan(v) ? QStringLiteral("n/a") : QString::asprintf(format, v);
}

TaxonomyPageData loadTaxonomy(store::Project& p, long long runId, const std::string& run,
                              const store::VerdictView& view) {
    TaxonomyPageData d;
    d.taxonomy = store::runTaxonomy(p, run, view);
    for (const auto& [item, types] :
         store::errorTypeNamesByItem(p.db(), runId, store::storedRule(view.rule)))
        for (const auto& t : types) d.itemsOfType[t].push_back(item);
    return d;
}

}  // namespace

TaxonomyPage::TaxonomyPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    auto* split = new QSplitter(Qt::Vertical, this);
    confusion_ = new QTableView(split);
    confusion_->setObjectName(QStringLiteral("confusionTable"));
    confusionModel_ = new QStandardItemModel(confusion_);
    confusion_->setModel(confusionModel_);
    confusion_->setItemDelegate(new HeatCellDelegate(confusion_));
    confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    types_ = new QTableView(split);
    types_->setObjectName(QStringLiteral("taxonomyTypes"));
    typesModel_ = new QStandardItemModel(types_);
    types_->setModel(typesModel_);
    types_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    types_->setSelectionBehavior(QAbstractItemView::SelectRows);
    types_->horizontalHeader()->setStretchLastSection(true);
    split->addWidget(confusion_);
    split->addWidget(types_);
    layout->addWidget(split, 1);
    connect(confusion_, &QTableView::clicked, this,
            [this](const QModelIndex& i) { confusionClicked(i.row(), i.column()); });
    connect(types_, &QTableView::clicked, this,
            [this](const QModelIndex& i) { typeClicked(i.row()); });
    connect(session_, &ProjectSession::selectionChanged, this, &TaxonomyPage::reload);
    connect(session_, &ProjectSession::ruleChanged, this, &TaxonomyPage::reload);
    connect(session_, &ProjectSession::annotationsChanged, this, [this] { reload(); });
}

void TaxonomyPage::reload() {
    const auto* run = session_->currentRun();
    if (!run) {
        channel_.invalidate();
        data_.reset();
        title_->setText(tr("Select a run to see where its traces and answers go wrong."));
        confusionModel_->clear();
        typesModel_->clear();
        return;
    }
    const long long runId = run->id;
    const std::string name = run->name;
    const store::VerdictView view = session_->verdictView();
    session_->analysis().run<TaxonomyPageData>(
        this, [=](store::Project& p) { return loadTaxonomy(p, runId, name, view); },
        [this](TaxonomyPageData d) { show(std::move(d)); },
        [this](const QString& message) { title_->setText(message); }, channel_.next());
}

void TaxonomyPage::show(TaxonomyPageData d) {
    data_ = std::move(d);
    const auto& t = data_->taxonomy;
    title_->setText(tr("<b>%1</b> under the %2 rule: %3 items, %4 answered right. Top: the "
                       "label each trace names (rows) against the gold label (columns); "
                       "bottom: each error type against the answer, ranked by the accuracy "
                       "it costs. Click a cell or a row to list its items.")
                        .arg(qs(t.run), qs(std::string(store::toString(t.view.rule))))
                        .arg(t.items)
                        .arg(t.answerOk));
    fillConfusion();
    fillTypes();
}

void TaxonomyPage::fillConfusion() {
    const auto& c = data_->taxonomy.confusion;
    confusionModel_->clear();
    confusionModel_->setColumnCount(static_cast<int>(c.goldLabels.size()));
    QStringList columns, rows;
    for (const auto& g : c.goldLabels) columns << tr("gold: %1").arg(qs(g));
    for (const auto& p : c.predicted) rows << qs(p);
    confusionModel_->setHorizontalHeaderLabels(columns);
    long long largest = 1;
    for (const auto& row : c.counts)
        for (long long n : row) largest = std::max(largest, n);
    for (std::size_t r = 0; r < c.counts.size(); ++r) {
        QList<QStandardItem*> cells;
        for (std::size_t k = 0; k < c.counts[r].size(); ++k) {
            auto* cell = new QStandardItem(QString::number(c.counts[r][k]));
            cell->setData(double(c.counts[r][k]) / double(largest), ItemRole::Heat);
            cell->setTextAlignment(Qt::AlignCenter);
            cells << cell;
        }
        confusionModel_->appendRow(cells);
    }
    confusionModel_->setVerticalHeaderLabels(rows);
}

void TaxonomyPage::fillTypes() {
    typesModel_->clear();
    typesModel_->setHorizontalHeaderLabels({tr("rank"), tr("error type"), tr("items"),
                                            tr("answer ok with it"), tr("answer ok without it"),
                                            tr("drop"), tr("Fisher p (Holm)")});
    typeOfRow_.clear();
    auto types = data_->taxonomy.types;
    // Ranked first (1, 2, ...), then the unranked in the taxonomy's order.
    std::stable_sort(types.begin(), types.end(), [](const auto& a, const auto& b) {
        return (a.rank ? a.rank : 1 << 20) < (b.rank ? b.rank : 1 << 20);
    });
    for (const auto& t : types) {
        if (t.present == 0) continue;
        const auto& s = t.statistics;
        QList<QStandardItem*> row;
        row << new QStandardItem(t.rank ? QString::number(t.rank) : QStringLiteral("-"))
            << new QStandardItem(qs(std::string(toString(t.type))))
            << new QStandardItem(QStringLiteral("%1 of %2").arg(t.present).arg(t.population))
            << new QStandardItem(percent(s.answerOkGivenStepBad))
            << new QStandardItem(percent(s.answerOkGivenStepOk))
            << new QStandardItem(number(100.0 * t.accuracyDrop, "%.1f points"))
            << new QStandardItem(number(t.fisherPHolm, "%.3g"));
        typesModel_->appendRow(row);
        typeOfRow_.push_back(std::string(toString(t.type)));
    }
    types_->resizeColumnsToContents();
}

void TaxonomyPage::confusionClicked(int row, int column) {
    if (!data_) return;
    const auto& c = data_->taxonomy.confusion;
    if (row < 0 || row >= static_cast<int>(c.itemIds.size()) || column < 0 ||
        column >= static_cast<int>(c.itemIds[static_cast<std::size_t>(row)].size()))
        return;
    const auto& ids = c.itemIds[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
    if (ids.empty()) return;
    Q_EMIT itemsRequested(ids, tr("the trace names %1, the gold label is %2")
                                   .arg(qs(c.predicted[static_cast<std::size_t>(row)]),
                                        qs(c.goldLabels[static_cast<std::size_t>(column)])));
}

void TaxonomyPage::typeClicked(int row) {
    if (!data_ || row < 0 || row >= static_cast<int>(typeOfRow_.size())) return;
    const auto it = data_->itemsOfType.find(typeOfRow_[static_cast<std::size_t>(row)]);
    if (it == data_->itemsOfType.end()) return;
    Q_EMIT itemsRequested(it->second, tr("error type %1").arg(qs(it->first)));
}

}  // namespace ts::ui
