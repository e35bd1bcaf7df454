#pragma once
// Runs a program (the CLI, the workbench) as a child process and collects its
// exit code and output, for the tests that drive the real executables.
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <string>
#include <string_view>

namespace ts::test {

struct ProcessResult {
    int exitCode = -1;  // -1: it crashed, or was killed at the timeout
    std::string out, err;
    bool outHas(std::string_view needle) const { return out.find(needle) != std::string::npos; }
    bool errHas(std::string_view needle) const { return err.find(needle) != std::string::npos; }
    // Both streams, for failure messages.
    std::string both() const { return "stdout:\n" + out + "\nstderr:\n" + err; }
};

struct ProcessOptions {
    QByteArray input;         // written to stdin, which is then closed
    QStringList environment;  // KEY=VALUE pairs added to the inherited environment
    int timeoutMs = 300000;
};

ProcessResult runProcess(const QString& program, const QStringList& args,
                         const ProcessOptions& options = {});

// A path as a QString argument.
inline QString qpath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

}  // namespace ts::test
