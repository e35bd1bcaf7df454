// Attribute, item and slice access, iteration and len(), plus the str and
// dict methods chat templates call (message.content.split('</think>'),
// d.items(), d.get('k', default), ...).
#include <algorithm>

#include "core/model/chat/jinja_builtins.h"
#include "core/model/chat/jinja_format.h"
#include "core/model/chat/jinja_interpreter.h"
#include "core/model/chat/py_string.h"
#include "core/util/text.h"

namespace ts::jinja {

const Value* argument(const CallArgs& args, std::size_t index, const char* keyword) {
    if (index < args.positional.size()) return &args.positional[index];
    if (keyword)
        for (const auto& [k, v] : args.keywords)
            if (k == keyword) return &v;
    return nullptr;
}

namespace {

[[noreturn]] void failUndefined(const Value& v, Interpreter& in, SourcePos pos) {
    in.fail(pos, "'" + (v.undefinedName().empty() ? std::string("value") : v.undefinedName()) +
                     "' is undefined");
}

std::optional<std::string> optionalString(const CallArgs& args, std::size_t index,
                                          const char* keyword, Interpreter& in, SourcePos pos) {
    const Value* v = argument(args, index, keyword);
    if (!v || v->isNone()) return std::nullopt;
    if (!v->isString())
        in.fail(pos, std::string("expected a string argument, got ") + v->typeName());
    return v->asString();
}

std::int64_t optionalInt(const CallArgs& args, std::size_t index, const char* keyword,
                         std::int64_t fallback, Interpreter& in, SourcePos pos) {
    const Value* v = argument(args, index, keyword);
    if (!v || v->isNone()) return fallback;
    if (!v->isInt())
        in.fail(pos, std::string("expected an integer argument, got ") + v->typeName());
    return v->asInt();
}

// startswith/endswith take a string or a tuple of strings.
bool affixMatch(const std::string& s, const Value& arg, bool prefix, Interpreter& in,
                SourcePos pos) {
    if (arg.isString()) return prefix ? startsWith(s, arg.asString()) : endsWith(s, arg.asString());
    if (arg.isList()) {
        for (const Value& v : arg.asList().items)
            if (affixMatch(s, v, prefix, in, pos)) return true;
        return false;
    }
    in.fail(pos, std::string(prefix ? "startswith" : "endswith") +
                     " first arg must be str or a tuple of str, not " + arg.typeName());
}

Value stringMethod(const std::string& s, const std::string& name, CallArgs& args, Interpreter& in,
                   SourcePos pos) {
    auto strings = [](std::vector<std::string> parts) {
        List l;
        for (auto& p : parts) l.items.emplace_back(std::move(p));
        return Value(std::move(l));
    };
    if (name == "startswith" || name == "endswith") {
        const Value* arg = argument(args, 0, nullptr);
        if (!arg) in.fail(pos, name + "() takes at least 1 argument");
        return Value(affixMatch(s, *arg, name == "startswith", in, pos));
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip")
        return Value(py::strip(s, optionalString(args, 0, "chars", in, pos), name != "rstrip",
                               name != "lstrip"));
    if (name == "split") {
        const auto parts = py::split(s, optionalString(args, 0, "sep", in, pos),
                                     optionalInt(args, 1, "maxsplit", -1, in, pos));
        in.checkListSize(parts.size(), pos);
        return strings(parts);
    }
    if (name == "splitlines") {
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i] == '\n' || s[i] == '\r') {
                lines.push_back(s.substr(start, i - start));
                if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
                start = i + 1;
            }
        if (start < s.size()) lines.push_back(s.substr(start));
        return strings(lines);
    }
    if (name == "replace") {
        const auto from = optionalString(args, 0, "old", in, pos),
                   to = optionalString(args, 1, "new", in, pos);
        if (!from || !to) in.fail(pos, "replace() takes at least 2 arguments");
        std::string r = py::replace(s, *from, *to, optionalInt(args, 2, "count", -1, in, pos));
        in.checkStringSize(r.size(), pos);
        return Value(std::move(r));
    }
    if (name == "upper") return Value(py::upper(s));
    if (name == "lower") return Value(py::lower(s));
    if (name == "title") return Value(py::title(s));
    if (name == "capitalize") return Value(py::capitalize(s));
    if (name == "find" || name == "count") {
        const auto sub = optionalString(args, 0, "sub", in, pos);
        if (!sub) in.fail(pos, name + "() takes at least 1 argument");
        if (name == "find") {
            const auto at = s.find(*sub);
            return Value(at == std::string::npos ? std::int64_t(-1)
                                                 : std::int64_t(py::length(s.substr(0, at))));
        }
        std::int64_t n = 0;
        if (sub->empty()) return Value(std::int64_t(py::length(s)) + 1);
        for (std::size_t at = s.find(*sub); at != std::string::npos;
             at = s.find(*sub, at + sub->size()))
            ++n;
        return Value(n);
    }
    if (name == "join") {
        const Value* arg = argument(args, 0, nullptr);
        if (!arg) in.fail(pos, "join() takes exactly one argument");
        std::string out;
        bool first = true;
        for (const Value& v : iterate(*arg, in, pos)) {
            if (!v.isString())
                in.fail(pos, std::string("sequence item: expected str instance, ") + v.typeName() +
                                 " found");
            if (!first) out += s;
            first = false;
            out += v.asString();
            in.checkStringSize(out.size(), pos);
        }
        return Value(std::move(out));
    }
    in.fail(pos, "'str' object has no attribute '" + name + "'");
}

Value dictMethod(const Dict& d, const std::string& name, CallArgs& args, Interpreter& in,
                 SourcePos pos) {
    if (name == "get") {
        const Value* key = argument(args, 0, "key");
        if (!key) in.fail(pos, "get() takes at least 1 argument");
        const Value* found = key->isString() ? d.find(key->asString()) : nullptr;
        if (found) return *found;
        const Value* fallback = argument(args, 1, "default");
        return fallback ? *fallback : Value::none();
    }
    List l;
    for (const auto& [k, v] : d.items) {
        if (name == "keys")
            l.items.emplace_back(k);
        else if (name == "values")
            l.items.push_back(v);
        else
            l.items.push_back(Value::list({Value(k), v}, true));
    }
    return Value(std::move(l));
}

bool isStringMethod(const std::string& n) {
    static const char* const kNames[] = {"startswith", "endswith",   "strip",   "lstrip", "rstrip",
                                         "split",      "splitlines", "replace", "upper",  "lower",
                                         "title",      "capitalize", "find",    "count",  "join"};
    return std::find(std::begin(kNames), std::end(kNames), n) != std::end(kNames);
}

}  // namespace

