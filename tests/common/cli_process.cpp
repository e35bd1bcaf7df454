#include "tests/common/cli_process.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace ts::test {

ProcessResult runProcess(const QString& program, const QStringList& args,
                         const ProcessOptions& options) {
    QProcess p;
    if (!options.environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& kv : options.environment) {
            const auto eq = kv.indexOf('=');
            env.insert(kv.left(eq), kv.mid(eq + 1));
        }
        p.setProcessEnvironment(env);
    }
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(30000)) {
        r.err = "could not start " + program.toStdString();
        return r;
    }
    if (!options.input.isEmpty()) p.write(options.input);
    p.closeWriteChannel();
    if (!p.waitForFinished(options.timeoutMs)) {
        p.kill();
        p.waitForFinished(10000);
    } else if (p.exitStatus() == QProcess::NormalExit) {
        r.exitCode = p.exitCode();
    }
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

}  // namespace ts::test
