#include "ui/workbench_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

#include "core/util/paths.h"
#include "ui/app_settings.h"
#include "ui/main_window.h"
#include "ui/pages/item_table_page.h"
#include "ui/screenshot_tour.h"
#include "ui/session/project_session.h"
#include "ui/theme.h"

namespace ts::ui {

namespace {

bool hasPaperRuns(const ProjectSession& session) {
    for (const auto& r : session.catalogue().runs)
        if (QString::fromStdString(r.name).startsWith(QStringLiteral("cotempqa/"))) return true;
    return false;
}

}  // namespace

int runWorkbench() {
    QApplication::setOrganizationName(QStringLiteral("TraceScope"));
    QApplication::setApplicationName(QStringLiteral("TraceScope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    initResources();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("TraceScope: a workbench for reasoning traces"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the demo project PATH, building it on first run."),
                                  QStringLiteral("PATH"));
    const QCommandLineOption importPaper(
        QStringLiteral("import-paper"),
        QStringLiteral("Import the paper's runs from the shared data once the project is open."));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"), QStringLiteral("Save screenshots of the main views into DIR, then quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QStringLiteral("Select the run NAME once the project has it (e.g. demo/sample-babi/correct/s121)."),
        QStringLiteral("NAME"));
    const QCommandLineOption itemOption(
        QStringLiteral("item"), QStringLiteral("Show the item ID of the selected run once it is listed (e.g. equal/12)."),
        QStringLiteral("ID"));
    parser.addOptions({demo, importPaper, screenshots, runOption, itemOption});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .tsproj file to open."));
    parser.process(*qApp);

    AppSettings settings;
    applyTheme(*qApp, settings.theme());
    MainWindow window;
    window.show();

    if (parser.isSet(importPaper)) {
        auto* once = new QMetaObject::Connection;
        *once = QObject::connect(window.session(), &ProjectSession::catalogueChanged, &window, [&window, once] {
            QObject::disconnect(*once);
            delete once;
            if (hasPaperRuns(*window.session())) return;
            window.startImport(paperRunsPlan(QString::fromStdString(sharedDataDir().string()), {}),
                               QStringLiteral("Import the paper's runs"));
        });
    }
    if (parser.isSet(runOption)) {
        // The first catalogue that lists the run selects it (a demo being
        // built lists it only once that run is stored).
        const std::string wanted = parser.value(runOption).toStdString();
        auto* once = new QMetaObject::Connection;
        *once = QObject::connect(window.session(), &ProjectSession::catalogueChanged, &window, [&window, once, wanted] {
            for (const auto& r : window.session()->catalogue().runs) {
                if (r.name != wanted) continue;
                QObject::disconnect(*once);
                delete once;
                window.session()->selectRun(r.id);
                return;
            }
        });
    }
    if (parser.isSet(itemOption)) {
        const QString wanted = parser.value(itemOption);
        auto* once = new QMetaObject::Connection;
        *once = QObject::connect(window.itemPage(), &ItemTablePage::listLoaded, &window, [&window, once, wanted] {
            if (!window.itemPage()->selectItem(wanted)) return;
            QObject::disconnect(*once);
            delete once;
        });
    }
    if (parser.isSet(demo))
        window.openDemo(parser.value(demo));
    else if (!parser.positionalArguments().isEmpty())
        window.openProject(parser.positionalArguments().front());

    if (parser.isSet(screenshots)) {
        auto* tour = new ScreenshotTour(&window, parser.value(screenshots), [](QStringList files) {
            for (const QString& f : files) std::printf("screenshot: %s\n", qPrintable(f));
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QApplication::quit);
        });
        // Let the demo build and any import start before waiting on them.
        QTimer::singleShot(1500, tour, &ScreenshotTour::start);
    }
    return QApplication::exec();
}

}  // namespace ts::ui
