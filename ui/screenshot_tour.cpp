#include "ui/screenshot_tour.h"

#include <QDir>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include "ui/jobs/job_manager.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/compare_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/item_list_controller.h"
#include "ui/session/project_session.h"

namespace ts::ui {

ScreenshotTour::ScreenshotTour(MainWindow* window, QString folder, std::function<void(QStringList)> done)
    : QObject(window), window_(window), folder_(std::move(folder)), done_(std::move(done)) {}

void ScreenshotTour::start() {
    auto* timer = new QTimer(this);
    timer->setInterval(250);
    connect(timer, &QTimer::timeout, this, [this, timer] {
        // Give up waiting after a minute and capture whatever is there.
        if (!ready() && ++ticks_ < 240) return;
        timer->stop();
        // One more beat so the last results are painted.
        QTimer::singleShot(800, this, &ScreenshotTour::capture);
    });
    timer->start();
}

bool ScreenshotTour::ready() const {
    const ProjectSession* s = window_->session();
    if (!s->isOpen() || window_->jobs()->hasRunningJobs()) return false;
    if (window_->itemPage()->controller()->busy()) return false;
    if (s->currentRun() && !window_->statisticsPage()->data()) return false;
    return window_->itemPage()->model()->rowCount() > 0 && window_->itemView()->data().has_value();
}

void ScreenshotTour::capture() {
    QDir().mkpath(folder_);
    auto save = [this](QWidget* w, const QString& name) {
        const QString path = QDir(folder_).filePath(name);
        if (w->grab().save(path)) written_ << path;
    };
    window_->bottomTabs()->setCurrentWidget(window_->statisticsPage());
    save(window_, QStringLiteral("main_window.png"));
    save(window_->itemView(), QStringLiteral("item_view.png"));
    save(window_->statisticsPage(), QStringLiteral("statistics.png"));
    window_->bottomTabs()->setCurrentWidget(window_->comparePage());
    QTimer::singleShot(600, this, [this, save] {
        save(window_->comparePage(), QStringLiteral("compare.png"));
        window_->bottomTabs()->setCurrentWidget(window_->statisticsPage());
        done_(written_);
    });
}

}  // namespace ts::ui
