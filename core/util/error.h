#pragma once
// The one error type of core/: bad input and failed operations are reported by
// throwing ts::Error, which always says where (file, line, key) and what was
// expected, so a front end can print one clear message and never crash.
#include <cstddef>
#include <utility>
#include <stdexcept>
#include <string>

namespace ts {

struct ErrorLocation {
    std::string file;      // path of the offending file, empty when not file-related
    std::size_t line = 0;  // 1-based line (or record) number, 0 when unknown
    std::string key;       // JSON key / CSV column / field name, empty when unknown

    ErrorLocation(std::string f = {}, std::size_t l = 0, std::string k = {})
        : file(std::move(f)), line(l), key(std::move(k)) {}
};

class Error : public std::runtime_error {
public:
    explicit Error(std::string message, ErrorLocation where = {});

    const std::string& message() const { return message_; }
    const ErrorLocation& where() const { return where_; }

    // Returns a copy with the location filled in where it was still empty, so
    // inner parsers can throw with a key and outer loaders add file and line.
    Error located(const std::string& file, std::size_t line = 0) const;
    Error withKey(const std::string& key) const;

private:
    std::string message_;
    ErrorLocation where_;
};

// "file:line: key 'k': message" with the absent parts left out.
std::string formatError(const std::string& message, const ErrorLocation& where);

// Thrown when a cooperative cancellation request was honoured.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace ts
