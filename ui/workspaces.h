#pragma once
// The window's two workspaces, made for error analysis:
//   Read     the item list and the item view side by side at full height -
//            read a trace, judge it, go to the next;
//   Analyse  statistics, compare runs, disagreements and findings as tabs.
// A mode bar (and Ctrl+1 / Ctrl+2) switches. Clicking a heat-table cell opens
// Read with exactly those items; Alt+Left steps back through the filters and,
// from the filter a click made, back to the table it came from. The current
// workspace and the splitter sizes persist between sessions.
#include <QWidget>

class QSplitter;
class QStackedWidget;
class QTabBar;
class QTabWidget;

namespace ts::ui {

class ItemTablePage;
class ItemViewPage;

class Workspaces : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Read = 0, Analyse = 1 };

    Workspaces(ItemTablePage* items, ItemViewPage* view, QWidget* parent = nullptr);

    Mode mode() const { return mode_; }
    void setMode(Mode mode);
    QTabWidget* analyseTabs() const { return tabs_; }
    // A page of Analyse, in a scroll area: on a small screen the page scrolls
    // instead of raising the window's minimum size past the screen.
    void addAnalysePage(QWidget* page, const QString& title);
    // Shows the Analyse tab that holds page.
    void showAnalysePage(QWidget* page);
    QSplitter* readSplitter() const { return read_; }
    QTabBar* modeBar() const { return bar_; }

    // The item list now shows what a click in Analyse asked for: switch to
    // Read and remember where to come back to.
    void openFromAnalyse(QWidget* origin);
    // Alt+Left: the previous filter; from the filter openFromAnalyse made,
    // back to Analyse with the clicked table focused.
    void goBack();

    // The layout as QSettings keeps it, and the defaults.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);
    void resetLayout();

Q_SIGNALS:
    void modeChanged(Mode mode);

private:
    ItemTablePage* items_;
    QTabBar* bar_;
    QStackedWidget* stack_;
    QSplitter* read_;
    QTabWidget* tabs_;
    Mode mode_ = Mode::Read;
    // The filter depth openFromAnalyse left behind, and the widget to return to.
    int returnDepth_ = -1;
    QWidget* returnTo_ = nullptr;
};

}  // namespace ts::ui
