// This machine's record of its own project files (core/store/own_files.h):
// a file TraceScope closed counts as unchanged until anything else touches
// it, and every way of touching it (an edit in place with the times put
// back, a copy, a file saved over it, a WAL beside it) voids that.
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/store/own_files.h"
#include "core/store/project.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using ts::store::isUnchangedOwnFile;
using ts::store::Project;

namespace {

void makeProject(const fs::path& path) {
    auto project = Project::create(path.string());
    project.db().exec("INSERT INTO project_meta(key, value) VALUES ('note', 'x')");
}

// File times tick with the kernel's coarse clock: wait past one tick.
void nextClockTick() {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace

class TestOwnFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        dir_ = ts::test::scratchDir("own_files");
        ::setenv("TRACESCOPE_STATE_DIR", (dir_ / "state").c_str(), 1);
    }

    void aClosedProjectIsRecordedAndStaysSoAfterItsOwnWrites() {
        const fs::path path = dir_ / "a.tsproj";
        QVERIFY(!isUnchangedOwnFile(path.string()));
        makeProject(path);
        QVERIFY(isUnchangedOwnFile(path.string()));
        nextClockTick();
        {
            auto project = Project::open(path.string());
            // Open: the -wal beside it means the file is not final.
            QVERIFY(!isUnchangedOwnFile(path.string()));
            project.db().exec("UPDATE project_meta SET value = 'y' WHERE key = 'note'");
        }
        QVERIFY(isUnchangedOwnFile(path.string()));
        // A read-only open writes nothing and records nothing; the record holds.
        { (void)Project::openReadOnly(path.string()); }
        QVERIFY(isUnchangedOwnFile(path.string()));
    }

    void anEditInPlaceWithTheTimesPutBackIsNoticed() {
        const fs::path path = dir_ / "b.tsproj";
        makeProject(path);
        struct stat before {};
        QCOMPARE(::stat(path.c_str(), &before), 0);
        nextClockTick();
        {
            std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(200);
            f.put('\x7f');
        }
        // utimensat can restore the modification time, never the ctime.
        const struct timespec times[2] = {before.st_atim, before.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
        QVERIFY(!isUnchangedOwnFile(path.string()));
    }

    void aCopyOrAFileSavedOverItIsNotOwn() {
        const fs::path path = dir_ / "c.tsproj", other = dir_ / "other.tsproj";
        makeProject(path);
        makeProject(other);
        fs::copy_file(path, dir_ / "copy.tsproj");
        QVERIFY(!isUnchangedOwnFile((dir_ / "copy.tsproj").string()));
        // A colleague's file renamed over ours: another inode (and ctime).
        fs::copy_file(other, dir_ / "incoming.tsproj");
        fs::rename(dir_ / "incoming.tsproj", path);
        QVERIFY(!isUnchangedOwnFile(path.string()));
    }

    void aWalBesideItVoidsTheRecord() {
        const fs::path path = dir_ / "d.tsproj";
        makeProject(path);
        std::ofstream(path.string() + "-wal") << "not ours";
        QVERIFY(!isUnchangedOwnFile(path.string()));
    }

    void aDamagedRecordCountsAsNoRecord() {
        const fs::path path = dir_ / "e.tsproj";
        makeProject(path);
        QVERIFY(isUnchangedOwnFile(path.string()));
        std::ofstream(ts::store::ownFilesRecordPath(), std::ios::trunc)
            << "garbage\n1 2\n\xff\xfe 3 4 5 6 /x\n";
        QVERIFY(!isUnchangedOwnFile(path.string()));
        // And the next close writes a good one again.
        { (void)Project::open(path.string()); }
        QVERIFY(isUnchangedOwnFile(path.string()));
    }

    void theRecordKeepsTheNewestFiles() {
        for (int i = 0; i < ts::store::kOwnFilesKept + 3; ++i)
            makeProject(dir_ / ("f" + std::to_string(i) + ".tsproj"));
        std::ifstream in(ts::store::ownFilesRecordPath());
        int lines = 0;
        for (std::string line; std::getline(in, line);) ++lines;
        QCOMPARE(lines, ts::store::kOwnFilesKept);
        QVERIFY(isUnchangedOwnFile((dir_ / "f258.tsproj").string()));
        QVERIFY(!isUnchangedOwnFile((dir_ / "f0.tsproj").string()));
    }

private:
    fs::path dir_;
};

QTEST_GUILESS_MAIN(TestOwnFiles)
#include "test_own_files.moc"
