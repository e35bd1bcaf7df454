#include "ui/workspaces.h"

#include <QDataStream>
#include <QIODevice>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/session/filter_stack.h"

namespace ts::ui {

namespace {

constexpr quint32 kLayoutVersion = 1;

}  // namespace

Workspaces::Workspaces(ItemTablePage* items, ItemViewPage* view, QWidget* parent)
    : QWidget(parent), items_(items) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    bar_ = new QTabBar(this);
    bar_->setObjectName(QStringLiteral("modeBar"));
    bar_->addTab(tr("Read"));
    bar_->addTab(tr("Analyse"));
    bar_->setTabToolTip(
        0, tr("Read, judge and annotate traces: the item list and the item view (Ctrl+1)"));
    bar_->setTabToolTip(1, tr("Tables, charts, comparisons, disagreements and findings (Ctrl+2)"));
    bar_->setExpanding(false);
    bar_->setDrawBase(false);
    layout->addWidget(bar_);

    stack_ = new QStackedWidget(this);
    read_ = new QSplitter(Qt::Horizontal, stack_);
    read_->setObjectName(QStringLiteral("readSplitter"));
    read_->addWidget(items);
    read_->addWidget(view);
    read_->setChildrenCollapsible(false);
    read_->setStretchFactor(0, 2);
    read_->setStretchFactor(1, 3);
    tabs_ = new QTabWidget(stack_);
    tabs_->setObjectName(QStringLiteral("analyseTabs"));
    stack_->addWidget(read_);
    stack_->addWidget(tabs_);
    layout->addWidget(stack_, 1);
    resetLayout();

    connect(bar_, &QTabBar::currentChanged, this,
            [this](int index) { setMode(static_cast<Mode>(index)); });
    // Choosing an Analyse tab from code (or a test) shows it.
    connect(tabs_, &QTabWidget::currentChanged, this, [this] { setMode(Mode::Analyse); });
}

void Workspaces::setMode(Mode mode) {
    if (bar_->currentIndex() != int(mode)) bar_->setCurrentIndex(int(mode));
    stack_->setCurrentIndex(int(mode));
    if (mode_ == mode) return;
    mode_ = mode;
    if (mode == Mode::Read) items_->view()->setFocus();
    Q_EMIT modeChanged(mode);
}

void Workspaces::addAnalysePage(QWidget* page, const QString& title) {
    auto* scroll = new QScrollArea(tabs_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    tabs_->addTab(scroll, title);
}

void Workspaces::showAnalysePage(QWidget* page) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->widget(i)->isAncestorOf(page)) tabs_->setCurrentIndex(i);
    setMode(Mode::Analyse);
}

void Workspaces::openFromAnalyse(QWidget* origin) {
    returnDepth_ = items_->filters()->depth();
    returnTo_ = origin;
    setMode(Mode::Read);
    items_->view()->setFocus();
}

void Workspaces::goBack() {
    FilterStack* filters = items_->filters();
    const bool backToAnalyse = mode_ == Mode::Read && returnTo_ && filters->depth() == returnDepth_;
    if (filters->canGoBack()) filters->back();
    if (!backToAnalyse) return;
    setMode(Mode::Analyse);
    returnTo_->setFocus();
    returnTo_ = nullptr;
    returnDepth_ = -1;
}

QByteArray Workspaces::saveLayout() const {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << kLayoutVersion << qint32(mode_) << read_->saveState() << qint32(tabs_->currentIndex());
    return out;
}

void Workspaces::restoreLayout(const QByteArray& state) {
    QDataStream s(state);
    quint32 version = 0;
    qint32 mode = 0, tab = 0;
    QByteArray splitter;
    s >> version >> mode >> splitter >> tab;
    if (s.status() != QDataStream::Ok || version != kLayoutVersion)
        return resetLayout();  // first start
    read_->restoreState(splitter);
    if (tab >= 0 && tab < tabs_->count()) {
        const QSignalBlocker block(tabs_);
        tabs_->setCurrentIndex(tab);
    }
    setMode(mode == int(Mode::Analyse) ? Mode::Analyse : Mode::Read);
}

void Workspaces::resetLayout() {
    // The item view gets the larger share: a trace is read there.
    read_->setSizes({520, 780});
    {
        const QSignalBlocker block(tabs_);
        if (tabs_->count() > 0) tabs_->setCurrentIndex(0);
    }
    setMode(Mode::Read);
}

}  // namespace ts::ui