Value getAttribute(const Value& obj, const std::string& name, Interpreter& in, SourcePos pos) {
    switch (obj.kind()) {
        case Value::Kind::Undefined:
            failUndefined(obj, in, pos);
        case Value::Kind::Dict:
            if (name == "items" || name == "keys" || name == "values" || name == "get") {
                const Value self = obj;
                return Value(
                    Callable{name, [self, name](CallArgs& args, Interpreter& i, SourcePos p) {
                                 return dictMethod(self.asDict(), name, args, i, p);
                             }});
            }
            if (const Value* v = obj.asDict().find(name)) return *v;
            return Value::undefined(name);
        case Value::Kind::String:
            if (isStringMethod(name)) {
                const std::string self = obj.asString();
                return Value(
                    Callable{name, [self, name](CallArgs& args, Interpreter& i, SourcePos p) {
                                 return stringMethod(self, name, args, i, p);
                             }});
            }
            return Value::undefined(name);
        case Value::Kind::Namespace:
            if (const Value* v = obj.asNamespace().attributes.find(name)) return *v;
            return Value::undefined(name);
        default:
            return Value::undefined(name);
    }
}

Value getItem(const Value& obj, const Value& key, Interpreter& in, SourcePos pos) {
    if (obj.isUndefined()) failUndefined(obj, in, pos);
    if ((obj.isList() || obj.isString()) && (key.isInt() || key.isBool())) {
        std::int64_t i = key.isBool() ? std::int64_t(key.asBool()) : key.asInt();
        if (obj.isList()) {
            const auto n = std::int64_t(obj.asList().items.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n)
                return Value::undefined("[" + std::to_string(key.isInt() ? key.asInt() : i) + "]");
            return obj.asList().items[std::size_t(i)];
        }
        const auto offsets = py::codePointOffsets(obj.asString());
        const auto n = std::int64_t(offsets.size()) - 1;
        if (i < 0) i += n;
        if (i < 0 || i >= n) return Value::undefined();
        return Value(obj.asString().substr(offsets[std::size_t(i)],
                                           offsets[std::size_t(i) + 1] - offsets[std::size_t(i)]));
    }
    if (key.isString()) {
        // Jinja2 subscripts first and falls back to attributes (so d['get'] is the method).
        if (obj.isDict())
            if (const Value* v = obj.asDict().find(key.asString())) return *v;
        return getAttribute(obj, key.asString(), in, pos);
    }
    return Value::undefined();
}

