#include "core/model/chat/jinja_lexer.h"

#include <algorithm>
#include <cstring>

#include "core/model/chat/jinja_error.h"
#include "core/util/text.h"

namespace ts::jinja {

LineIndex::LineIndex(std::string_view source) {
    lineStarts_.push_back(0);
    for (std::size_t i = 0; i < source.size(); ++i)
        if (source[i] == '\n') lineStarts_.push_back(i + 1);
}

SourcePos LineIndex::at(std::size_t offset) const {
    const auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
    const std::size_t line = std::size_t(it - lineStarts_.begin());
    return {line, offset - lineStarts_[line - 1] + 1};
}

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

class Lexer {
public:
    Lexer(std::string_view src, const LexerOptions& o, const std::string& name)
        : s_(src), opt_(o), lines_(src), name_(name) {}

    std::vector<Token> run() {
        std::size_t pos = 0;
        bool lineStarting = true;
        while (pos <= s_.size()) {
            const std::size_t tag = findTagStart(pos);
            std::string_view text = s_.substr(pos, tag - pos);
            if (tag < s_.size()) {
                const char kind = s_[tag + 1];
                const char control = tag + 2 < s_.size() ? s_[tag + 2] : '\0';
                if (control == '-') {
                    std::size_t end = text.size();
                    while (end > 0 && isSpace(text[end - 1])) --end;
                    text = text.substr(0, end);
                } else if (control != '+' && opt_.lstripBlocks && kind != '{') {
                    const std::size_t lineStart =
                        text.rfind('\n') == std::string_view::npos ? 0 : text.rfind('\n') + 1;
                    const std::string_view tail = text.substr(lineStart);
                    const bool blank =
                        !tail.empty() && std::all_of(tail.begin(), tail.end(), isSpace);
                    if ((lineStart > 0 || lineStarting) && blank) text = text.substr(0, lineStart);
                }
            }
            if (!text.empty()) push(TokenType::Text, std::string(text), pos);
            if (tag >= s_.size()) break;
            pos = lexTag(tag);
            lineStarting = pos > 0 && s_[pos - 1] == '\n';
        }
        push(TokenType::End, "", s_.size());
        return std::move(tokens_);
    }

private:
    [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
        throw templateError(name_, lines_.at(offset), message);
    }

    void push(TokenType type, std::string text, std::size_t offset) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        t.pos = lines_.at(offset);
        tokens_.push_back(std::move(t));
    }

    std::size_t findTagStart(std::size_t from) const {
        for (std::size_t i = s_.find('{', from); i != std::string_view::npos;
             i = s_.find('{', i + 1))
            if (i + 1 < s_.size() && (s_[i + 1] == '{' || s_[i + 1] == '%' || s_[i + 1] == '#'))
                return i;
        return s_.size();
    }

    // After a closing delimiter: `-` strips all following whitespace, a block
    // or comment end (without `+`) drops one newline when trim_blocks is on.
    std::size_t afterClose(std::size_t pos, char control, bool isBlockLike) const {
        if (control == '-') {
            while (pos < s_.size() && isSpace(s_[pos])) ++pos;
        } else if (control != '+' && isBlockLike && opt_.trimBlocks && pos < s_.size() &&
                   s_[pos] == '\n') {
            ++pos;
        }
        return pos;
    }

