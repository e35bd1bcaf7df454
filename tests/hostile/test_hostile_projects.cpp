// Project files from others (docs/RELIABILITY.md): every crafted .tsproj of
// hostile_projects.cpp is opened with store::Project::open and with
// store::Project::openReadOnly, each open in a forked child (so a hang or a
// crash is observed, not suffered), and must end as its table row says:
// refused with one ts::Error naming the file (and the offending object or
// problem word, where the row gives one), or opened harmlessly (then
// listRuns and listStudies work) - within 10 s on a steady clock, and with
// the case's folder byte-for-byte as it was (a read-write open of an older
// project may migrate it; a WAL beside the file may be checkpointed into it).
#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/store/catalog.h"
#include "core/store/project.h"
#include "core/store/schema.h"
#include "core/store/studies.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"
#include "tests/hostile/hostile_projects.h"
#include "tests/hostile/isolated_run.h"

namespace fs = std::filesystem;
using ts::test::AllowedChange;
using ts::test::HostileProjectCase;
using ts::test::IsolatedOutcome;
using ts::test::ProjectExpect;

namespace {

// Each open, refusal or reads included, ends within this (steady clock).
constexpr double kBoundSeconds = 10.0;
// What an open may add to the child's resident memory (its peak from wait4
// less the parent's resident size at the fork; this reads ~20 MiB low under
// ASan): no runaway allocation in any case, and in a case holding a huge
// value far less than that value, so an open that reads it whole is caught.
constexpr long kMaxExtraRssMiB = 512;
constexpr long kMaxExtraRssMiBBesideHugeValue = 32;
static_assert(kMaxExtraRssMiBBesideHugeValue + 24 < long(ts::test::kHugeValueBytes >> 20));

long residentMiB() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * (::sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string without(std::string text, const std::string& part) {
    for (std::size_t at; !part.empty() && (at = text.find(part)) != std::string::npos;)
        text.erase(at, part.size());
    return text;
}

// The child: open, then the normal reads. A ts::Error from the open is the
// refusal; anything failing after a successful open is not.
void openAndRead(const HostileProjectCase& c, bool readOnly) {
    auto project = readOnly ? ts::store::Project::openReadOnly(c.path.string())
                            : ts::store::Project::open(c.path.string());
    try {
        const auto runs = ts::store::listRuns(project);
        const auto studies = ts::store::listStudies(project);
        if (c.runs >= 0 && runs.size() != std::size_t(c.runs))
            throw std::runtime_error("opened, but listRuns saw " + std::to_string(runs.size()) +
                                     " runs, expected " + std::to_string(c.runs));
        if (c.studies >= 0 && studies.size() != std::size_t(c.studies))
            throw std::runtime_error("opened, but listStudies saw " +
                                     std::to_string(studies.size()) + " studies, expected " +
                                     std::to_string(c.studies));
        if (!readOnly && project.schemaVersion() != ts::store::kSchemaVersion)
            throw std::runtime_error("opened read-write, but the schema version is " +
                                     std::to_string(project.schemaVersion()));
    } catch (const ts::Error& e) {
        throw std::runtime_error(std::string("opened, but a normal read then failed: ") + e.what());
    }
}

// "" when the outcome is what the case expects.
std::string judge(const HostileProjectCase& c, ProjectExpect expect, const IsolatedOutcome& o,
                  double seconds, long extraMiB, const std::string& changes) {
    const std::string path = c.path.string();
    std::string why;
    if (seconds > kBoundSeconds) {
        why = "took " + std::to_string(seconds) + " s (bound " +
              std::to_string(int(kBoundSeconds)) + " s)";
    } else if (o.end == IsolatedOutcome::End::Error) {
        const std::string said = lower(without(o.message, path));
        const bool wordSaid =
            c.words.empty() || std::any_of(c.words.begin(), c.words.end(), [&](const auto& w) {
                return said.find(lower(w)) != std::string::npos;
            });
        if (expect == ProjectExpect::Harmless)
            why = "refused, expected a harmless open";
        else if (o.message.find(path) == std::string::npos)
            why = "the refusal does not name the file";
        else if (!wordSaid)
            why = "the refusal names none of the expected words";
    } else if (o.end == IsolatedOutcome::End::NoError) {
        if (expect == ProjectExpect::Refused) why = "opened, expected a refusal";
    } else {
        why = ts::test::describe(o.end);
    }
    const long maxMiB = c.hugeValueBytes ? kMaxExtraRssMiBBesideHugeValue : kMaxExtraRssMiB;
    if (why.empty() && extraMiB > maxMiB)
        why = "the open took " + std::to_string(extraMiB) + " MiB of extra memory (bound " +
              std::to_string(maxMiB) + " MiB)";
    if (why.empty() && !changes.empty()) why = "the folder changed: " + changes;
    return why;
}

}  // namespace

class TestHostileProjects : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        root_ = ts::test::scratchDir("hostile_projects");
        // This run's own record of TraceScope's own files (own_files.h), seen
        // by the forked children too.
        ::setenv("TRACESCOPE_STATE_DIR", (root_ / "state").c_str(), 1);
        // One corpus per way of opening: a failed open of one must not spoil
        // the other's files.
        try {
            readWrite_ = ts::test::makeHostileProjects(root_ / "read-write");
            readOnly_ = ts::test::makeHostileProjects(root_ / "read-only");
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        std::printf("hostile projects: %zu cases under %s\n", readWrite_.size(), root_.c_str());
    }

