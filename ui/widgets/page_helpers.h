#pragma once
// Small layout helpers the pages share, so each page only says what it shows.
#include <QString>

class QLabel;
class QVBoxLayout;
class QWidget;
class QTableView;
class QAbstractItemModel;

namespace ts::ui {

// A selectable, word-wrapping rich-text label.
QLabel* makeWrappingLabel(QWidget* parent);

// Adds a small bold caption and then widget to layout; returns widget.
template <typename W>
W* addSection(QVBoxLayout* layout, const QString& caption, W* widget);
void addCaption(QVBoxLayout* layout, const QString& caption, QWidget* parent);

// A table view set up for a 2x2 heat table: fixed, stretched cells, the heat
// delegate, no scroll bars.
QTableView* makeHeatTable(QAbstractItemModel* model, QWidget* parent);

// A compact list/table setup (alternating rows, whole-row selection, no grid).
void setupListTable(QTableView* view);

}  // namespace ts::ui

#include <QVBoxLayout>

template <typename W>
W* ts::ui::addSection(QVBoxLayout* layout, const QString& caption, W* widget) {
    addCaption(layout, caption, widget->parentWidget());
    layout->addWidget(widget);
    return widget;
}
