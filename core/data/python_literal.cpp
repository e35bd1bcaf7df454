#include "core/data/python_literal.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool isIdentChar(char c) {
    return isIdentStart(c) || isDigit(c);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Recursive descent over the text; depth is bounded by maxDepth, so the
// recursion is too.
class LiteralParser {
public:
    LiteralParser(std::string_view text, std::size_t maxDepth) : s_(text), maxDepth_(maxDepth) {}

    nlohmann::json parseWhole() {
        if (const auto bad = firstInvalidUtf8(s_)) fail("invalid UTF-8", *bad);
        skipSpace();
        if (pos_ >= s_.size()) fail("empty text, expected a Python literal", pos_);
        nlohmann::json value = parseValue();
        skipSpace();
        if (pos_ < s_.size()) {
            if (s_[pos_] == '\'' || s_[pos_] == '"')
                fail("adjacent string literals (implicit concatenation) are not supported", pos_);
            fail("unexpected text after the literal", pos_);
        }
        return value;
    }

private:
    std::string_view s_;
    std::size_t maxDepth_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;

    [[noreturn]] void fail(const std::string& message, std::size_t bytePos) const {
        // Offsets count code points so they match what an editor shows.
        std::size_t chars = 0;
        for (std::size_t i = 0; i < bytePos && i < s_.size(); ++i)
            if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++chars;
        throw Error("Python literal: " + message + " at character " + std::to_string(chars));
    }

    void skipSpace() {
        while (pos_ < s_.size() && isSpace(s_[pos_])) ++pos_;
    }

    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

    nlohmann::json parseValue() {
        skipSpace();
        if (pos_ >= s_.size()) fail("unexpected end of text, expected a value", pos_);
        const char c = s_[pos_];
        if (c == '\'' || c == '"') return parseString(false);
        if (c == '[') return parseList();
        if (c == '(') return parseParen();
        if (c == '{') return parseBrace();
        if (isDigit(c) || c == '.' || c == '-' || c == '+') return parseNumber();
        if (isIdentStart(c)) return parseName();
        fail(std::string("unexpected character '") + c + "'", pos_);
    }

    void enter(std::size_t at) {
        if (++depth_ > maxDepth_)
            fail("nesting deeper than " + std::to_string(maxDepth_) + " levels", at);
    }

    // Parses "item (, item)* [,] close" after the opening bracket.
    template <typename OnItem>
    void parseSequence(char close, OnItem onItem) {
        skipSpace();
        if (peek() == close) {
            ++pos_;
            return;
        }
        while (true) {
            onItem();
            skipSpace();
            const char c = peek();
            if (c == close) {
                ++pos_;
                return;
            }
            if (c != ',') {
                if (c == '\'' || c == '"')
                    fail("adjacent string literals (implicit concatenation) are not supported",
                         pos_);
                fail(pos_ >= s_.size()
                         ? std::string("unexpected end of text, expected ',' or '") + close + "'"
                         : std::string("expected ',' or '") + close + "'",
                     pos_);
            }
            ++pos_;
            skipSpace();
            if (peek() == close) {  // trailing comma
                ++pos_;
                return;
            }
        }
    }

    nlohmann::json parseList() {
        enter(pos_);
        ++pos_;
        nlohmann::json arr = nlohmann::json::array();
        parseSequence(']', [&] { arr.push_back(parseValue()); });
        --depth_;
        return arr;
    }

    // "(" starts a tuple or just groups one value: (1) is 1, (1,) a tuple.
    nlohmann::json parseParen() {
        enter(pos_);
        ++pos_;
        skipSpace();
        nlohmann::json arr = nlohmann::json::array();
        if (peek() == ')') {
            ++pos_;
            --depth_;
            return arr;
        }
        nlohmann::json first = parseValue();
        skipSpace();
        if (peek() == ')') {
            ++pos_;
            --depth_;
            return first;
        }
        if (peek() != ',') fail("expected ',' or ')'", pos_);
        arr.push_back(std::move(first));
        ++pos_;
        parseSequence(')', [&] { arr.push_back(parseValue()); });
        --depth_;
        return arr;
    }

