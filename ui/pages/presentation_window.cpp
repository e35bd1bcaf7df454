#include "ui/pages/presentation_window.h"

#include <QKeyEvent>
#include <QLabel>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "ui/export/table_formats.h"
#include "ui/models/contingency_model.h"
#include "ui/models/item_roles.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/annotation_panel.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

namespace {

constexpr store::TraceStep kSteps[] = {store::TraceStep::Class, store::TraceStep::Retrieval,
                                       store::TraceStep::Trace};

}  // namespace

PresentationWindow::PresentationWindow(ProjectSession* session, ItemTablePage* items,
                                       std::optional<StatisticsData> statistics, QWidget* parent)
    : QWidget(parent, Qt::Window), session_(session), items_(items), statistics_(std::move(statistics)) {
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("TraceScope — presentation"));
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    setFont(big);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 30, 40, 20);
    stack_ = new QStackedWidget(this);
    auto* tablePage = new QWidget(stack_);
    auto* tl = new QVBoxLayout(tablePage);
    tableTitle_ = new QLabel(tablePage);
    QFont title = big;
    title.setPointSizeF(big.pointSizeF() * 1.3);
    title.setBold(true);
    tableTitle_->setFont(title);
    tl->addWidget(tableTitle_);
    tableModel_ = new ContingencyModel(this);
    tableView_ = makeHeatTable(tableModel_, tablePage);
    tl->addWidget(tableView_, 3);
    tableStats_ = makeWrappingLabel(tablePage);
    tl->addWidget(tableStats_, 2);
    stack_->addWidget(tablePage);
    // A read-only item view: presentation never edits (its undo stack is private).
    itemView_ = new ItemViewPage(session_, nullptr, new QUndoStack(this), stack_);
    itemView_->annotationPanel()->parentWidget()->hide();
    stack_->addWidget(itemView_);
    layout->addWidget(stack_, 1);
    footer_ = new QLabel(this);
    footer_->setAlignment(Qt::AlignRight);
    layout->addWidget(footer_);
    // Window shortcuts, so the arrows step even when a text view has focus.
    const std::pair<QKeySequence, int> keys[] = {
        {Qt::Key_Right, 1}, {Qt::Key_PageDown, 1}, {Qt::Key_Space, 1}, {Qt::Key_J, 1},
        {Qt::Key_Left, -1}, {Qt::Key_PageUp, -1}, {Qt::Key_K, -1}};
    for (const auto& [key, delta] : keys) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, [this, d = delta] { showSlide(slide_ + d); });
    }
    auto* esc = new QShortcut(Qt::Key_Escape, this);
    connect(esc, &QShortcut::activated, this, &QWidget::close);
    showSlide(0);
}

int PresentationWindow::slideCount() const {
    return (statistics_ ? 3 : 0) + items_->model()->rowCount();
}

void PresentationWindow::showSlide(int index) {
    const int count = slideCount();
    if (count == 0) {
        footer_->setText(tr("Nothing to present: select a run. Esc leaves."));
        return;
    }
    slide_ = std::clamp(index, 0, count - 1);
    const int tables = statistics_ ? 3 : 0;
    if (slide_ < tables) {
        const store::StepTable& t = statistics_->tables.table(kSteps[slide_]);
        const QString name = stepLabel(kSteps[slide_]);
        const auto* run = session_->catalogue().run(statistics_->tables.runId);
        tableTitle_->setText(tr("%1 × answer — %2 (%3 rule)")
                                 .arg(name, run ? QString::fromStdString(run->name) : QString(),
                                      QString::fromUtf8(store::toString(statistics_->tables.view.rule).data())));
        tableModel_->setTable(t.statistics.counts, {name + tr(" ok"), name + tr(" wrong")},
                              {tr("answer ok"), tr("answer wrong")});
        tableStats_->setText(statisticsHtml(t, name));
        stack_->setCurrentIndex(0);
    } else {
        const int row = slide_ - tables;
        const QModelIndex i = items_->model()->index(row, 0);
        const QString itemId = i.data(ItemRole::ItemId).toString();
        if (const auto* run = session_->currentRun(); run && !itemId.isEmpty())
            itemView_->showRunItem(run->id, itemId);
        else if (const Item* item = items_->model()->datasetItem(itemId.toStdString()))
            itemView_->showDatasetItem(*item);
        stack_->setCurrentIndex(1);
    }
    footer_->setText(tr("%1 / %2   ← → to step · Esc to leave").arg(slide_ + 1).arg(count));
}

void PresentationWindow::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Home) return showSlide(0);
    if (event->key() == Qt::Key_End) return showSlide(slideCount() - 1);
    QWidget::keyPressEvent(event);
}

}  // namespace ts::ui
