#include "core/score/json_lines.h"

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

void forEachJsonLine(const std::filesystem::path& path,
                     const std::function<void(const nlohmann::json&, std::size_t)>& fn) {
    LineReader reader(path);
    std::string line;
    std::size_t records = 0;
    while (reader.next(line)) {
        if (trimView(line).empty()) continue;
        requireJsonDepthWithin(line, path.string(), reader.lineNumber());
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("malformed JSON line: ") + e.what(),
                        {path.string(), reader.lineNumber()});
        }
        if (!value.is_object())
            throw Error("expected a JSON object per line, got " + std::string(value.type_name()),
                        {path.string(), reader.lineNumber()});
        ++records;
        fn(value, reader.lineNumber());
    }
    if (records == 0) throw Error("no records (the file is empty)", {path.string()});
}

const nlohmann::json& requireKey(const nlohmann::json& record, const char* key,
                                 const std::string& file, std::size_t line) {
    const auto it = record.find(key);
    if (it == record.end()) throw Error("missing", {file, line, key});
    return *it;
}

std::string requireString(const nlohmann::json& record, const char* key, const std::string& file,
                          std::size_t line) {
    const nlohmann::json& v = requireKey(record, key, file, line);
    if (!v.is_string())
        throw Error("expected a string, got " + std::string(v.type_name()), {file, line, key});
    return v.get<std::string>();
}

std::vector<std::string> requireStringList(const nlohmann::json& record, const char* key,
                                           const std::string& file, std::size_t line) {
    const nlohmann::json& v = requireKey(record, key, file, line);
    if (!v.is_array())
        throw Error("expected a list of strings, got " + std::string(v.type_name()),
                    {file, line, key});
    std::vector<std::string> out;
    out.reserve(v.size());
    for (const auto& e : v) {
        if (!e.is_string())
            throw Error("expected a list of strings, found " + std::string(e.type_name()),
                        {file, line, key});
        out.push_back(e.get<std::string>());
    }
    return out;
}

}  // namespace ts
