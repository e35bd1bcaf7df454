// Filters and tests, with Jinja2 semantics. tojson follows Hugging Face's
// override (json.dumps with ensure_ascii=False, keys unsorted), not Jinja2's
// HTML-escaping default.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/model/chat/jinja_builtins.h"
#include "core/model/chat/jinja_format.h"
#include "core/model/chat/jinja_interpreter.h"
#include "core/model/chat/py_string.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts::jinja {

namespace {

using FilterFn = Value (*)(const Value&, CallArgs&, Interpreter&, SourcePos);
using TestFn = bool (*)(const Value&, CallArgs&, Interpreter&, SourcePos);

std::string str(const Value& v) {
    return toPythonStr(v);
}

bool flag(const CallArgs& a, std::size_t i, const char* kw, bool fallback) {
    const Value* v = argument(a, i, kw);
    return v ? v->truthy() : fallback;
}

// The attribute (dotted path allowed) of an item, for join/map/sort/selectattr.
Value attributeOf(const Value& item, const std::string& path, Interpreter& in, SourcePos pos) {
    Value v = item;
    for (const auto& part : split(path, '.')) {
        if (v.isUndefined()) return v;
        v = (!part.empty() &&
             std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
                ? getItem(v, Value(std::int64_t(std::stoll(part))), in, pos)
                : getItem(v, Value(part), in, pos);
    }
    return v;
}

Value fLength(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    return Value(lengthOf(v, in, pos));
}

Value fTrim(const Value& v, CallArgs& a, Interpreter&, SourcePos) {
    const Value* chars = argument(a, 0, "chars");
    return Value(py::strip(
        str(v), chars && chars->isString() ? std::optional(chars->asString()) : std::nullopt, true,
        true));
}

Value fToJson(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    // Hugging Face: tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)
    JsonFormat f;
    f.ensureAscii = flag(a, 0, "ensure_ascii", false);
    if (const Value* indent = argument(a, 1, "indent"); indent && !indent->isNone()) {
        if (!indent->isInt()) in.fail(pos, "tojson indent must be an integer");
        f.indent = int(std::clamp<std::int64_t>(indent->asInt(), 0, 64));
    }
    if (const Value* sep = argument(a, 2, "separators"); sep && !sep->isNone())
        in.fail(pos, "tojson separators are not supported");
    f.sortKeys = flag(a, 3, "sort_keys", false);
    try {
        std::string out = toJson(v, f);
        in.checkStringSize(out.size(), pos);
        return Value(std::move(out));
    } catch (const Error& e) {
        in.fail(pos, e.message());
    }
}

Value fString(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return v.isString() ? v : Value(str(v));
}
Value fUpper(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return Value(py::upper(str(v)));
}
Value fLower(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return Value(py::lower(str(v)));
}
Value fTitle(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return Value(py::title(str(v)));
}
Value fCapitalize(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return Value(py::capitalize(str(v)));
}
Value fSafe(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    return v;
}

Value fEscape(const Value& v, CallArgs&, Interpreter&, SourcePos) {
    std::string out;
    for (char c : str(v)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&#34;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return Value(std::move(out));
}

Value fJoin(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    const Value* sep = argument(a, 0, "d");
    const Value* attr = argument(a, 1, "attribute");
    std::string out;
    bool first = true;
    for (const Value& item : iterate(v, in, pos)) {
        if (!first && sep) out += str(*sep);
        first = false;
        out += str(attr ? attributeOf(item, str(*attr), in, pos) : item);
        in.checkStringSize(out.size(), pos);
    }
    return Value(std::move(out));
}

Value fFirst(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    const auto items = iterate(v, in, pos);
    return items.empty() ? Value::undefined("first") : items.front();
}

Value fLast(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    const auto items = iterate(v, in, pos);
    return items.empty() ? Value::undefined("last") : items.back();
}

Value fDefault(const Value& v, CallArgs& a, Interpreter&, SourcePos) {
    const bool boolean = flag(a, 1, "boolean", false);
    if (v.isUndefined() || (boolean && !v.truthy())) {
        const Value* d = argument(a, 0, "default_value");
        return d ? *d : Value("");
    }
    return v;
}

Value fList(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    return Value(List{iterate(v, in, pos), false});
}

Value fItems(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    if (v.isUndefined()) return Value(List{});
    if (!v.isDict())
        in.fail(pos, std::string("items filter expects a mapping, got ") + v.typeName());
    List l;
    for (const auto& [k, item] : v.asDict().items)
        l.items.push_back(Value::list({Value(k), item}, true));
    return Value(std::move(l));
}

Value fInt(const Value& v, CallArgs& a, Interpreter&, SourcePos) {
    const Value* d = argument(a, 0, "default");
    const Value fallback = d ? *d : Value(std::int64_t(0));
    if (v.isInt()) return v;
    if (v.isBool()) return Value(std::int64_t(v.asBool()));
    if (v.isFloat())
        return std::isfinite(v.asFloat()) ? Value(std::int64_t(v.asFloat())) : fallback;
    if (v.isString()) {
        const std::string s = trim(v.asString());
        char* end = nullptr;
        const long long i = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && end && *end == '\0') return Value(std::int64_t(i));
        const double f = std::strtod(s.c_str(), &end);
        if (!s.empty() && end && *end == '\0' && std::isfinite(f)) return Value(std::int64_t(f));
    }
    return fallback;
}

Value fFloat(const Value& v, CallArgs& a, Interpreter&, SourcePos) {
    const Value* d = argument(a, 0, "default");
    if (v.isNumber()) return Value(v.toDouble());
    if (v.isString()) {
        const std::string s = trim(v.asString());
        char* end = nullptr;
        const double f = std::strtod(s.c_str(), &end);
        if (!s.empty() && end && *end == '\0') return Value(f);
    }
    return d ? *d : Value(0.0);
}

Value fAbs(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    if (v.isFloat()) return Value(std::fabs(v.asFloat()));
    if (v.isInt() && v.asInt() != INT64_MIN) return Value(v.asInt() < 0 ? -v.asInt() : v.asInt());
    if (v.isBool()) return Value(std::int64_t(v.asBool()));
    in.fail(pos, std::string("bad operand type for abs(): '") + v.typeName() + "'");
}

Value fRound(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    if (!v.isNumber()) in.fail(pos, "round filter expects a number");
    const Value* precision = argument(a, 0, "precision");
    const Value* method = argument(a, 1, "method");
    const std::string m = method ? str(*method) : "common";
    const double scale =
        std::pow(10.0, precision && precision->isInt() ? double(precision->asInt()) : 0.0);
    const double x = v.toDouble() * scale;
    double r = m == "ceil" ? std::ceil(x) : m == "floor" ? std::floor(x) : std::round(x);
    return Value(r / scale);
}

Value fReplace(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    const Value* from = argument(a, 0, "old");
    const Value* to = argument(a, 1, "new");
    if (!from || !to) in.fail(pos, "replace filter takes at least 2 arguments");
    const Value* count = argument(a, 2, "count");
    std::string r =
        py::replace(str(v), str(*from), str(*to), count && count->isInt() ? count->asInt() : -1);
    in.checkStringSize(r.size(), pos);
    return Value(std::move(r));
}

Value fReverse(const Value& v, CallArgs&, Interpreter& in, SourcePos pos) {
    if (v.isString())
        return getSlice(v, Value::none(), Value::none(), Value(std::int64_t(-1)), in, pos);
    auto items = iterate(v, in, pos);
    std::reverse(items.begin(), items.end());
    return Value(List{std::move(items), false});
}

Value fIndent(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    const Value* width = argument(a, 0, "width");
    const std::string pad =
        width && width->isString()
            ? width->asString()
            : std::string(
                  std::size_t(width && width->isInt() ? std::max<std::int64_t>(0, width->asInt())
                                                      : 4),
                  ' ');
    const bool first = flag(a, 1, "first", false), blank = flag(a, 2, "blank", false);
    const auto lines = split(str(v), '\n');
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        const bool indentIt = (i > 0 || first) && (blank || !trim(lines[i]).empty());
        if (indentIt) out += pad;
        out += lines[i];
    }
    in.checkStringSize(out.size(), pos);
    return Value(std::move(out));
}

Value fSort(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    auto items = iterate(v, in, pos);
    const bool reverse = flag(a, 0, "reverse", false),
               caseSensitive = flag(a, 1, "case_sensitive", false);
    const Value* attr = argument(a, 2, "attribute");
    auto key = [&](const Value& item) {
        Value k = attr ? attributeOf(item, str(*attr), in, pos) : item;
        return !caseSensitive && k.isString() ? Value(py::lower(k.asString())) : k;
    };
    // Python's sort: stable, comparing with <.
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        const Value kx = key(x), ky = key(y);
        if (kx.isNumber() && ky.isNumber())
            return reverse ? ky.toDouble() < kx.toDouble() : kx.toDouble() < ky.toDouble();
        if (kx.isString() && ky.isString())
            return reverse ? ky.asString() < kx.asString() : kx.asString() < ky.asString();
        in.fail(pos, std::string("cannot sort ") + kx.typeName() + " and " + ky.typeName());
    });
    return Value(List{std::move(items), false});
}

