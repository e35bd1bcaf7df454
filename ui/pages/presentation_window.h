#pragma once
// Presentation mode: full screen, large fonts, one thing per screen. It shows
// a deck the window assembles: the findings in their order (each pinned item,
// table and chart, with its note), or without findings the current run's
// three step x answer tables followed by the items the current filter lists.
// Left/Right (or Page Up/Down, Space) step; Escape leaves.
#include <QImage>
#include <QWidget>

#include <optional>
#include <vector>

#include "core/store/run_tables.h"

class QLabel;
class QStackedWidget;
class QTableView;

namespace ts::ui {

class ContingencyModel;
class ItemViewPage;
class ProjectSession;

struct Slide {
    enum class Kind { Table, Item, Chart };
    Kind kind = Kind::Table;
    QString title;
    QString note;
    std::optional<store::RunTables> tables;  // Table
    store::TraceStep step = store::TraceStep::Trace;
    long long runId = 0;  // Item
    QString itemId;
    QImage image;  // Chart
};

class PresentationWindow : public QWidget {
    Q_OBJECT
public:
    PresentationWindow(ProjectSession* session, std::vector<Slide> slides, QWidget* parent = nullptr);

    int slideCount() const { return static_cast<int>(slides_.size()); }
    int currentSlide() const { return slide_; }
    const Slide& slide(int index) const { return slides_.at(static_cast<std::size_t>(index)); }
    void showSlide(int index);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    ProjectSession* session_;
    std::vector<Slide> slides_;
    int slide_ = -1;
    QLabel* title_;
    QLabel* note_;
    QStackedWidget* stack_;
    ContingencyModel* tableModel_;
    QTableView* tableView_;
    QLabel* tableStats_;
    ItemViewPage* itemView_;
    QLabel* chart_;
    QLabel* footer_;
};

}  // namespace ts::ui
