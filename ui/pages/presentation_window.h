#pragma once
// Presentation mode: full screen, large fonts, one thing per screen - first
// the three step x answer tables of the current run, then the items of the
// item table in its current order and filter. Left/Right (or Page Up/Down,
// Space) step; Escape leaves.
#include <QWidget>

#include <optional>

#include "ui/session/statistics_loader.h"

class QLabel;
class QStackedWidget;
class QTableView;

namespace ts::ui {

class ContingencyModel;
class ItemTablePage;
class ItemViewPage;
class ProjectSession;

class PresentationWindow : public QWidget {
    Q_OBJECT
public:
    // statistics: the statistics page's current data (may be empty).
    PresentationWindow(ProjectSession* session, ItemTablePage* items,
                       std::optional<StatisticsData> statistics, QWidget* parent = nullptr);

    int slideCount() const;
    int currentSlide() const { return slide_; }
    void showSlide(int index);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    ProjectSession* session_;
    ItemTablePage* items_;
    std::optional<StatisticsData> statistics_;
    int slide_ = -1;
    QStackedWidget* stack_;
    QLabel* tableTitle_;
    ContingencyModel* tableModel_;
    QTableView* tableView_;
    QLabel* tableStats_;
    ItemViewPage* itemView_;
    QLabel* footer_;
};

}  // namespace ts::ui
