#include "ui/pages/filter_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/session/filter_stack.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

QComboBox* verdictBox(const QString& name, QWidget* parent) {
    auto* box = new QComboBox(parent);
    box->addItem(QStringLiteral("%1: any").arg(name), -1);
    for (StepVerdict v : {StepVerdict::Ok, StepVerdict::Wrong, StepVerdict::Partial,
                          StepVerdict::Unevaluated})
        box->addItem(QStringLiteral("%1: %2").arg(name, verdictText(v)), int(v));
    box->setToolTip(QStringLiteral("Show only items whose %1 has this verdict").arg(name));
    return box;
}

std::optional<StepVerdict> verdictOf(const QComboBox* box) {
    const int v = box->currentData().toInt();
    return v < 0 ? std::nullopt : std::optional(static_cast<StepVerdict>(v));
}

void selectData(QComboBox* box, int value) {
    const int i = box->findData(value);
    box->setCurrentIndex(i < 0 ? 0 : i);
}

}  // namespace

FilterBar::FilterBar(FilterStack* stack, QWidget* parent) : QWidget(parent), stack_(stack) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    classStep_ = verdictBox(tr("class"), this);
    retrieval_ = verdictBox(tr("retrieval"), this);
    trace_ = verdictBox(tr("trace"), this);
    answer_ = verdictBox(tr("answer"), this);
    label_ = new QComboBox(this);
    label_->addItem(tr("label: any"), QString());
    parse_ = new QComboBox(this);
    parse_->addItem(tr("parse: any"), -1);
    for (ParseStatus p : {ParseStatus::Ok, ParseStatus::NoTrace, ParseStatus::NoAnswer,
                          ParseStatus::Malformed})
        parse_->addItem(tr("parse: %1").arg(QString::fromUtf8(toString(p).data())), int(p));
    annotated_ = new QComboBox(this);
    annotated_->addItem(tr("annotated: any"), -1);
    annotated_->addItem(tr("annotated"), 1);
    annotated_->addItem(tr("not annotated"), 0);
    text_ = new QLineEdit(this);
    text_->setPlaceholderText(tr("Search question, context, output ( / )"));
    text_->setClearButtonEnabled(true);
    back_ = new QToolButton(this);
    back_->setText(tr("Back"));
    back_->setToolTip(tr("Previous filter (Alt+Left)"));
    reset_ = new QToolButton(this);
    reset_->setText(tr("Reset"));
    reset_->setToolTip(tr("Show all items"));
    // Combos shrink to a few characters on a narrow screen; the tooltip and
    // the open list show the whole text.
    for (QComboBox* box : {classStep_, retrieval_, trace_, answer_, label_, parse_, annotated_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(6);
    }
    text_->setMinimumWidth(80);
    // Two rows so the bar fits beside the item view: verdicts, then the rest;
    // the third says what is shown, with the way back.
    for (QWidget* w : std::initializer_list<QWidget*>{classStep_, retrieval_, trace_, answer_})
        row->addWidget(w, 1);
    outer->addLayout(row);
    auto* row2 = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{label_, parse_, annotated_}) row2->addWidget(w);
    row2->addWidget(text_, 1);
    outer->addLayout(row2);
    auto* info = new QHBoxLayout;
    description_ = new QLabel(this);
    // A long filter description must not widen the bar: it is cut at the
    // bar's width and read whole in the tooltip.
    description_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    result_ = new QLabel(this);
    info->addWidget(description_, 1);
    info->addWidget(result_);
    info->addWidget(back_);
    info->addWidget(reset_);
    outer->addLayout(info);

    for (QComboBox* box : {classStep_, retrieval_, trace_, answer_, label_, parse_, annotated_})
        connect(box, &QComboBox::activated, this, &FilterBar::pushFromWidgets);
    connect(text_, &QLineEdit::returnPressed, this, &FilterBar::pushFromWidgets);
    connect(text_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty() && !updating_) pushFromWidgets();  // the clear button
    });
    connect(back_, &QToolButton::clicked, stack_, &FilterStack::back);
    connect(reset_, &QToolButton::clicked, stack_, &FilterStack::reset);
    connect(stack_, &FilterStack::changed, this, [this] { showFilter(stack_->current()); });
    showFilter(stack_->current());
}

void FilterBar::setLabels(const QStringList& labels) {
    updating_ = true;
    const QString current = label_->currentData().toString();
    label_->clear();
    label_->addItem(tr("label: any"), QString());
    for (const QString& l : labels) label_->addItem(tr("label: %1").arg(l), l);
    const int i = label_->findData(current);
    label_->setCurrentIndex(i < 0 ? 0 : i);
    updating_ = false;
}

void FilterBar::setDatasetMode(bool datasetMode) {
    for (QWidget* w : std::initializer_list<QWidget*>{classStep_, retrieval_, trace_, answer_, parse_,
                                                      annotated_})
        w->setEnabled(!datasetMode);
}

void FilterBar::setResultText(const QString& text) { result_->setText(text); }

void FilterBar::showFilter(const store::ItemFilter& f) {
    updating_ = true;
    selectData(classStep_, f.classStep ? int(*f.classStep) : -1);
    selectData(retrieval_, f.retrievalStep ? int(*f.retrievalStep) : -1);
    selectData(trace_, f.trace ? int(*f.trace) : -1);
    selectData(answer_, f.answer ? int(*f.answer) : -1);
    const QString label = f.goldLabel ? QString::fromStdString(*f.goldLabel) : QString();
    if (!label.isEmpty() && label_->findData(label) < 0) label_->addItem(tr("label: %1").arg(label), label);
    label_->setCurrentIndex(std::max(0, label_->findData(label)));
    selectData(parse_, f.parse ? int(*f.parse) : -1);
    selectData(annotated_, f.annotated ? int(*f.annotated) : -1);
    text_->setText(QString::fromStdString(f.text));
    back_->setEnabled(stack_->canGoBack());
    reset_->setEnabled(stack_->canGoBack() || !sameFilter(f, {}));
    description_->setText(tr("Showing: %1").arg(describeFilter(f)));
    description_->setToolTip(description_->text());
    updating_ = false;
}

store::ItemFilter FilterBar::filterFromWidgets() const {
    // Start from the current filter so a table-cell filter survives other edits.
    store::ItemFilter f = stack_->current();
    f.classStep = verdictOf(classStep_);
    f.retrievalStep = verdictOf(retrieval_);
    f.trace = verdictOf(trace_);
    f.answer = verdictOf(answer_);
    const QString label = label_->currentData().toString();
    f.goldLabel = label.isEmpty() ? std::nullopt : std::optional(label.toStdString());
    const int parse = parse_->currentData().toInt();
    f.parse = parse < 0 ? std::nullopt : std::optional(static_cast<ParseStatus>(parse));
    const int annotated = annotated_->currentData().toInt();
    f.annotated = annotated < 0 ? std::nullopt : std::optional(annotated == 1);
    f.text = text_->text().trimmed().toStdString();
    return f;
}

void FilterBar::pushFromWidgets() {
    if (updating_) return;
    stack_->push(filterFromWidgets());
}

}  // namespace ts::ui
