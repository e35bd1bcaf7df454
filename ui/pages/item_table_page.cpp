#include "ui/pages/item_table_page.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/delegates/verdict_chip_delegate.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/filter_bar.h"
#include "ui/session/filter_stack.h"
#include "ui/session/item_list_controller.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

ItemTablePage::ItemTablePage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    filters_ = new FilterStack(this);
    model_ = new ItemTableModel(this);
    controller_ = new ItemListController(session_, filters_, model_, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    bar_ = new FilterBar(filters_, this);
    layout->addWidget(bar_);
    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("itemTable"));
    view_->setModel(model_);
    setupListTable(view_);
    auto* chips = new VerdictChipDelegate(view_);
    for (int c : {ItemTableModel::ClassStep, ItemTableModel::RetrievalStep, ItemTableModel::Trace,
                  ItemTableModel::Answer})
        view_->setItemDelegateForColumn(c, chips);
    view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view_->setSortingEnabled(true);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Narrow columns: the list shares the screen with the item view. A chip
    // fits "no trace" and "partial"; longer texts elide, with a tooltip.
    QFont bold = view_->font();
    bold.setBold(true);
    const QFontMetrics chipFm(bold), fm(view_->fontMetrics());
    const int chipWidth = std::max(chipFm.horizontalAdvance(QStringLiteral("no trace")) + 30,
                                   fm.horizontalAdvance(QStringLiteral("retrieval")) + 24);
    view_->horizontalHeader()->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("note")) + 20);
    view_->setColumnWidth(ItemTableModel::Id, fm.horizontalAdvance(QStringLiteral("overlap/4747")) + 16);
    view_->setColumnWidth(ItemTableModel::Label, fm.horizontalAdvance(QStringLiteral("overlap")) + 24);
    for (int c = ItemTableModel::ClassStep; c <= ItemTableModel::Answer; ++c)
        view_->setColumnWidth(c, chipWidth);
    view_->setColumnWidth(ItemTableModel::Parse, fm.horizontalAdvance(QStringLiteral("no-answer")) + 16);
    view_->setColumnWidth(ItemTableModel::Annotation, fm.horizontalAdvance(QStringLiteral("annotated")) + 16);
    layout->addWidget(view_, 1);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                const QString id = current.siblingAtColumn(0).data(ItemRole::ItemId).toString();
                if (id.isEmpty()) return;
                currentItem_ = id;
                Q_EMIT currentItemChanged(id);
            });
    connect(controller_, &ItemListController::loaded, this, &ItemTablePage::onLoaded);
    connect(controller_, &ItemListController::counted, this, [this](long long total, qint64 ms) {
        bar_->setResultText(tr("%1 items · %2 ms").arg(QLocale().toString(total)).arg(ms));
        const auto* header = view_->horizontalHeader();
        if (model_->isComplete() && header->sortIndicatorSection() >= 0)
            model_->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    });
    connect(controller_, &ItemListController::failed, this,
            [this](const QString& message) { bar_->setResultText(tr("Query failed: %1").arg(message)); });
    connect(view_->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] {
        if (!model_->isComplete() && model_->totalRows() > 0)
            bar_->setResultText(tr("%1 items in stored order (sorting needs a list under %2 items: "
                                   "narrow the filter)")
                                    .arg(QLocale().toString(model_->totalRows()))
                                    .arg(QLocale().toString(50000)));
    });
}

void ItemTablePage::onLoaded(long long total, qint64 elapsedMs) {
    bar_->setDatasetMode(model_->isDatasetMode());
    bar_->setResultText(model_->countPending()
                            ? tr("%1+ items (counting…) · %2 ms").arg(QLocale().toString(total)).arg(elapsedMs)
                            : tr("%1 items · %2 ms").arg(QLocale().toString(total)).arg(elapsedMs));
    // Every label of the dataset, so a list filtered by one label still offers the others.
    QStringList labels;
    for (const std::string& l : model_->goldLabels()) labels << QString::fromStdString(l);
    bar_->setLabels(labels);
    const auto* header = view_->horizontalHeader();
    if (model_->isComplete() && header->sortIndicatorSection() >= 0)
        model_->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    Q_EMIT listLoaded(total, elapsedMs);
    if (model_->rowCount() == 0) return;
    // A reload (an annotation saved, a run of the same dataset chosen) keeps
    // the item being read when it is still listed; otherwise the first.
    if (!currentItem_.isEmpty() && selectItem(currentItem_)) return;
    view_->selectionModel()->setCurrentIndex(model_->index(0, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ItemTablePage::step(int delta) {
    const int rows = model_->rowCount();
    if (rows == 0) return;
    const int current = view_->currentIndex().isValid() ? view_->currentIndex().row() : -1;
    const int next = std::clamp(current + delta, 0, rows - 1);
    const int column = view_->currentIndex().isValid() ? view_->currentIndex().column() : 0;
    view_->setCurrentIndex(model_->index(next, column));
    view_->scrollTo(model_->index(next, column));
}

void ItemTablePage::filterToCell(const store::TableCell& cell) {
    // Exactly the items of the cell: the cell replaces any verdict filter.
    store::ItemFilter f;
    f.cell = cell;
    filters_->push(f);
}

void ItemTablePage::filterToItems(const std::vector<std::string>& itemIds) {
    store::ItemFilter f;
    f.itemKeys = itemIds;
    if (f.itemKeys.empty()) f.itemKeys = {std::string()};  // none: an empty list, not every item
    filters_->push(f);
}

QString ItemTablePage::currentItemId() const {
    const QModelIndex i = view_->currentIndex();
    return i.isValid() ? i.siblingAtColumn(0).data(ItemRole::ItemId).toString() : QString();
}

bool ItemTablePage::selectItem(const QString& itemId) {
    const int row = model_->rowOfItem(itemId.toStdString());
    if (row < 0) return false;
    view_->selectionModel()->setCurrentIndex(model_->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(model_->index(row, 0));
    return true;
}

}  // namespace ts::ui
