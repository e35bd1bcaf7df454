#include "core/util/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/memory.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

// What a path that is not a regular file is, for the message.
std::string notRegularReason(const fs::file_status& st) {
    switch (st.type()) {
        case fs::file_type::directory:
            return "is a directory, expected a file";
        case fs::file_type::fifo:
            return "is a named pipe (FIFO), not a regular file";
        case fs::file_type::socket:
            return "is a socket, not a regular file";
        case fs::file_type::character:
        case fs::file_type::block:
            return "is a device, not a regular file";
        default:
            return "not a regular file (device, socket or pipe)";
    }
}

void requireWithin(const fs::path& path, std::uint64_t size, const FileSizeLimit& limit) {
    if (size <= limit.bytes) return;
    const std::string exact = size >= kMiB ? " (" + std::to_string(size) + " bytes)" : "";
    throw Error("file is " + formatByteSize(size) + exact + ", over the " +
                    formatByteSize(limit.bytes) + " limit for " + std::string(limit.kind),
                {path.string()});
}

}  // namespace

void FileCloser::operator()(std::FILE* f) const {
    if (f) std::fclose(f);
}

std::uint64_t requireInputFile(const fs::path& path, const FileSizeLimit& limit) {
    std::error_code ec;
    const auto st = fs::status(path, ec);  // follows symlinks: a link to /dev/zero is refused
    if (ec || !fs::exists(st)) throw Error("file not found", {path.string()});
    if (!fs::is_regular_file(st)) throw Error(notRegularReason(st), {path.string()});
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error("cannot read the file size: " + ec.message(), {path.string()});
    requireWithin(path, size, limit);
    return size;
}

FileHandle openInputFile(const fs::path& path, const FileSizeLimit& limit) {
    requireInputFile(path, limit);
    // O_NONBLOCK: should the path have become a FIFO since the check, open()
    // returns at once instead of waiting for a writer; fstat then refuses it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw Error(std::string("cannot open: ") + std::strerror(errno), {path.string()});
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("not a regular file (device, socket or pipe)", {path.string()});
    }
    try {
        requireWithin(path, std::uint64_t(st.st_size), limit);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::FILE* f = ::fdopen(fd, "rb");
    if (!f) {
        ::close(fd);
        throw Error(std::string("cannot open: ") + std::strerror(errno), {path.string()});
    }
    return FileHandle(f);
}

std::string readFile(const fs::path& path, std::size_t maxBytes) {
    return readFile(path, FileSizeLimit{maxBytes, "files read whole"});
}

std::string readFile(const fs::path& path, const FileSizeLimit& limit) {
    const FileHandle f = openInputFile(path, limit);
    std::string data;
    struct stat st {};
    if (::fstat(::fileno(f.get()), &st) == 0) data.reserve(std::size_t(st.st_size));
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
        // The file may grow while it is read: the limit holds for what is read.
        if (data.size() + n > limit.bytes)
            throw Error("file grew past the " + formatByteSize(limit.bytes) + " limit for " +
                            std::string(limit.kind) + " while it was read",
                        {path.string()});
        data.append(buf, n);
    }
    if (std::ferror(f.get())) throw Error("read error", {path.string()});
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

LineReader::LineReader(const fs::path& path, std::size_t maxLineBytes,
                       const FileSizeLimit& fileLimit)
    : f_(openInputFile(path, fileLimit)), path_(path.string()), maxLine_(maxLineBytes) {}

LineReader::~LineReader() = default;

bool LineReader::next(std::string& line) {
    // getc_unlocked keeps embedded NUL bytes (fgets would cut the line there)
    // and lets a huge line be refused before it is held in memory whole.
    line.clear();
    int c;
    bool any = false;
    while ((c = getc_unlocked(f_.get())) != EOF) {
        any = true;
        ++bytes_;
        if (c == '\n') break;
        if (line.size() >= maxLine_) {
            throw Error("line longer than " + std::to_string(maxLine_) + " bytes", {path_, lineNo_ + 1});
        }
        line.push_back(static_cast<char>(c));
    }
    if (!any) {
        if (std::ferror(f_.get())) throw Error("read error", {path_, lineNo_ + 1});
        return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++lineNo_;
    return true;
}

}  // namespace ts
