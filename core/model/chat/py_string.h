#pragma once
// The Python str operations chat templates call (strip, split, replace, case,
// indexing and slicing by code point), on UTF-8 strings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ts::jinja::py {

// str.isspace() for one code point.
bool isSpace(char32_t c);

// str.strip/lstrip/rstrip; chars nullopt strips whitespace.
std::string strip(std::string_view s, const std::optional<std::string>& chars, bool left,
                  bool right);
// str.split(sep, maxsplit); sep nullopt splits on runs of whitespace.
std::vector<std::string> split(std::string_view s, const std::optional<std::string>& sep,
                               std::int64_t maxsplit);
// str.replace(old, new, count); count < 0 replaces all.
std::string replace(std::string_view s, std::string_view from, std::string_view to,
                    std::int64_t count);
// Unicode case mapping as Python's str.upper/lower/title/capitalize (full
// mappings such as 'ß' -> 'SS'; the final-sigma rule of lower() is not applied).
std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string title(std::string_view s);
std::string capitalize(std::string_view s);

// Byte offsets of each code point start, plus s.size() at the end.
std::vector<std::size_t> codePointOffsets(std::string_view s);
std::size_t length(std::string_view s);

// Python slice semantics: resolves (start, stop, step) against a length,
// returning the selected indices in order. step must not be 0.
std::vector<std::int64_t> sliceIndices(std::int64_t length, std::optional<std::int64_t> start,
                                       std::optional<std::int64_t> stop, std::int64_t step);

}  // namespace ts::jinja::py
