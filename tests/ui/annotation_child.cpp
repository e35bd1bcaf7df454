// The child process of test_ui_kill: opens a project, then annotates items of
// a run one by one through the workbench's own path (undo command ->
// AnnotationWriter -> one transaction each) and prints "committed <item>" as
// each transaction reports back. The test kills it with SIGKILL mid-stream.
//   ui_annotation_child PROJECT RUN COUNT ANNOTATOR
#include <QApplication>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>

#include "ui/session/annotation_command.h"
#include "ui/session/annotation_writer.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 5) {
        std::fprintf(stderr, "usage: ui_annotation_child PROJECT RUN COUNT ANNOTATOR\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const std::string runName = argv[2];
    const int count = std::atoi(argv[3]);
    const std::string annotator = argv[4];
    ProjectSession session;
    AnnotationWriter writer(&session);
    QUndoStack undo;
    QObject::connect(&writer, &AnnotationWriter::committed, [](long long, const QString& item) {
        std::printf("committed %s\n", qPrintable(item));
        std::fflush(stdout);
    });
    QObject::connect(&writer, &AnnotationWriter::failed, [](const QString& m) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(m));
        QCoreApplication::exit(1);
    });
    QObject::connect(&session, &ProjectSession::failed, [](const QString& m) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(m));
        QCoreApplication::exit(1);
    });
    bool started = false;
    QObject::connect(&session, &ProjectSession::catalogueChanged, [&] {
        if (started) return;
        started = true;
        const store::RunSummary* run = nullptr;
        for (const auto& r : session.catalogue().runs)
            if (r.name == runName) run = &r;
        if (!run) {
            std::fprintf(stderr, "no run %s\n", runName.c_str());
            QCoreApplication::exit(1);
            return;
        }
        const long long runId = run->id;
        auto* timer = new QTimer(&app);
        auto k = std::make_shared<int>(0);
        timer->setInterval(8);  // a steady stream of edits, as a fast annotator makes them
        QObject::connect(timer, &QTimer::timeout, [&, timer, k, runId] {
            if (*k >= count) {
                timer->stop();
                return;
            }
            store::Annotation a;
            a.runId = runId;
            a.itemId = "q/" + std::to_string(*k);
            a.target = store::AnnotationTarget::Trace;
            a.annotator = annotator;
            a.verdictOverride = *k % 2 ? StepVerdict::Ok : StepVerdict::Wrong;
            a.note = "note " + std::to_string(*k);
            a.tags = {"kill-test"};
            a.interpretability = *k % 5 + 1;
            undo.push(new AnnotationCommand(&writer, std::nullopt, a, QStringLiteral("annotate")));
            ++*k;
        });
        timer->start();
    });
    session.openProject(path);
    return app.exec();
}