    nlohmann::json parseBrace() {
        enter(pos_);
        ++pos_;
        nlohmann::json obj = nlohmann::json::object();
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            --depth_;
            return obj;
        }
        bool first = true;
        parseSequence('}', [&] {
            skipSpace();
            const std::size_t keyPos = pos_;
            nlohmann::json key = parseValue();
            skipSpace();
            if (peek() != ':') {
                if (first && (peek() == ',' || peek() == '}'))
                    fail("set literals are not supported", keyPos);
                fail("expected ':' after a dict key", pos_);
            }
            if (!key.is_string()) fail("dict keys must be str", keyPos);
            ++pos_;
            first = false;
            obj[key.get<std::string>()] = parseValue();
        });
        --depth_;
        return obj;
    }

    nlohmann::json parseName() {
        const std::size_t start = pos_;
        while (pos_ < s_.size() && isIdentChar(s_[pos_])) ++pos_;
        const std::string_view name = s_.substr(start, pos_ - start);
        const bool quoteNext = peek() == '\'' || peek() == '"';
        if (quoteNext) {
            const std::string lower = toLowerAscii(name);
            if (lower == "u") return parseString(false);
            if (lower == "r" || lower == "ur") return parseString(true);
            if (lower.find('b') != std::string::npos)
                fail("bytes literals are not supported", start);
            if (lower.find('f') != std::string::npos)
                fail("f-strings are expressions, not literals", start);
            fail("unknown string prefix '" + std::string(name) + "'", start);
        }
        if (name == "True") return true;
        if (name == "False") return false;
        if (name == "None") return nullptr;
        fail("unexpected name '" + std::string(name) + "' (only True, False and None are literals)",
             start);
    }

    nlohmann::json parseString(bool raw) {
        const char quote = s_[pos_];
        const std::size_t open = pos_;
        if (pos_ + 2 < s_.size() && s_[pos_ + 1] == quote && s_[pos_ + 2] == quote)
            fail("triple-quoted strings are not supported", pos_);
        ++pos_;
        std::string out;
        while (true) {
            if (pos_ >= s_.size()) fail("unterminated string (it opens here)", open);
            const char c = s_[pos_];
            if (c == quote) {
                ++pos_;
                return out;
            }
            if (c == '\n' || c == '\r') fail("line break inside a string literal", pos_);
            if (c != '\\') {
                // Copy a run of plain bytes at once (multi-byte UTF-8 included).
                const std::size_t start = pos_;
                while (pos_ < s_.size() && s_[pos_] != quote && s_[pos_] != '\\' &&
                       s_[pos_] != '\n' && s_[pos_] != '\r')
                    ++pos_;
                out.append(s_.substr(start, pos_ - start));
                continue;
            }
            if (pos_ + 1 >= s_.size()) fail("unterminated string (it opens here)", open);
            if (raw) {
                // In a raw string a backslash only stops the next quote from
                // closing the string; both characters are kept.
                const char n = s_[pos_ + 1];
                if (n == '\n' || n == '\r') fail("line break inside a string literal", pos_ + 1);
                out += '\\';
                out += n;
                pos_ += 2;
                continue;
            }
            readEscape(out);
        }
    }

    void readEscape(std::string& out) {
        const std::size_t at = pos_;
        const char e = s_[pos_ + 1];
        pos_ += 2;
        switch (e) {
            case '\n':
                return;  // backslash-newline continues the line
            case '\r':
                if (peek() == '\n') ++pos_;
                return;
            case '\\':
                out += '\\';
                return;
            case '\'':
                out += '\'';
                return;
            case '"':
                out += '"';
                return;
            case 'a':
                out += '\a';
                return;
            case 'b':
                out += '\b';
                return;
            case 'f':
                out += '\f';
                return;
            case 'n':
                out += '\n';
                return;
            case 'r':
                out += '\r';
                return;
            case 't':
                out += '\t';
                return;
            case 'v':
                out += '\v';
                return;
            case 'x':
                appendCodePoint(out, readHex(2, at), at);
                return;
            case 'u':
                appendCodePoint(out, readHex(4, at), at);
                return;
            case 'U':
                appendCodePoint(out, readHex(8, at), at);
                return;
            case 'N':
                fail("\\N{...} escapes are not supported", at);
            default:
                break;
        }
        if (e >= '0' && e <= '7') {
            char32_t v = static_cast<char32_t>(e - '0');
            for (int k = 0; k < 2 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++k)
                v = v * 8 + static_cast<char32_t>(s_[pos_++] - '0');
            appendCodePoint(out, v, at);
            return;
        }
        fail(std::string("unknown escape '\\") + e + "'", at);
    }

    char32_t readHex(int digits, std::size_t at) {
        char32_t v = 0;
        for (int k = 0; k < digits; ++k) {
            const int h = pos_ < s_.size() ? hexValue(s_[pos_]) : -1;
            if (h < 0)
                fail("truncated \\" + std::string(1, s_[at + 1]) + " escape (expected " +
                         std::to_string(digits) + " hex digits)",
                     at);
            v = v * 16 + static_cast<char32_t>(h);
            ++pos_;
        }
        return v;
    }

    void appendCodePoint(std::string& out, char32_t cp, std::size_t at) {
        if (cp > 0x10FFFF) fail("escape outside the Unicode range", at);
        if (cp >= 0xD800 && cp <= 0xDFFF)
            fail("escape of a lone surrogate (not representable in UTF-8)", at);
        appendUtf8(out, cp);
    }

    // Digits with single underscores between them; returns them without the
    // underscores. Stops at the first character that is not a digit of base.
    std::string readDigits(int base) {
        std::string digits;
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == '_') {
                const bool ok = !digits.empty() && pos_ + 1 < s_.size() &&
                                hexValue(s_[pos_ + 1]) >= 0 && hexValue(s_[pos_ + 1]) < base;
                if (!ok) fail("misplaced underscore in a number", pos_);
                ++pos_;
                continue;
            }
            const int v = hexValue(c);
            if (v < 0 || v >= base) break;
            digits += c;
            ++pos_;
        }
        return digits;
    }

    nlohmann::json parseNumber() {
        const std::size_t start = pos_;
        bool negative = false;
        if (peek() == '-' || peek() == '+') {
            negative = peek() == '-';
            ++pos_;
            skipSpace();
            if (!(isDigit(peek()) || peek() == '.'))
                fail("a sign must be followed by a number", start);
        }
        const std::size_t numStart = pos_;
        int base = 10;
        if (peek() == '0' && pos_ + 1 < s_.size()) {
            const char p = static_cast<char>(s_[pos_ + 1] | 0x20);
            base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
            if (base != 10) {
                pos_ += 2;
                if (peek() == '_') ++pos_;  // 0x_ff is valid Python
                const std::string digits = readDigits(base);
                if (digits.empty()) fail("missing digits after the base prefix", numStart);
                requireNumberEnd(start);
                return makeInt(digits, base, negative, start);
            }
        }
        std::string intPart = readDigits(10);
        bool isFloat = false;
        std::string text = intPart;
        if (peek() == '.') {
            isFloat = true;
            ++pos_;
            text += '.';
            if (isDigit(peek())) text += readDigits(10);
            if (intPart.empty() && text == ".") fail("a lone '.' is not a number", numStart);
        }
        if (peek() == 'e' || peek() == 'E') {
            isFloat = true;
            ++pos_;
            text += 'e';
            if (peek() == '+' || peek() == '-') text += s_[pos_++];
            const std::string exp = readDigits(10);
            if (exp.empty()) fail("missing exponent digits", numStart);
            text += exp;
        }
        if (peek() == 'j' || peek() == 'J') fail("complex numbers are not supported", start);
        requireNumberEnd(start);
        if (!isFloat) {
            if (intPart.size() > 1 && intPart.find_first_not_of('0') != std::string::npos &&
                intPart[0] == '0')
                fail("leading zeros in a decimal integer are not allowed (use 0o for octal)",
                     start);
            return makeInt(intPart, 10, negative, start);
        }
        double value = 0;
        const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
        if (res.ec == std::errc::result_out_of_range) {
            // Python rounds an over-large literal to inf and a tiny one to 0.0.
            value = text.find("e-") != std::string::npos ? 0.0
                                                         : std::numeric_limits<double>::infinity();
        } else if (res.ec != std::errc() || res.ptr != text.data() + text.size()) {
            fail("malformed float", start);
        }
        return negative ? -value : value;
    }

    void requireNumberEnd(std::size_t start) {
        if (pos_ < s_.size() && (isIdentChar(s_[pos_]) || s_[pos_] == '.'))
            fail("malformed number", start);
    }

    nlohmann::json makeInt(const std::string& digits, int base, bool negative, std::size_t at) {
        std::uint64_t v = 0;
        for (char c : digits) {
            const auto d = static_cast<std::uint64_t>(hexValue(c));
            if (v >
                (std::numeric_limits<std::uint64_t>::max() - d) / static_cast<std::uint64_t>(base))
                fail("integer does not fit in 64 bits", at);
            v = v * static_cast<std::uint64_t>(base) + d;
        }
        if (!negative) {
            if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return static_cast<std::int64_t>(v);
            return v;
        }
        const std::uint64_t limit = std::uint64_t(1) << 63;
        if (v > limit) fail("integer does not fit in 64 bits", at);
        if (v == limit) return std::numeric_limits<std::int64_t>::min();
        return -static_cast<std::int64_t>(v);
    }
};

}  // namespace

nlohmann::json parsePythonLiteral(std::string_view text, std::size_t maxDepth) {
    return LiteralParser(text, maxDepth).parseWhole();
}

std::vector<std::string> parsePythonStringList(std::string_view text) {
    const nlohmann::json v = parsePythonLiteral(text);
    if (!v.is_array())
        throw Error("Python literal: expected a list of str, got " + std::string(v.type_name()));
    std::vector<std::string> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            throw Error("Python literal: expected a list of str, element " + std::to_string(i) +
                        " is " + std::string(v[i].type_name()));
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

std::string parsePythonString(std::string_view text) {
    nlohmann::json v = parsePythonLiteral(text);
    if (!v.is_string())
        throw Error("Python literal: expected a str, got " + std::string(v.type_name()));
    return v.get<std::string>();
}

}  // namespace ts
