#include "core/util/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

void requireRegularFile(const fs::path& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);  // follows symlinks: a link to /dev/zero is refused
    if (ec || !fs::exists(st)) throw Error("file not found", {path.string()});
    if (fs::is_directory(st)) throw Error("is a directory, expected a file", {path.string()});
    if (!fs::is_regular_file(st)) throw Error("not a regular file (device, socket or pipe)", {path.string()});
}

}  // namespace

std::string readFile(const fs::path& path, std::size_t maxBytes) {
    requireRegularFile(path);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw Error(std::string("cannot open: ") + std::strerror(errno), {path.string()});
    std::string data;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!ec && size > maxBytes) {
        std::fclose(f);
        throw Error("file is " + std::to_string(size) + " bytes, more than the limit of " +
                        std::to_string(maxBytes),
                    {path.string()});
    }
    if (!ec) data.reserve(size);
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (data.size() + n > maxBytes) {
            std::fclose(f);
            throw Error("file exceeds the limit of " + std::to_string(maxBytes) + " bytes", {path.string()});
        }
        data.append(buf, n);
    }
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) throw Error("read error", {path.string()});
    return data;
}

void writeFileAtomic(const fs::path& path, std::string_view content) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmpXXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error(std::string("cannot create temporary file: ") + std::strerror(errno), {path.string()});
    std::size_t off = 0;
    while (off < content.size()) {
        const ssize_t w = ::write(fd, content.data() + off, content.size() - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmpl.c_str());
            throw Error("write failed: " + why, {path.string()});
        }
        off += static_cast<std::size_t>(w);
    }
    ::fsync(fd);
    ::fchmod(fd, 0644);
    ::close(fd);
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        throw Error("cannot move temporary file into place: " + why, {path.string()});
    }
}

LineReader::LineReader(const fs::path& path, std::size_t maxLineBytes)
    : path_(path.string()), maxLine_(maxLineBytes) {
    requireRegularFile(path);
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) throw Error(std::string("cannot open: ") + std::strerror(errno), {path_});
}

LineReader::~LineReader() {
    if (f_) std::fclose(f_);
}

bool LineReader::next(std::string& line) {
    // getc_unlocked keeps embedded NUL bytes (fgets would cut the line there)
    // and lets a huge line be refused before it is held in memory whole.
    line.clear();
    int c;
    bool any = false;
    while ((c = getc_unlocked(f_)) != EOF) {
        any = true;
        ++bytes_;
        if (c == '\n') break;
        if (line.size() >= maxLine_) {
            throw Error("line longer than " + std::to_string(maxLine_) + " bytes", {path_, lineNo_ + 1});
        }
        line.push_back(static_cast<char>(c));
    }
    if (!any) {
        if (std::ferror(f_)) throw Error("read error", {path_, lineNo_ + 1});
        return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++lineNo_;
    return true;
}

}  // namespace ts
