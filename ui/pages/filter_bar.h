#pragma once
// The row above the item table: verdict combinations (class, retrieval,
// trace, answer), gold label, parse status, annotated or not, and free text
// (full-text search in the project). Each edit pushes a filter on the stack;
// Back and Reset walk it; the label under the bar says what is shown.
#include <QWidget>

#include "core/store/item_query.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace ts::ui {

class FilterStack;

class FilterBar : public QWidget {
    Q_OBJECT
public:
    FilterBar(FilterStack* stack, QWidget* parent = nullptr);

    QLineEdit* searchField() const { return text_; }
    // The gold labels offered by the label box.
    void setLabels(const QStringList& labels);
    // Dataset mode offers only the label and text filters.
    void setDatasetMode(bool datasetMode);
    void setResultText(const QString& text);

private:
    void showFilter(const store::ItemFilter& f);  // the stack's top, without pushing
    store::ItemFilter filterFromWidgets() const;
    void pushFromWidgets();

    FilterStack* stack_;
    bool updating_ = false;
    QComboBox* classStep_;
    QComboBox* retrieval_;
    QComboBox* trace_;
    QComboBox* answer_;
    QComboBox* label_;
    QComboBox* parse_;
    QComboBox* annotated_;
    QLineEdit* text_;
    QToolButton* back_;
    QToolButton* reset_;
    QLabel* description_;
    QLabel* result_;
};

}  // namespace ts::ui
