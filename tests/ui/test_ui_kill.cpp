// An annotation survives a kill: a child process annotates through the
// workbench's own write path and reports every committed transaction; the
// test SIGKILLs it mid-stream, reopens the project and finds every
// committed annotation intact (and the file consistent).
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

#include <map>

#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"

using namespace ts;

class TestUiKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void committedAnnotationsSurviveSigkill() {
        const test::UiFixture fixture = test::makeUiFixture("ui_kill", 400);
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QStringLiteral(TS_ANNOTATION_CHILD),
                    {fixture.path, QStringLiteral("run-a"), QStringLiteral("400"), QStringLiteral("killer")});
        QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
        QStringList committed;
        QString buffer;
        auto drain = [&] {
            buffer += QString::fromUtf8(child.readAllStandardOutput());
            while (buffer.contains(QLatin1Char('\n'))) {
                const int nl = buffer.indexOf(QLatin1Char('\n'));
                const QString line = buffer.left(nl);
                buffer.remove(0, nl + 1);
                if (line.startsWith(QStringLiteral("committed "))) committed << line.mid(10);
            }
        };
        QElapsedTimer timer;
        timer.start();
        while (committed.size() < 60 && timer.elapsed() < 60000 && child.state() == QProcess::Running) {
            child.waitForReadyRead(200);
            drain();
        }
        QVERIFY2(committed.size() >= 60, qPrintable(QString::fromUtf8(child.readAllStandardError())));
        child.kill();  // SIGKILL: no destructors, no flush, no rollback of anything in flight
        QVERIFY(child.waitForFinished(10000));
        drain();
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY2(committed.size() < 400, "the child finished before it was killed; the test proves nothing");

        store::Project project = store::Project::open(fixture.path.toStdString());
        QCOMPARE(QString::fromStdString(project.db().queryText("PRAGMA integrity_check")), QStringLiteral("ok"));
        long long runId = 0;
        for (const auto& r : store::listRuns(project))
            if (r.name == "run-a") runId = r.id;
        std::map<std::string, store::Annotation> stored;
        for (const auto& a : store::annotationsOfRun(project, runId))
            if (a.annotator == "killer") stored[a.itemId] = a;
        QVERIFY(stored.size() >= static_cast<std::size_t>(committed.size()));
        for (const QString& id : committed) {
            const auto it = stored.find(id.toStdString());
            QVERIFY2(it != stored.end(), qPrintable(QStringLiteral("lost committed annotation %1").arg(id)));
            const int k = id.mid(id.indexOf(QLatin1Char('/')) + 1).toInt();
            const store::Annotation& a = it->second;
            QCOMPARE(a.verdictOverride, std::optional(k % 2 ? StepVerdict::Ok : StepVerdict::Wrong));
            QCOMPARE(a.note, "note " + std::to_string(k));
            QCOMPARE(a.tags, std::vector<std::string>{"kill-test"});
            QCOMPARE(a.interpretability, std::optional(k % 5 + 1));
        }
    }
};

QTEST_GUILESS_MAIN(TestUiKill)
#include "test_ui_kill.moc"
