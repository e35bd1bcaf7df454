#pragma once
// A small, strict reader for the Python literals found in the paper's CSV
// cells (repr() of lists, dicts and strings). Never eval: only these are
// accepted, with Python 3 semantics:
//   str    'x' or "x" (optional u/r prefix); escapes \\ \' \" \a \b \f \n \r
//          \t \v, octal \ooo, \xNN, \uNNNN, \UNNNNNNNN and backslash-newline.
//          \N{name}, unknown escapes, lone surrogates, triple quotes, bytes
//          literals and adjacent-literal concatenation are refused.
//   int    decimal / 0x / 0o / 0b with optional sign and underscores (64-bit)
//   float  123.5, 1e-3, .5, 5. (inf/nan are names in Python, not literals)
//   True / False / None, list [...], tuple (...), dict {str: ...}
// Sets and complex numbers are refused.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts {

// Parses one literal filling the whole text (surrounding whitespace allowed).
// Lists/tuples become JSON arrays, dicts JSON objects (keys must be str),
// None null. Throws ts::Error whose message gives the character offset (in
// code points from the start of the text). Nesting deeper than maxDepth is
// refused.
nlohmann::json parsePythonLiteral(std::string_view text, std::size_t maxDepth = 64);

// Convenience: a literal that must be a list of str.
std::vector<std::string> parsePythonStringList(std::string_view text);
// Convenience: a literal that must be one str.
std::string parsePythonString(std::string_view text);

}  // namespace ts