Value getSlice(const Value& obj, const Value& start, const Value& stop, const Value& step,
               Interpreter& in, SourcePos pos) {
    if (obj.isUndefined()) failUndefined(obj, in, pos);
    auto bound = [&](const Value& v) -> std::optional<std::int64_t> {
        if (v.isNone()) return std::nullopt;
        if (!v.isInt()) in.fail(pos, "slice indices must be integers or None");
        return v.asInt();
    };
    const std::int64_t stepValue = bound(step).value_or(1);
    if (stepValue == 0) in.fail(pos, "slice step cannot be zero");
    if (obj.isList()) {
        const auto& items = obj.asList().items;
        List out;
        out.tuple = obj.asList().tuple;
        for (auto i :
             py::sliceIndices(std::int64_t(items.size()), bound(start), bound(stop), stepValue))
            out.items.push_back(items[std::size_t(i)]);
        return Value(std::move(out));
    }
    if (obj.isString()) {
        const std::string& s = obj.asString();
        const auto offsets = py::codePointOffsets(s);
        std::string out;
        for (auto i : py::sliceIndices(std::int64_t(offsets.size()) - 1, bound(start), bound(stop),
                                       stepValue))
            out.append(s, offsets[std::size_t(i)],
                       offsets[std::size_t(i) + 1] - offsets[std::size_t(i)]);
        return Value(std::move(out));
    }
    in.fail(pos, std::string("'") + obj.typeName() + "' object is not subscriptable");
}

std::vector<Value> iterate(const Value& v, Interpreter& in, SourcePos pos) {
    std::vector<Value> out;
    switch (v.kind()) {
        case Value::Kind::Undefined:
            return out;
        case Value::Kind::List:
            return v.asList().items;
        case Value::Kind::Dict:
            for (const auto& [k, item] : v.asDict().items) out.emplace_back(k);
            return out;
        case Value::Kind::String: {
            const auto offsets = py::codePointOffsets(v.asString());
            for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
                out.emplace_back(v.asString().substr(offsets[i], offsets[i + 1] - offsets[i]));
            return out;
        }
        default:
            in.fail(pos, std::string("'") + v.typeName() + "' object is not iterable");
    }
}

std::int64_t lengthOf(const Value& v, Interpreter& in, SourcePos pos) {
    switch (v.kind()) {
        case Value::Kind::Undefined:
            return 0;
        case Value::Kind::String:
            return std::int64_t(py::length(v.asString()));
        case Value::Kind::List:
            return std::int64_t(v.asList().items.size());
        case Value::Kind::Dict:
            return std::int64_t(v.asDict().items.size());
        default:
            in.fail(pos, std::string("object of type '") + v.typeName() + "' has no len()");
    }
}

}  // namespace ts::jinja
