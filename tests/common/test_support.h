#pragma once
// Shared helpers for the Qt Test executables: where ../shared/data and the
// sample data are, a scratch directory per test, and a main() for tests that
// need the shared data (exit 77, which ctest reports as "Skipped", when absent).
#include <QCoreApplication>
#include <QTest>

#include <cstdio>
#include <filesystem>
#include <string>

namespace ts::test {

// ../shared/data (or TRACESCOPE_SHARED_DATA); empty when absent.
std::filesystem::path sharedData();
// A file under shared data; QSKIP-friendly: returns empty when missing.
std::filesystem::path sharedFile(const std::string& relative);
std::filesystem::path sampleData();
std::filesystem::path sourceDir();
// A fresh, empty directory under the build's test-output folder.
std::filesystem::path scratchDir(const std::string& name);
// Writes text to path (creating parent directories) and returns path.
std::filesystem::path writeText(const std::filesystem::path& path, const std::string& text);

}  // namespace ts::test

// Skips the current test function when a shared file is missing.
#define TS_REQUIRE_SHARED(path)                                                            \
    do {                                                                                   \
        if (!std::filesystem::exists(path))                                                \
            QSKIP(qPrintable(QString("shared data file not found: %1")                     \
                                 .arg(QString::fromStdString(std::string(path)))));          \
    } while (0)

// main() for a test class that needs ../shared/data as a whole.
#define TS_DATA_TEST_MAIN(TestClass)                                                          \
    int main(int argc, char** argv) {                                                         \
        if (ts::test::sharedData().empty()) {                                                 \
            std::printf("SKIP: ../shared/data not found beside the source tree "              \
                        "(set TRACESCOPE_SHARED_DATA to run these tests)\n");                   \
            return 77;                                                                        \
        }                                                                                     \
        QCoreApplication app(argc, argv);                                                     \
        TestClass tc;                                                                         \
        return QTest::qExec(&tc, argc, argv);                                                 \
    }