bool runTest(const std::string& name, const Value& v, CallArgs& args, Interpreter& in,
             SourcePos pos);

// select/reject(test, args...), selectattr/rejectattr(attr, test, args...),
// map(filter|attribute=...)
Value selectItems(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos, bool byAttribute,
                  bool keep) {
    std::size_t next = 0;
    std::string attr;
    if (byAttribute) {
        if (a.positional.empty()) in.fail(pos, "selectattr/rejectattr need an attribute name");
        attr = str(a.positional[next++]);
    }
    const std::string test = next < a.positional.size() ? str(a.positional[next++]) : "";
    if (!test.empty() && !hasTest(test)) in.fail(pos, "unknown test '" + test + "'");
    CallArgs testArgs;
    testArgs.positional.assign(a.positional.begin() + std::ptrdiff_t(next), a.positional.end());
    List out;
    for (const Value& item : iterate(v, in, pos)) {
        const Value subject = byAttribute ? attributeOf(item, attr, in, pos) : item;
        const bool passed =
            test.empty() ? subject.truthy() : runTest(test, subject, testArgs, in, pos);
        if (passed == keep) out.items.push_back(item);
    }
    return Value(std::move(out));
}

Value fSelect(const Value& v, CallArgs& a, Interpreter& in, SourcePos p) {
    return selectItems(v, a, in, p, false, true);
}
Value fReject(const Value& v, CallArgs& a, Interpreter& in, SourcePos p) {
    return selectItems(v, a, in, p, false, false);
}
Value fSelectAttr(const Value& v, CallArgs& a, Interpreter& in, SourcePos p) {
    return selectItems(v, a, in, p, true, true);
}
Value fRejectAttr(const Value& v, CallArgs& a, Interpreter& in, SourcePos p) {
    return selectItems(v, a, in, p, true, false);
}

