#pragma once
// File access with the error messages the brief asks for: every failure names
// the file (and line), huge inputs are refused instead of exhausting memory,
// and writes go through a temporary file + rename so a crash never leaves a
// half-written output behind.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/input_limits.h"

namespace ts {

// Default ceiling for whole-file reads (the per-kind limits of input_limits.h
// are tighter; kMaxLineBytes lives there too).
inline constexpr std::size_t kMaxWholeFileBytes = kWholeFileLimit.bytes;

// Checks, without opening it, that path names a regular file (symlinks
// followed) no larger than limit, and returns its size. Throws ts::Error
// naming the file when it is missing, a directory, a FIFO, a device or a
// socket, or over the limit ("file is 2.0 GiB, over the 1.0 GiB limit for
// dataset and predictions files").
std::uint64_t requireInputFile(const std::filesystem::path& path, const FileSizeLimit& limit);

struct FileCloser {
    void operator()(std::FILE* f) const;
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

// requireInputFile, then opens the file for reading. The open is
// non-blocking and the opened descriptor is checked again, so a file swapped
// for a FIFO after the check can neither hang the open nor be read.
FileHandle openInputFile(const std::filesystem::path& path, const FileSizeLimit& limit);

// Reads a regular file completely. Throws ts::Error naming the file when it is
// missing, not a regular file (directories, /dev nodes, FIFOs), or larger than
// the limit.
std::string readFile(const std::filesystem::path& path, const FileSizeLimit& limit);
std::string readFile(const std::filesystem::path& path, std::size_t maxBytes = kMaxWholeFileBytes);

// Writes content to path atomically (temp file in the same directory, fsync, rename).
void writeFileAtomic(const std::filesystem::path& path, std::string_view content);

// Reads a text file line by line, counting lines (1-based) for error messages.
// Lines keep no trailing "\n"; a trailing "\r" is removed too. A line longer
// than maxLineBytes is an error naming the file and line; a file over
// fileLimit is refused before its first line is read.
class LineReader {
public:
    explicit LineReader(const std::filesystem::path& path, std::size_t maxLineBytes = kMaxLineBytes,
                        const FileSizeLimit& fileLimit = kDatasetFileLimit);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    bool next(std::string& line);
    std::size_t lineNumber() const { return lineNo_; }
    const std::string& path() const { return path_; }
    std::size_t bytesRead() const { return bytes_; }

private:
    FileHandle f_;
    std::string path_;
    std::size_t maxLine_;
    std::size_t lineNo_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace ts
