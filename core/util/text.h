#pragma once
// Small string helpers shared by every module: UTF-8 checks, trimming, ASCII
// case folding, and Python's repr() of strings and string lists (the paper's
// prompts and traces embed Python reprs, so we must write them byte-exactly).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ts {

// Index of the first byte that breaks UTF-8 validity, or nullopt when valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view s);
inline bool isValidUtf8(std::string_view s) { return !firstInvalidUtf8(s).has_value(); }

// Decodes one code point at s[i], advancing i; returns U+FFFD on bad input.
char32_t decodeUtf8(std::string_view s, std::size_t& i);
void appendUtf8(std::string& out, char32_t cp);

std::string_view trimView(std::string_view s);
std::string trim(std::string_view s);
std::string toLowerAscii(std::string_view s);
std::string toUpperAscii(std::string_view s);
bool startsWith(std::string_view s, std::string_view prefix);
bool endsWith(std::string_view s, std::string_view suffix);
bool contains(std::string_view s, std::string_view needle);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
void replaceAll(std::string& s, std::string_view from, std::string_view to);

// Python 3 str.isprintable() for one code point (approximation over the
// categories Cc, Cf, Zl, Zp, Zs-but-space, surrogates and private use).
bool isPythonPrintable(char32_t cp);

// Python 3 repr(str): single quotes unless the text has ' and no ", escapes
// \\ \n \r \t, \xNN / \uNNNN / \UNNNNNNNN for non-printable characters.
std::string pythonRepr(std::string_view s);

// Python 3 repr(list of str): "['a', \"b'c\"]".
std::string pythonReprList(const std::vector<std::string>& items);

}  // namespace ts
