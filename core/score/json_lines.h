#pragma once
// JSON Lines input for the prediction readers: every non-blank line must be
// one JSON object; errors name the file and line (and the key).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts {

// Calls fn(object, line) for each non-blank line. Throws ts::Error for an
// unreadable file, malformed JSON, a line that is not an object, or a file
// without any record.
void forEachJsonLine(const std::filesystem::path& path,
                     const std::function<void(const nlohmann::json&, std::size_t)>& fn);

// Typed field access; errors carry file, line and key.
const nlohmann::json& requireKey(const nlohmann::json& record, const char* key,
                                 const std::string& file, std::size_t line);
std::string requireString(const nlohmann::json& record, const char* key, const std::string& file,
                          std::size_t line);
std::vector<std::string> requireStringList(const nlohmann::json& record, const char* key,
                                           const std::string& file, std::size_t line);

}  // namespace ts
