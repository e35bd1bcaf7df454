#include "ui/widgets/page_helpers.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>

#include "ui/delegates/heat_cell_delegate.h"

namespace ts::ui {

QLabel* makeWrappingLabel(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return l;
}

void addCaption(QVBoxLayout* layout, const QString& caption, QWidget* parent) {
    auto* l = new QLabel(caption, parent);
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.95);
    l->setFont(f);
    l->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(l);
}

QTableView* makeHeatTable(QAbstractItemModel* model, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setItemDelegate(new HeatCellDelegate(view));
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setShowGrid(false);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Columns never narrower than "answer wrong" (the headers' longest text).
    const QFontMetrics fm(view->horizontalHeader()->font());
    view->horizontalHeader()->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("answer wrong")) + 16);
    view->verticalHeader()->setMinimumSectionSize(fm.height() * 3);
    view->setMinimumSize(360, 170);
    return view;
}

void setupListTable(QTableView* view) {
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setShowGrid(false);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setHighlightSections(false);
}

}  // namespace ts::ui