Value fMap(const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    List out;
    if (const Value* attr = argument(a, SIZE_MAX, "attribute")) {
        const Value* fallback = argument(a, SIZE_MAX, "default");
        for (const Value& item : iterate(v, in, pos)) {
            Value x = attributeOf(item, str(*attr), in, pos);
            out.items.push_back(x.isUndefined() && fallback ? *fallback : x);
        }
        return Value(std::move(out));
    }
    if (a.positional.empty()) in.fail(pos, "map needs a filter name or attribute=");
    const std::string filter = str(a.positional[0]);
    if (!hasFilter(filter)) in.fail(pos, "unknown filter '" + filter + "'");
    CallArgs rest;
    rest.positional.assign(a.positional.begin() + 1, a.positional.end());
    rest.keywords = a.keywords;
    for (const Value& item : iterate(v, in, pos))
        out.items.push_back(applyFilter(filter, item, rest, in, pos));
    return Value(std::move(out));
}

struct FilterEntry {
    const char* name;
    FilterFn fn;
};

const FilterEntry kFilters[] = {
    {"length", fLength},
    {"count", fLength},
    {"trim", fTrim},
    {"tojson", fToJson},
    {"string", fString},
    {"upper", fUpper},
    {"lower", fLower},
    {"title", fTitle},
    {"capitalize", fCapitalize},
    {"safe", fSafe},
    {"escape", fEscape},
    {"e", fEscape},
    {"join", fJoin},
    {"first", fFirst},
    {"last", fLast},
    {"default", fDefault},
    {"d", fDefault},
    {"list", fList},
    {"items", fItems},
    {"int", fInt},
    {"float", fFloat},
    {"abs", fAbs},
    {"round", fRound},
    {"replace", fReplace},
    {"reverse", fReverse},
    {"indent", fIndent},
    {"sort", fSort},
    {"select", fSelect},
    {"reject", fReject},
    {"selectattr", fSelectAttr},
    {"rejectattr", fRejectAttr},
    {"map", fMap},
};

// ---- tests --------------------------------------------------------------

