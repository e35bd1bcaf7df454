#include "core/util/error.h"

namespace ts {

// Appended piece by piece: GCC 12 at -O2 warns (-Warray-bounds, a known false
// positive) on `"literal" + std::string` temporaries here.
std::string formatError(const std::string& message, const ErrorLocation& where) {
    std::string out;
    if (!where.file.empty()) {
        out.append(where.file);
        if (where.line > 0) out.append(":").append(std::to_string(where.line));
        out.append(": ");
    } else if (where.line > 0) {
        out.append("line ").append(std::to_string(where.line)).append(": ");
    }
    if (!where.key.empty()) out.append("key '").append(where.key).append("': ");
    out.append(message);
    return out;
}

Error::Error(std::string message, ErrorLocation where)
    : std::runtime_error(formatError(message, where)),
      message_(std::move(message)),
      where_(std::move(where)) {}

Error Error::located(const std::string& file, std::size_t line) const {
    ErrorLocation w = where_;
    if (w.file.empty()) w.file = file;
    if (w.line == 0) w.line = line;
    return Error(message_, w);
}

Error Error::withKey(const std::string& key) const {
    ErrorLocation w = where_;
    if (w.key.empty()) w.key = key;
    return Error(message_, w);
}

}  // namespace ts