    std::size_t lexTag(std::size_t tag) {
        const char kind = s_[tag + 1];
        std::size_t pos = tag + 2;
        if (pos < s_.size() && (s_[pos] == '-' || s_[pos] == '+')) ++pos;
        if (kind == '#') {
            const std::size_t close = s_.find("#}", pos);
            if (close == std::string_view::npos) fail(tag, "unterminated comment (missing '#}')");
            const char control = close > pos && (s_[close - 1] == '-' || s_[close - 1] == '+')
                                     ? s_[close - 1]
                                     : '\0';
            return afterClose(close + 2, control, true);
        }
        if (kind == '%') {
            if (const std::size_t rawEnd = tryRaw(tag, pos); rawEnd != 0) return rawEnd;
        }
        push(kind == '{' ? TokenType::VariableBegin : TokenType::BlockBegin, "", tag);
        int depth = 0;
        while (true) {
            while (pos < s_.size() && isSpace(s_[pos])) ++pos;
            if (pos >= s_.size())
                fail(tag, kind == '{' ? "unterminated '{{' tag" : "unterminated '{%' tag");
            if (depth == 0) {
                if (const std::size_t end = matchClose(pos, kind); end != 0) {
                    const char control = s_[pos] == '-' || s_[pos] == '+' ? s_[pos] : '\0';
                    push(kind == '{' ? TokenType::VariableEnd : TokenType::BlockEnd, "", pos);
                    return afterClose(end, control, kind == '%');
                }
            }
            pos = lexExpressionToken(pos, depth);
        }
    }

    // End offset of the closing delimiter at pos, or 0.
    std::size_t matchClose(std::size_t pos, char kind) const {
        const std::string_view close = kind == '{' ? "}}" : "%}";
        const std::string_view rest = s_.substr(pos);
        if (rest.substr(0, 2) == close) return pos + 2;
        if ((rest[0] == '-' || (rest[0] == '+' && kind == '%')) && rest.substr(1, 2) == close)
            return pos + 3;
        return 0;
    }

    // {% raw %}...{% endraw %}: the body is text, untouched.
    std::size_t tryRaw(std::size_t tag, std::size_t pos) {
        std::size_t p = pos;
        while (p < s_.size() && isSpace(s_[p])) ++p;
        if (s_.substr(p, 3) != "raw") return 0;
        p += 3;
        while (p < s_.size() && isSpace(s_[p])) ++p;
        const std::size_t openEnd = matchClose(p, '%');
        if (openEnd == 0) return 0;
        const char openControl = s_[p] == '-' || s_[p] == '+' ? s_[p] : '\0';
        std::size_t bodyStart = afterClose(openEnd, openControl, true);
        for (std::size_t search = bodyStart;;) {
            const std::size_t end = s_.find("{%", search);
            if (end == std::string_view::npos)
                fail(tag, "unterminated raw block (missing '{% endraw %}')");
            std::size_t q = end + 2;
            const char endControl = q < s_.size() && (s_[q] == '-' || s_[q] == '+') ? s_[q] : '\0';
            if (endControl) ++q;
            while (q < s_.size() && isSpace(s_[q])) ++q;
            if (s_.substr(q, 6) == "endraw") {
                q += 6;
                while (q < s_.size() && isSpace(s_[q])) ++q;
                if (const std::size_t closeEnd = matchClose(q, '%'); closeEnd != 0) {
                    std::string_view body = s_.substr(bodyStart, end - bodyStart);
                    if (endControl == '-')
                        while (!body.empty() && isSpace(body.back())) body.remove_suffix(1);
                    if (!body.empty()) push(TokenType::Text, std::string(body), bodyStart);
                    const char closeControl = s_[q] == '-' || s_[q] == '+' ? s_[q] : '\0';
                    return afterClose(closeEnd, closeControl, true);
                }
            }
            search = end + 2;
        }
    }

