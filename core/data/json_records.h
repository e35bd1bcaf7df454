#pragma once
// Reading JSON sources record by record with errors that name the file, the
// line the record starts on, and the key: JSON Lines files (streamed through
// LineReader, so an over-long line is refused before it is held whole) and
// files holding one top-level array of records (read whole).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jobs/progress.h"

namespace ts {

// A JSON object and where it came from. The typed getters throw ts::Error
// naming the file, line and key ("passages.url" for nested keys).
class JsonRecord {
public:
    JsonRecord(const nlohmann::json& value, std::string file, std::size_t line,
               std::string keyPath = {});

    const nlohmann::json& value() const { return *value_; }
    const std::string& file() const { return file_; }
    std::size_t line() const { return line_; }

    bool has(std::string_view key) const;
    const nlohmann::json& at(std::string_view key) const;  // missing: error
    std::string string(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    std::vector<std::string> stringList(std::string_view key) const;
    // A nested object, for getters whose messages name "outer.inner".
    JsonRecord object(std::string_view key) const;

    std::string keyName(std::string_view key) const;
    [[noreturn]] void fail(const std::string& message, std::string_view key = {}) const;

private:
    const nlohmann::json* value_;
    std::string file_;
    std::size_t line_;
    std::string keyPath_;
};

// "a string", "an array", ... for messages.
std::string jsonTypeName(const nlohmann::json& v);

// Parses JSON text whose first byte is on firstLine of file. Syntax errors
// and invalid UTF-8 become ts::Error with the file and the line of the fault.
nlohmann::json parseJsonText(std::string_view text, const std::string& file,
                             std::size_t firstLine = 1);

// 1-based start lines of the elements of the top-level array in text (the
// text must be one JSON array; strings and nesting are respected).
std::vector<std::size_t> topLevelArrayElementLines(std::string_view text);

// The first byte of the file that is not whitespace ('\0' for an empty or
// blank file). Reads only as far as needed.
char firstJsonByte(const std::filesystem::path& path);

// True when the file holds exactly one JSON value (possibly spread over many
// lines), false when more values follow it (JSON Lines). Scans only as far
// as the end of the first value plus the next non-blank byte.
bool fileHoldsOneJsonValue(const std::filesystem::path& path);

// Calls fn(record, line) for every record of a JSON Lines file (blank lines
// are not records) or, when the file starts with '[', for every element of
// its one top-level array. Reports byte progress to progress. Throws
// ts::Error for an empty file, a syntax error, or a line over maxLineBytes.
void forEachJsonRecord(const std::filesystem::path& path, const ProgressSink& progress,
                       const std::function<void(const nlohmann::json&, std::size_t)>& fn,
                       std::size_t maxLineBytes = 0);

}  // namespace ts
