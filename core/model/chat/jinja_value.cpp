#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

const Value* Dict::find(std::string_view key) const {
    for (const auto& [k, v] : items)
        if (k == key) return &v;
    return nullptr;
}

void Dict::set(std::string key, Value value) {
    for (auto& [k, v] : items)
        if (k == key) {
            v = std::move(value);
            return;
        }
    items.emplace_back(std::move(key), std::move(value));
}

Value Value::fromJson(const nlohmann::ordered_json& j) {
    switch (j.type()) {
        case nlohmann::ordered_json::value_t::null:
            return none();
        case nlohmann::ordered_json::value_t::boolean:
            return Value(j.get<bool>());
        case nlohmann::ordered_json::value_t::number_integer:
            return Value(j.get<std::int64_t>());
        case nlohmann::ordered_json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u > std::uint64_t(INT64_MAX)) return Value(double(u));
            return Value(std::int64_t(u));
        }
        case nlohmann::ordered_json::value_t::number_float:
            return Value(j.get<double>());
        case nlohmann::ordered_json::value_t::string:
            return Value(j.get<std::string>());
        case nlohmann::ordered_json::value_t::array: {
            List l;
            l.items.reserve(j.size());
            for (const auto& e : j) l.items.push_back(fromJson(e));
            return Value(std::move(l));
        }
        case nlohmann::ordered_json::value_t::object: {
            Dict d;
            d.items.reserve(j.size());
            for (auto it = j.begin(); it != j.end(); ++it)
                d.items.emplace_back(it.key(), fromJson(it.value()));
            return Value(std::move(d));
        }
        default:
            return undefined();
    }
}

double Value::toDouble() const {
    switch (kind()) {
        case Kind::Int:
            return double(asInt());
        case Kind::Float:
            return asFloat();
        case Kind::Bool:
            return asBool() ? 1.0 : 0.0;
        default:
            return 0.0;
    }
}

bool Value::truthy() const {
    switch (kind()) {
        case Kind::Undefined:
        case Kind::None:
            return false;
        case Kind::Bool:
            return asBool();
        case Kind::Int:
            return asInt() != 0;
        case Kind::Float:
            return asFloat() != 0.0;
        case Kind::String:
            return !asString().empty();
        case Kind::List:
            return !asList().items.empty();
        case Kind::Dict:
            return !asDict().items.empty();
        case Kind::Namespace:
        case Kind::Callable:
            return true;
    }
    return false;
}

const char* Value::typeName() const {
    switch (kind()) {
        case Kind::Undefined:
            return "Undefined";
        case Kind::None:
            return "NoneType";
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::Float:
            return "float";
        case Kind::String:
            return "str";
        case Kind::List:
            return asList().tuple ? "tuple" : "list";
        case Kind::Dict:
            return "dict";
        case Kind::Namespace:
            return "Namespace";
        case Kind::Callable:
            return "function";
    }
    return "?";
}

bool Value::equals(const Value& o) const {
    if (isNumber() && o.isNumber()) {
        if (isFloat() || o.isFloat()) return toDouble() == o.toDouble();
        const std::int64_t a = isBool() ? std::int64_t(asBool()) : asInt();
        const std::int64_t b = o.isBool() ? std::int64_t(o.asBool()) : o.asInt();
        return a == b;
    }
    if (kind() != o.kind()) return false;
    switch (kind()) {
        case Kind::Undefined:
        case Kind::None:
            return true;
        case Kind::String:
            return asString() == o.asString();
        case Kind::List: {
            const auto &a = asList().items, &b = o.asList().items;
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (!a[i].equals(b[i])) return false;
            return true;
        }
        case Kind::Dict: {
            const auto &a = asDict(), &b = o.asDict();
            if (a.items.size() != b.items.size()) return false;
            for (const auto& [k, v] : a.items) {
                const Value* w = b.find(k);
                if (!w || !v.equals(*w)) return false;
            }
            return true;
        }
        default:
            return sameAs(o);
    }
}

bool Value::sameAs(const Value& o) const {
    if (kind() != o.kind()) return false;
    switch (kind()) {
        case Kind::List:
            return &asList() == &o.asList();
        case Kind::Dict:
            return &asDict() == &o.asDict();
        case Kind::Namespace:
            return &asNamespace() == &o.asNamespace();
        case Kind::Callable:
            return &asCallable() == &o.asCallable();
        case Kind::String:
            return asString() == o.asString();  // interned in CPython for short strings
        default:
            return equals(o);
    }
}

}  // namespace ts::jinja
