#pragma once
// Takes the documentation screenshots of a running window: waits until the
// project is open, jobs are done and the pages have their data, then grabs
// the main window, the item view, the statistics and the compare page as PNGs
// into a folder and calls done(). Used by `tracescope --screenshots DIR`
// (docs/screenshots/, under Xvfb) and by the UI screenshot test.
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace ts::ui {

class MainWindow;

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow* window, QString folder, std::function<void(QStringList)> done);
    void start();

private:
    bool ready() const;
    void capture();

    MainWindow* window_;
    QString folder_;
    std::function<void(QStringList)> done_;
    int ticks_ = 0;
    QStringList written_;
};

}  // namespace ts::ui
