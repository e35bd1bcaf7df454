#pragma once
// A small, strict reader for the Python literals found in the paper's CSV
// cells (repr() of lists, dicts and strings). Never eval: only str (single or
// double quoted, with \\ \' \" \n \r \t \xNN \uNNNN \UNNNNNNNN \N... is refused),
// int, float, True/False/None, list, tuple and dict are accepted.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts {

// Parses one literal filling the whole text (surrounding whitespace allowed).
// Lists/tuples become JSON arrays, dicts JSON objects (keys must be str),
// None null. Throws ts::Error whose message gives the character offset.
// Nesting deeper than maxDepth is refused.
nlohmann::json parsePythonLiteral(std::string_view text, std::size_t maxDepth = 64);

// Convenience: a literal that must be a list of str.
std::vector<std::string> parsePythonStringList(std::string_view text);
// Convenience: a literal that must be one str.
std::string parsePythonString(std::string_view text);

}  // namespace ts
