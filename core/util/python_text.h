#pragma once
// Python str semantics the paper's scoring code relies on, for UTF-8 text:
// str.lower() over all of Unicode (the metric lower-cases predictions such as
// "École" before comparing them with gold answers), str.split() whitespace,
// and len() in code points (candidate answers are sorted by it). Needed to
// reproduce the stored metric files to the decimal.
#include <cstddef>
#include <string>
#include <string_view>

namespace ts {

// Python 3.11 str.lower() (Unicode 14 simple lower-case mappings, plus the
// one special case U+0130 -> "i\u0307"). Invalid UTF-8 bytes are kept as is.
std::string pythonLower(std::string_view s);

// Python str.isspace() for one code point (what str.split() splits on).
bool isPythonWhitespace(char32_t cp);

// ' '.join(s.split()): collapse runs of Python whitespace, trim both ends.
std::string collapsePythonWhitespace(std::string_view s);

// len(s) for a Python str: the number of code points.
std::size_t codePointCount(std::string_view s);

// Python round(x, 1): round half to even on the exact binary value.
double pythonRound1(double x);

}  // namespace ts
