#include "core/data/json_records.h"

#include <algorithm>
#include <cstdio>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

namespace fs = std::filesystem;

JsonRecord::JsonRecord(const nlohmann::json& value, std::string file, std::size_t line,
                       std::string keyPath)
    : value_(&value), file_(std::move(file)), line_(line), keyPath_(std::move(keyPath)) {
    if (!value.is_object())
        throw Error("expected a JSON object, got " + jsonTypeName(value), {file_, line_, keyPath_});
}

std::string JsonRecord::keyName(std::string_view key) const {
    if (keyPath_.empty()) return std::string(key);
    if (key.empty()) return keyPath_;
    return keyPath_ + "." + std::string(key);
}

void JsonRecord::fail(const std::string& message, std::string_view key) const {
    throw Error(message, {file_, line_, keyName(key)});
}

bool JsonRecord::has(std::string_view key) const {
    return value_->contains(key);
}

const nlohmann::json& JsonRecord::at(std::string_view key) const {
    const auto it = value_->find(key);
    if (it == value_->end()) fail("missing key", key);
    return *it;
}

std::string JsonRecord::string(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_string()) fail("expected a string, got " + jsonTypeName(v), key);
    return v.get<std::string>();
}

std::int64_t JsonRecord::integer(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_number_integer()) fail("expected an integer, got " + jsonTypeName(v), key);
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
        fail("integer out of range", key);
    return v.get<std::int64_t>();
}

std::vector<std::string> JsonRecord::stringList(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_array()) fail("expected an array of strings, got " + jsonTypeName(v), key);
    std::vector<std::string> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            fail("expected an array of strings, element " + std::to_string(i) + " is " +
                     jsonTypeName(v[i]),
                 key);
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

JsonRecord JsonRecord::object(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_object()) fail("expected an object, got " + jsonTypeName(v), key);
    return JsonRecord(v, file_, line_, keyName(key));
}

std::string jsonTypeName(const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::boolean:
            return "a boolean";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::object:
            return "an object";
        case nlohmann::json::value_t::number_float:
            return "a float";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "an integer";
        default:
            return "an unsupported value";
    }
}

nlohmann::json parseJsonText(std::string_view text, const std::string& file,
                             std::size_t firstLine) {
    if (const auto bad = firstInvalidUtf8(text))
        throw Error("invalid UTF-8 (byte " + std::to_string(*bad) + ")",
                    {file, lineOfOffset(text, *bad, firstLine)});
    return parseJsonChecked(text, file, firstLine);
}

std::vector<std::size_t> topLevelArrayElementLines(std::string_view text) {
    std::vector<std::size_t> lines;
    std::size_t line = 1;
    int depth = 0;
    bool inString = false;
    bool expectElement = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (inString) {
            if (c == '\\') {
                ++i;  // an escaped character can never be a quote or newline
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (depth == 1 && expectElement && c != ']') {
            lines.push_back(line);
            expectElement = false;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
            if (depth == 1) expectElement = true;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectElement = true;
        }
    }
    return lines;
}

char firstJsonByte(const fs::path& path) {
    const FileHandle file = openInputFile(path, kDatasetFileLimit);
    std::FILE* f = file.get();
    int c;
    while ((c = std::fgetc(f)) != EOF) {
        if (c == 0xEF) {  // a UTF-8 byte-order mark is not content
            std::fgetc(f);
            std::fgetc(f);
            continue;
        }
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    }
    return c == EOF ? '\0' : static_cast<char>(c);
}

bool fileHoldsOneJsonValue(const fs::path& path) {
    const FileHandle file = openInputFile(path, kDatasetFileLimit);
    std::FILE* f = file.get();
    int depth = 0;
    bool inString = false, started = false, ended = false, more = false;
    int c;
    while ((c = getc_unlocked(f)) != EOF) {
        if (ended) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                more = true;
                break;
            }
            continue;
        }
        if (inString) {
            if (c == '\\') {
                getc_unlocked(f);
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
            started = true;
        } else if (c == '}' || c == ']') {
            if (--depth == 0 && started) ended = true;
        }
    }
    return !more;
}

void forEachJsonRecord(const fs::path& path, const ProgressSink& progress,
                       const std::function<void(const nlohmann::json&, std::size_t)>& fn,
                       std::size_t maxLineBytes) {
    const std::string file = path.string();
    // Refused by type and size before anything is opened or read.
    const double total =
        static_cast<double>(std::max<std::uint64_t>(requireInputFile(path, kDatasetFileLimit), 1));
    const std::string message = "reading " + path.filename().string();

    if (firstJsonByte(path) == '[') {
        const std::string text = readFile(path, kDatasetFileLimit);
        const nlohmann::json doc = parseJsonText(text, file);
        const std::vector<std::size_t> lines = topLevelArrayElementLines(text);
        if (lines.size() != doc.size())
            throw Error("could not locate the array elements (internal scan mismatch)", {file});
        if (doc.empty()) throw Error("empty array: no JSON records", {file});
        for (std::size_t i = 0; i < doc.size(); ++i) {
            if (i % 1024 == 0) progress.report(static_cast<double>(i) / doc.size(), message);
            fn(doc[i], lines[i]);
        }
        progress.report(1.0, message);
        return;
    }

    LineReader reader(path, maxLineBytes ? maxLineBytes : kMaxLineBytes, kDatasetFileLimit);
    std::string line;
    std::size_t records = 0;
    while (reader.next(line)) {
        if (trimView(line).empty()) continue;
        if (records % 1024 == 0)
            progress.report(static_cast<double>(reader.bytesRead()) / total, message);
        const nlohmann::json value = parseJsonText(line, file, reader.lineNumber());
        fn(value, reader.lineNumber());
        ++records;
    }
    if (records == 0) throw Error("empty file: no JSON records", {file});
    progress.report(1.0, message);
}

}  // namespace ts
