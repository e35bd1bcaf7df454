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
#include "ui/pages/annotation_panel.h"
#include "ui/pages/item_view_page.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

PresentationWindow::PresentationWindow(ProjectSession* session, std::vector<Slide> slides, QWidget* parent)
    : QWidget(parent, Qt::Window), session_(session), slides_(std::move(slides)) {
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("TraceScope — presentation"));
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    setFont(big);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 30, 40, 20);
    title_ = new QLabel(this);
    QFont title = big;
    title.setPointSizeF(big.pointSizeF() * 1.3);
    title.setBold(true);
    title_->setFont(title);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    note_ = makeWrappingLabel(this);
    layout->addWidget(note_);
    stack_ = new QStackedWidget(this);
    auto* tablePage = new QWidget(stack_);
    auto* tl = new QVBoxLayout(tablePage);
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
    chart_ = new QLabel(stack_);
    chart_->setAlignment(Qt::AlignCenter);
    stack_->addWidget(chart_);
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

void PresentationWindow::showSlide(int index) {
    const int count = slideCount();
    if (count == 0) {
        title_->setText(tr("Nothing to present"));
        note_->setText(tr("Pin items, tables or charts to the findings (P, or the Pin buttons), or filter the "
                          "item list, then present again."));
        footer_->setText(tr("Esc leaves"));
        return;
    }
    slide_ = std::clamp(index, 0, count - 1);
    const Slide& s = slides_[static_cast<std::size_t>(slide_)];
    title_->setText(s.title);
    note_->setText(s.note.toHtmlEscaped());
    note_->setVisible(!s.note.isEmpty());
    switch (s.kind) {
        case Slide::Kind::Table: {
            const store::StepTable& t = s.tables->table(s.step);
            const QString name = stepLabel(s.step);
            tableModel_->setTable(t.statistics.counts, {name + tr(" ok"), name + tr(" wrong")},
                                  {tr("answer ok"), tr("answer wrong")});
            tableStats_->setText(statisticsHtml(t, name));
            stack_->setCurrentIndex(0);
            break;
        }
        case Slide::Kind::Item:
            itemView_->showRunItem(s.runId, s.itemId);
            stack_->setCurrentIndex(1);
            break;
        case Slide::Kind::Chart:
            chart_->setPixmap(QPixmap::fromImage(s.image));
            stack_->setCurrentIndex(2);
            break;
    }
    footer_->setText(tr("%1 / %2   ← → to step · Esc to leave").arg(slide_ + 1).arg(count));
}

void PresentationWindow::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Home) return showSlide(0);
    if (event->key() == Qt::Key_End) return showSlide(slideCount() - 1);
    QWidget::keyPressEvent(event);
}

}  // namespace ts::ui
