#include "core/model/chat/jinja_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/util/error.h"
#include "core/util/text.h"

namespace ts::jinja {

std::string pythonFloatRepr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
    // Shortest round-trip digits, then CPython's layout: positional notation
    // for decimal exponents in [-4, 16), scientific otherwise.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    const bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    const auto e = sci.find('e');
    const int exponent = std::stoi(sci.substr(e + 1));
    std::string digits = sci.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + exp;
    }
    if (exponent < 0) return out + "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    const std::size_t intDigits = std::size_t(exponent) + 1;
    if (digits.size() <= intDigits)
        return out + digits + std::string(intDigits - digits.size(), '0') + ".0";
    return out + digits.substr(0, intDigits) + "." + digits.substr(intDigits);
}

std::string toPythonRepr(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::String:
            return pythonRepr(v.asString());
        case Value::Kind::List: {
            const auto& l = v.asList();
            std::string out = l.tuple ? "(" : "[";
            for (std::size_t i = 0; i < l.items.size(); ++i) {
                if (i) out += ", ";
                out += toPythonRepr(l.items[i]);
            }
            if (l.tuple && l.items.size() == 1) out += ",";
            return out + (l.tuple ? ")" : "]");
        }
        case Value::Kind::Dict: {
            std::string out = "{";
            bool first = true;
            for (const auto& [k, item] : v.asDict().items) {
                if (!first) out += ", ";
                first = false;
                out += pythonRepr(k) + ": " + toPythonRepr(item);
            }
            return out + "}";
        }
        default:
            return toPythonStr(v);
    }
}

std::string toPythonStr(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::Undefined:
            return "";
        case Value::Kind::None:
            return "None";
        case Value::Kind::Bool:
            return v.asBool() ? "True" : "False";
        case Value::Kind::Int:
            return std::to_string(v.asInt());
        case Value::Kind::Float:
            return pythonFloatRepr(v.asFloat());
        case Value::Kind::String:
            return v.asString();
        case Value::Kind::List:
        case Value::Kind::Dict:
            return toPythonRepr(v);
        case Value::Kind::Namespace:
            return "<Namespace " + toPythonRepr(Value(v.asNamespace().attributes)) + ">";
        case Value::Kind::Callable:
            return "<function " + v.asCallable().name + ">";
    }
    return "";
}

namespace {

void appendJsonString(std::string& out, std::string_view s, bool ensureAscii) {
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        const char32_t c = decodeUtf8(s, i);
        char buf[16];
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20 || (ensureAscii && c >= 0x7F)) {
                    if (c >= 0x10000) {  // a surrogate pair, as json.dumps writes it
                        const char32_t u = c - 0x10000;
                        std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x",
                                      unsigned(0xD800 + (u >> 10)), unsigned(0xDC00 + (u & 0x3FF)));
                    } else {
                        std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
                    }
                    out += buf;
                } else {
                    out.append(s.substr(start, i - start));
                }
        }
    }
    out += '"';
}

void appendJson(std::string& out, const Value& v, const JsonFormat& f, int depth) {
    auto newline = [&](int level) {
        out += '\n';
        out.append(std::size_t(*f.indent) * std::size_t(level), ' ');
    };
    const char* itemSep = f.indent ? "," : ", ";
    switch (v.kind()) {
        case Value::Kind::None:
            out += "null";
            return;
        case Value::Kind::Bool:
            out += v.asBool() ? "true" : "false";
            return;
        case Value::Kind::Int:
            out += std::to_string(v.asInt());
            return;
        case Value::Kind::Float: {
            const double d = v.asFloat();
            out += std::isnan(d)   ? "NaN"
                   : std::isinf(d) ? (d > 0 ? "Infinity" : "-Infinity")
                                   : pythonFloatRepr(d);
            return;
        }
        case Value::Kind::String:
            appendJsonString(out, v.asString(), f.ensureAscii);
            return;
        case Value::Kind::List: {
            const auto& items = v.asList().items;
            if (items.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += itemSep;
                if (f.indent) newline(depth + 1);
                appendJson(out, items[i], f, depth + 1);
            }
            if (f.indent) newline(depth);
            out += ']';
            return;
        }
        case Value::Kind::Dict: {
            auto items = v.asDict().items;
            if (f.sortKeys)
                std::stable_sort(items.begin(), items.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
            if (items.empty()) {
                out += "{}";
                return;
            }
            out += '{';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += itemSep;
                if (f.indent) newline(depth + 1);
                appendJsonString(out, items[i].first, f.ensureAscii);
                out += ": ";
                appendJson(out, items[i].second, f, depth + 1);
            }
            if (f.indent) newline(depth);
            out += '}';
            return;
        }
        default:
            throw Error(std::string("Object of type ") + v.typeName() +
                        " is not JSON serializable");
    }
}

}  // namespace

std::string toJson(const Value& value, const JsonFormat& format) {
    std::string out;
    appendJson(out, value, format, 0);
    return out;
}

}  // namespace ts::jinja
