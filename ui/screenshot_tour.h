#pragma once
// Takes the documentation screenshots of a running window, one step at a
// time: each step puts the window in a state, waits until the pages have
// their data, and grabs PNGs into a folder:
//   read.png, item_view.png   the Read workspace on the current item
//   analyse.png, statistics.png   Analyse on the statistics tab
//   compare.png               the compare page
//   vanilla.png               Analyse on a run without traces (the
//                             answer-only summary), when the project has one
//   findings.png, findings_report.png   the Findings tab and the report's
//                             first page, with an item, the tables and the
//                             cross-run chart pinned for the tour (removed
//                             again at the end)
// then calls done(). Used by `tracescope --screenshots DIR` (docs/screenshots/,
// under Xvfb) and by the UI screenshot test.
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QWidget;

namespace ts::ui {

class MainWindow;

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow* window, QString folder, std::function<void(QStringList)> done);
    void start();

private:
    struct Step {
        std::function<void()> prepare;
        std::function<bool()> ready;
        std::function<void()> capture;
    };
    std::vector<Step> steps();
    void runStep(std::size_t index);
    bool windowReady() const;
    void save(QWidget* widget, const QString& name);
    // The steps' parts that need more than a line.
    long long runWithoutTraces() const;
    void pinForTour();
    void unpinTour();

    MainWindow* window_;
    QString folder_;
    std::function<void(QStringList)> done_;
    std::vector<Step> steps_;
    QStringList written_;
    long long tourRun_ = 0;  // the run and item the tour started on
    QString tourItem_;
    std::vector<long long> pinned_;
};

}  // namespace ts::ui
