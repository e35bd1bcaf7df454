#pragma once
// File access with the error messages the brief asks for: every failure names
// the file (and line), huge inputs are refused instead of exhausting memory,
// and writes go through a temporary file + rename so a crash never leaves a
// half-written output behind.
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace ts {

// Default ceiling for whole-file reads (datasets are far below this).
inline constexpr std::size_t kMaxWholeFileBytes = std::size_t(2) << 30;  // 2 GiB
// Default ceiling for one line of a line-oriented format.
inline constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;  // 64 MiB

// Reads a regular file completely. Throws ts::Error naming the file when it is
// missing, not a regular file (directories, /dev nodes), or larger than maxBytes.
std::string readFile(const std::filesystem::path& path, std::size_t maxBytes = kMaxWholeFileBytes);

// Writes content to path atomically (temp file in the same directory, fsync, rename).
void writeFileAtomic(const std::filesystem::path& path, std::string_view content);

// Reads a text file line by line, counting lines (1-based) for error messages.
// Lines keep no trailing "\n"; a trailing "\r" is removed too. A line longer
// than maxLineBytes is an error naming the file and line.
class LineReader {
public:
    explicit LineReader(const std::filesystem::path& path, std::size_t maxLineBytes = kMaxLineBytes);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    bool next(std::string& line);
    std::size_t lineNumber() const { return lineNo_; }
    const std::string& path() const { return path_; }
    std::size_t bytesRead() const { return bytes_; }

private:
    std::FILE* f_ = nullptr;
    std::string path_;
    std::size_t maxLine_;
    std::size_t lineNo_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace ts