bool isIntValue(const Value& v) {
    return v.isInt();
}

const Value& testArg(const CallArgs& a, const char* test, Interpreter& in, SourcePos pos) {
    const Value* v = argument(a, 0, nullptr);
    if (!v) in.fail(pos, std::string("test '") + test + "' needs an argument");
    return *v;
}

bool runTest(const std::string& n, const Value& v, CallArgs& a, Interpreter& in, SourcePos pos) {
    if (n == "defined") return !v.isUndefined();
    if (n == "undefined") return v.isUndefined();
    if (n == "none") return v.isNone();
    if (n == "boolean") return v.isBool();
    if (n == "true") return v.isBool() && v.asBool();
    if (n == "false") return v.isBool() && !v.asBool();
    if (n == "integer") return isIntValue(v);
    if (n == "float") return v.isFloat();
    if (n == "number") return v.isNumber();
    if (n == "string") return v.isString();
    if (n == "mapping") return v.isDict();
    if (n == "iterable") return v.isString() || v.isList() || v.isDict();
    if (n == "sequence") return v.isString() || v.isList() || v.isDict();
    if (n == "callable") return v.isCallable();
    if (n == "odd" || n == "even") {
        if (!v.isInt()) in.fail(pos, std::string("test '") + n + "' needs an integer");
        return (v.asInt() % 2 != 0) == (n == "odd");
    }
    if (n == "divisibleby") {
        const Value& d = testArg(a, "divisibleby", in, pos);
        if (!v.isInt() || !d.isInt() || d.asInt() == 0)
            in.fail(pos, "divisibleby needs non-zero integers");
        return v.asInt() % d.asInt() == 0;
    }
    if (n == "lower") return v.isString() && py::lower(v.asString()) == v.asString();
    if (n == "upper") return v.isString() && py::upper(v.asString()) == v.asString();
    if (n == "sameas") return v.sameAs(testArg(a, "sameas", in, pos));
    if (n == "in") {
        const Value& c = testArg(a, "in", in, pos);
        if (c.isString())
            return v.isString() && c.asString().find(v.asString()) != std::string::npos;
        if (c.isDict()) return v.isString() && c.asDict().find(v.asString());
        for (const Value& item : iterate(c, in, pos))
            if (item.equals(v)) return true;
        return false;
    }
    const Value& other = testArg(a, n.c_str(), in, pos);
    if (n == "eq" || n == "equalto") return v.equals(other);
    if (n == "ne") return !v.equals(other);
    if (!v.isNumber() || !other.isNumber())
        if (!(v.isString() && other.isString()))
            in.fail(pos, "test '" + n + "' needs comparable values");
    const bool less =
        v.isString() ? v.asString() < other.asString() : v.toDouble() < other.toDouble();
    const bool greater =
        v.isString() ? other.asString() < v.asString() : other.toDouble() < v.toDouble();
    if (n == "lt" || n == "lessthan") return less;
    if (n == "le") return !greater;
    if (n == "gt" || n == "greaterthan") return greater;
    return !less;  // ge
}

const char* const kTests[] = {"defined",  "undefined",   "none",     "boolean",     "true",
                              "false",    "integer",     "float",    "number",      "string",
                              "mapping",  "iterable",    "sequence", "callable",    "odd",
                              "even",     "divisibleby", "lower",    "upper",       "sameas",
                              "in",       "eq",          "equalto",  "ne",          "lt",
                              "lessthan", "le",          "gt",       "greaterthan", "ge"};

}  // namespace

bool hasFilter(std::string_view name) {
    return std::any_of(std::begin(kFilters), std::end(kFilters),
                       [&](const FilterEntry& f) { return name == f.name; });
}

bool hasTest(std::string_view name) {
    return std::any_of(std::begin(kTests), std::end(kTests),
                       [&](const char* t) { return name == t; });
}

Value applyFilter(const std::string& name, const Value& input, CallArgs& args, Interpreter& in,
                  SourcePos pos) {
    for (const auto& f : kFilters)
        if (name == f.name) return f.fn(input, args, in, pos);
    in.fail(pos, "unknown filter '" + name + "'");
}

bool applyTest(const std::string& name, const Value& input, CallArgs& args, Interpreter& in,
               SourcePos pos) {
    if (!hasTest(name)) in.fail(pos, "unknown test '" + name + "'");
    return runTest(name, input, args, in, pos);
}

}  // namespace ts::jinja