    std::size_t lexExpressionToken(std::size_t pos, int& depth) {
        const char c = s_[pos];
        if (isNameStart(c)) {
            std::size_t e = pos + 1;
            while (e < s_.size() && (isNameStart(s_[e]) || isDigit(s_[e]))) ++e;
            push(TokenType::Name, std::string(s_.substr(pos, e - pos)), pos);
            return e;
        }
        if (isDigit(c)) return lexNumber(pos);
        if (c == '\'' || c == '"') return lexString(pos);
        static const char* const kOperators[] = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*",
                                                 "/",  "%",  "~",  "<",  ">",  "=",  "|", ".", ",",
                                                 ":",  "(",  ")",  "[",  "]",  "{",  "}"};
        for (const char* op : kOperators) {
            const std::size_t len = std::strlen(op);
            if (s_.substr(pos, len) != op) continue;
            if (len == 1 && (c == '(' || c == '[' || c == '{')) ++depth;
            if (len == 1 && (c == ')' || c == ']' || c == '}') && depth > 0) --depth;
            push(TokenType::Operator, op, pos);
            return pos + len;
        }
        fail(pos, std::string("unexpected character '") + c + "'");
    }

    std::size_t lexNumber(std::size_t pos) {
        std::size_t e = pos;
        std::string digits;
        auto take = [&] {
            while (e < s_.size() &&
                   (isDigit(s_[e]) || (s_[e] == '_' && e + 1 < s_.size() && isDigit(s_[e + 1])))) {
                if (s_[e] != '_') digits += s_[e];
                ++e;
            }
        };
        take();
        bool isFloat = false;
        if (e + 1 < s_.size() && s_[e] == '.' && isDigit(s_[e + 1])) {
            isFloat = true;
            digits += '.';
            ++e;
            take();
        }
        if (e < s_.size() && (s_[e] == 'e' || s_[e] == 'E')) {
            std::size_t k = e + 1;
            if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
            if (k < s_.size() && isDigit(s_[k])) {
                isFloat = true;
                digits += 'e';
                digits.append(s_.substr(e + 1, k - e - 1));
                e = k;
                take();
            }
        }
        push(isFloat ? TokenType::Float : TokenType::Integer, digits, pos);
        try {
            if (isFloat)
                tokens_.back().floatValue = std::stod(digits);
            else
                tokens_.back().intValue = std::stoll(digits);
        } catch (const std::exception&) {
            fail(pos, "number out of range: " + digits);
        }
        return e;
    }

    // Python string literal escapes (Jinja2 decodes literals with unicode-escape).
    std::size_t lexString(std::size_t pos) {
        const char quote = s_[pos];
        std::string out;
        std::size_t i = pos + 1;
        auto hex = [&](std::size_t count) -> char32_t {
            if (i + count > s_.size()) fail(pos, "truncated escape in string literal");
            char32_t v = 0;
            for (std::size_t k = 0; k < count; ++k) {
                const char h = s_[i + k];
                const int d = isDigit(h)               ? h - '0'
                              : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                              : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                       : -1;
                if (d < 0) fail(pos, "bad escape in string literal");
                v = v * 16 + char32_t(d);
            }
            i += count;
            return v;
        };
        while (true) {
            if (i >= s_.size()) fail(pos, "unterminated string literal");
            const char c = s_[i];
            if (c == quote) break;
            if (c != '\\') {
                out += c;
                ++i;
                continue;
            }
            if (++i >= s_.size()) fail(pos, "unterminated string literal");
            const char e = s_[i++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '\'':
                    out += '\'';
                    break;
                case '"':
                    out += '"';
                    break;
                case 'a':
                    out += '\a';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'v':
                    out += '\v';
                    break;
                case '\n':
                    break;  // line continuation
                case 'x':
                    appendUtf8(out, hex(2));
                    break;
                case 'u':
                    appendUtf8(out, hex(4));
                    break;
                case 'U':
                    appendUtf8(out, hex(8));
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        char32_t v = char32_t(e - '0');
                        for (int k = 0; k < 2 && i < s_.size() && s_[i] >= '0' && s_[i] <= '7'; ++k)
                            v = v * 8 + char32_t(s_[i++] - '0');
                        appendUtf8(out, v);
                    } else {
                        out += '\\';  // unknown escapes stay as written, as in Python
                        out += e;
                    }
            }
        }
        push(TokenType::String, std::move(out), pos);
        return i + 1;
    }

    std::string_view s_;
    LexerOptions opt_;
    LineIndex lines_;
    const std::string& name_;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const LexerOptions& options,
                            const std::string& templateName) {
    return Lexer(source, options, templateName).run();
}

}  // namespace ts::jinja
