#include "core/store/own_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace ts::store {

namespace fs = std::filesystem;

namespace {

// What identifies one version of one file (stat(2)).
struct FileIdentity {
    unsigned long long device = 0, inode = 0;
    long long size = 0, mtimeNs = 0, ctimeNs = 0;
    std::string path;  // canonical

    bool sameFile(const FileIdentity& o) const {
        return device == o.device && inode == o.inode && size == o.size && mtimeNs == o.mtimeNs &&
               ctimeNs == o.ctimeNs && path == o.path;
    }
};

std::string canonical(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? std::string() : p.string();
}

std::optional<FileIdentity> identityOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    FileIdentity id;
    id.device = st.st_dev;
    id.inode = st.st_ino;
    id.size = st.st_size;
    id.mtimeNs = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    id.ctimeNs = st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
    id.path = canonical(path);
    if (id.path.empty()) return std::nullopt;
    return id;
}

bool walBeside(const std::string& path) {
    std::error_code ec;
    return fs::exists(path + "-wal", ec) || ec;
}

// One line per file: device inode size mtime ctime path (the path last, so
// it may hold spaces; a path with a newline is never recorded).
std::vector<FileIdentity> readRecord(const std::string& file) {
    std::vector<FileIdentity> out;
    std::ifstream in(file);
    std::string line;
    while (out.size() < static_cast<std::size_t>(kOwnFilesKept) && std::getline(in, line)) {
        std::istringstream fields(line);
        FileIdentity id;
        if (!(fields >> id.device >> id.inode >> id.size >> id.mtimeNs >> id.ctimeNs)) continue;
        fields.get();  // the space before the path
        std::getline(fields, id.path);
        if (!id.path.empty()) out.push_back(std::move(id));
    }
    return out;
}

// Written beside the record and renamed over it: a reader sees the old
// record or the new one, never half of one.
void writeRecord(const std::string& file, const std::vector<FileIdentity>& entries) {
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    const std::string temporary = file + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const FileIdentity& e : entries)
            out << e.device << ' ' << e.inode << ' ' << e.size << ' ' << e.mtimeNs << ' '
                << e.ctimeNs << ' ' << e.path << '\n';
        if (!out.flush()) {
            fs::remove(temporary, ec);
            return;
        }
    }
    fs::rename(temporary, file, ec);
    if (ec) fs::remove(temporary, ec);
}

}  // namespace

std::string ownFilesRecordPath() {
    if (const char* dir = std::getenv("TRACESCOPE_STATE_DIR"); dir && *dir)
        return (fs::path(dir) / "own-projects").string();
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return (fs::path(state) / "tracescope" / "own-projects").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".local" / "state" / "tracescope" / "own-projects").string();
    return {};
}

bool isUnchangedOwnFile(const std::string& path) {
    const std::string record = ownFilesRecordPath();
    if (record.empty() || walBeside(path)) return false;
    const auto now = identityOf(path);
    if (!now) return false;
    for (const FileIdentity& e : readRecord(record))
        if (e.sameFile(*now)) return true;
    return false;
}

void recordOwnFile(const std::string& path) {
    try {
        const std::string record = ownFilesRecordPath();
        if (record.empty() || walBeside(path)) return;
        const auto now = identityOf(path);
        if (!now || now->path.find('\n') != std::string::npos) return;
        std::vector<FileIdentity> entries = {*now};
        for (FileIdentity& e : readRecord(record))
            if (e.path != now->path && entries.size() < static_cast<std::size_t>(kOwnFilesKept))
                entries.push_back(std::move(e));
        writeRecord(record, entries);
    } catch (const std::exception&) {
        // A cache: the next open checks the file in full.
    }
}

}  // namespace ts::store
