#include "ui/screenshot_tour.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTimer>

#include <algorithm>
#include <utility>

#include "ui/jobs/job_manager.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/compare_page.h"
#include "ui/pages/findings_page.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/item_list_controller.h"
#include "ui/session/project_session.h"
#include "ui/workspaces.h"

namespace ts::ui {

namespace {

constexpr int kPollMs = 250;
constexpr int kStepTimeoutMs = 60000;  // then capture whatever is there
constexpr int kSettleMs = 600;         // one more beat so the last results are painted

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, QString folder,
                               std::function<void(QStringList)> done)
    : QObject(window), window_(window), folder_(std::move(folder)), done_(std::move(done)) {}

void ScreenshotTour::start() {
    QDir().mkpath(folder_);
    steps_ = steps();
    runStep(0);
}

// Prepare, poll until ready (or the timeout), let it paint, capture, next.
void ScreenshotTour::runStep(std::size_t index) {
    if (index == steps_.size()) {
        unpinTour();
        done_(written_);
        return;
    }
    steps_[index].prepare();
    auto* timer = new QTimer(this);
    timer->setInterval(kPollMs);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(timer, &QTimer::timeout, this, [this, timer, clock, index] {
        if (!steps_[index].ready() && clock->elapsed() < kStepTimeoutMs) return;
        timer->stop();
        timer->deleteLater();
        QTimer::singleShot(kSettleMs, this, [this, index] {
            steps_[index].capture();
            runStep(index + 1);
        });
    });
    timer->start();
}

std::vector<ScreenshotTour::Step> ScreenshotTour::steps() {
    Workspaces* spaces = window_->workspaces();
    StatisticsPage* statistics = window_->statisticsPage();
    std::vector<Step> s;
    // Read: the item list and the item being read.
    s.push_back({[spaces] { spaces->setMode(Workspaces::Mode::Read); },
                 [this] { return windowReady(); },
                 [this] {
                     if (const auto* run = window_->session()->currentRun()) tourRun_ = run->id;
                     tourItem_ = QString::fromStdString(window_->itemView()->data()->item.id);
                     save(window_, QStringLiteral("read.png"));
                     save(window_->itemView(), QStringLiteral("item_view.png"));
                 }});
    // Analyse on the statistics tab.
    s.push_back({[spaces, statistics] { spaces->showAnalysePage(statistics); }, [] { return true; },
                 [this, statistics] {
                     save(window_, QStringLiteral("analyse.png"));
                     save(statistics, QStringLiteral("statistics.png"));
                 }});
    s.push_back({[this, spaces] { spaces->showAnalysePage(window_->comparePage()); },
                 [this] { return window_->comparePage()->result().has_value(); },
                 [this] { save(window_->comparePage(), QStringLiteral("compare.png")); }});
    // A run without traces: the answer-only summary.
    if (const long long vanilla = runWithoutTraces()) {
        s.push_back({[this, spaces, statistics, vanilla] {
                         window_->session()->selectRun(vanilla);
                         spaces->showAnalysePage(statistics);
                     },
                     [statistics, vanilla] {
                         return statistics->data() && statistics->data()->tables.runId == vanilla;
                     },
                     [this] { save(window_, QStringLiteral("vanilla.png")); }});
        // Back to the run and the item the tour started on.
        s.push_back({[this] { window_->session()->selectRun(tourRun_); },
                     [this, statistics] {
                         return statistics->data() &&
                                statistics->data()->tables.runId == tourRun_ &&
                                window_->itemPage()->selectItem(tourItem_) &&
                                window_->itemView()->data() &&
                                window_->itemView()->data()->item.id == tourItem_.toStdString();
                     },
                     [] {}});
    }
    // Findings: an item, the tables and the chart pinned, the tab and the report.
    s.push_back({[this] { pinForTour(); },
                 [this] {
                     const auto& listed = window_->findingsPage()->findings();
                     return !pinned_.empty() &&
                            std::any_of(listed.begin(), listed.end(),
                                        [this](const auto& f) { return f.id == pinned_.back(); });
                 },
                 [this, spaces] {
                     spaces->showAnalysePage(window_->findingsPage());
                     QApplication::processEvents();
                     save(window_, QStringLiteral("findings.png"));
                     const QString path =
                         QDir(folder_).filePath(QStringLiteral("findings_report.png"));
                     if (renderReportPage(window_->findingsPage()->report(), 0).save(path))
                         written_ << path;
                     spaces->setMode(Workspaces::Mode::Read);
                 }});
    return s;
}

bool ScreenshotTour::windowReady() const {
    const ProjectSession* s = window_->session();
    if (!s->isOpen() || window_->jobs()->hasRunningJobs()) return false;
    if (window_->itemPage()->controller()->busy()) return false;
    if (s->currentRun() && !window_->statisticsPage()->data()) return false;
    return window_->itemPage()->model()->rowCount() > 0 && window_->itemView()->data().has_value();
}

void ScreenshotTour::save(QWidget* widget, const QString& name) {
    QApplication::processEvents();
    const QString path = QDir(folder_).filePath(name);
    if (widget->grab().save(path)) written_ << path;
}

// The first run of the vanilla condition: its outputs have no trace by design.
long long ScreenshotTour::runWithoutTraces() const {
    for (const auto& run : window_->session()->catalogue().runs)
        if (run.condition == "vanilla" && run.id != window_->session()->currentRun()->id)
            return run.id;
    return 0;
}

// Pins the current item, the run's tables and the cross-run chart (on the
// writer, in that order); unpinTour removes them again, so the tour leaves
// the project's findings as it found them.
void ScreenshotTour::pinForTour() {
    const auto& item = window_->itemView()->data();
    const auto* run = window_->session()->currentRun();
    if (!item || !item->hasRun() || !run) return;
    std::vector<store::Finding> pins(3);
    for (auto& f : pins) {
        f.runId = run->id;
        f.view = window_->session()->verdictView();
        f.mode = window_->session()->retrievalMode();
    }
    pins[0].kind = store::FindingKind::Item;
    pins[0].itemId = item->item.id;
    pins[0].title = item->item.id + " · " + run->name;
    pins[0].note =
        "Read this trace: what do the class and retrieval steps say, and does the answer follow?";
    pins[1].kind = store::FindingKind::Tables;
    pins[1].title = run->name + " · tables";
    pins[1].note = "Step x answer under the rule shown.";
    pins[2].kind = store::FindingKind::Chart;
    pins[2].chart = "conditional";
    pins[2].title = run->dataset + " · P(answer ok | trace) over runs";
    window_->session()->writer().run<std::vector<long long>>(
        this,
        [pins](store::Project& p) {
            std::vector<long long> ids;
            for (const auto& f : pins) ids.push_back(store::addFinding(p, f));
            return ids;
        },
        [this](std::vector<long long> ids) {
            pinned_ = std::move(ids);
            Q_EMIT window_->session()->findingsChanged();
        });
}

void ScreenshotTour::unpinTour() {
    if (pinned_.empty()) return;
    const std::vector<long long> ids = std::exchange(pinned_, {});
    window_->session()->writer().run<bool>(
        this,
        [ids](store::Project& p) {
            for (long long id : ids) store::removeFinding(p, id);
            return true;
        },
        [this](bool) { Q_EMIT window_->session()->findingsChanged(); });
    window_->session()->writer().waitForIdle();
}

}  // namespace ts::ui