    // The table of docs/RELIABILITY.md: every case's expectation, explicit.
    void everyCaseHasAnExplicitExpectation() {
        QVERIFY(readWrite_.size() >= 29);
        QCOMPARE(readOnly_.size(), readWrite_.size());
        std::set<std::string> names;
        for (const auto& c : readWrite_) {
            QVERIFY2(names.insert(c.name).second, c.name.c_str());
            QVERIFY2(!c.how.empty(), c.name.c_str());
            std::string words;
            for (const auto& w : c.words) words += (words.empty() ? "" : " | ") + w;
            std::printf("| %s | %s | %s | %s | %s |\n", c.name.c_str(), c.how.c_str(),
                        ts::test::expectName(c.readWrite).c_str(),
                        ts::test::expectName(c.readOnly).c_str(), words.c_str());
        }
    }

    void readWriteOpenOfEveryCase() { openEvery(readWrite_, false); }
    void readOnlyOpenOfEveryCase() { openEvery(readOnly_, true); }

    void cleanupTestCase() {
        // The huge cases hold 80 MiB each: not worth keeping in the build tree.
        std::error_code ec;
        for (const auto* corpus : {&readWrite_, &readOnly_})
            for (const auto& c : *corpus)
                if (c.hugeValueBytes) fs::remove_all(c.folder, ec);
    }

private:
    void openEvery(const std::vector<HostileProjectCase>& cases, bool readOnly) {
        QVERIFY(!cases.empty());
        QStringList failures;
        double slowest = 0;
        const char* mode = readOnly ? "openReadOnly" : "open";
        for (const HostileProjectCase& c : cases) {
            const ProjectExpect expect = readOnly ? c.readOnly : c.readWrite;
            const ts::test::FolderSnapshot before = ts::test::snapshotFolder(c.folder);
            const long residentBefore = residentMiB();
            const auto start = std::chrono::steady_clock::now();
            const IsolatedOutcome o =
                ts::test::runIsolated([&] { openAndRead(c, readOnly); }, kBoundSeconds);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const long extraMiB = std::max(0L, o.peakRssMiB - residentBefore);
            const ts::test::FolderSnapshot after = ts::test::snapshotFolder(c.folder);
            const bool opened = o.end == IsolatedOutcome::End::NoError;
            const std::string changes = ts::test::unexpectedChanges(
                before, after, c.folder, c.path,
                readOnly || !opened ? AllowedChange::None : c.readWriteChange);
            const std::string why = judge(c, expect, o, seconds, extraMiB, changes);
            slowest = std::max(slowest, seconds);
            std::printf("%-12s %-32s %-20s %-20s %6.3f s %4ld MiB %s  %s\n", mode, c.name.c_str(),
                        ts::test::expectName(expect).c_str(), ts::test::describe(o.end).c_str(),
                        seconds, extraMiB, why.empty() ? "ok" : "FAIL",
                        without(o.message, c.folder.string() + "/").substr(0, 200).c_str());
            if (!why.empty())
                failures << QString::fromStdString(c.name + ": " + why + " [" +
                                                   ts::test::describe(o.end) + ": " +
                                                   o.message.substr(0, 300) + "]");
        }
        std::printf("%s: %zu cases, %lld failed, slowest %.3f s\n", mode, cases.size(),
                    static_cast<long long>(failures.size()), slowest);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("\n"))));
    }

    fs::path root_;
    std::vector<HostileProjectCase> readWrite_, readOnly_;
};

QTEST_GUILESS_MAIN(TestHostileProjects)
#include "test_hostile_projects.moc"
