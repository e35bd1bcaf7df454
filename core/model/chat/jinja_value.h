#pragma once
// The value type of the Jinja-subset engine: Python semantics for the data a
// chat template sees (undefined, none, bool, int, float, str, list/tuple,
// dict with insertion order, namespace, callable). Lists and dicts are shared
// and immutable, as in Hugging Face's ImmutableSandboxedEnvironment;
// namespaces are shared and mutable (`{% set ns.x = ... %}`).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts::jinja {

class Value;
class Interpreter;

struct SourcePos {
    std::size_t line = 0, column = 0;  // 1-based; 0 when unknown
};

struct List {
    std::vector<Value> items;
    bool tuple = false;  // only changes how it prints: (a, b)
};

// Insertion-ordered string-keyed map (Python dicts keep insertion order, and
// tojson must print keys in the order the messages file gave them).
struct Dict {
    std::vector<std::pair<std::string, Value>> items;
    const Value* find(std::string_view key) const;
    void set(std::string key, Value value);
};

struct Namespace {
    Dict attributes;
};

struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keywords;
};

struct Callable {
    std::string name;
    std::function<Value(CallArgs&, Interpreter&, SourcePos)> call;
};

class Value {
public:
    enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Namespace, Callable };
    struct Undefined {
        std::string name;  // what was looked up, for error messages
    };

    Value() : v_(Undefined{}) {}
    explicit Value(Undefined u) : v_(std::move(u)) {}
    static Value undefined(std::string name = {}) { return Value(Undefined{std::move(name)}); }
    static Value none() { return Value(nullptr); }
    Value(std::nullptr_t) : v_(nullptr) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(std::int64_t(i)) {}
    Value(std::int64_t i) : v_(i) {}
    Value(double d) : v_(d) {}
    Value(std::string s) : v_(std::move(s)) {}
    Value(const char* s) : v_(std::string(s)) {}
    Value(std::string_view s) : v_(std::string(s)) {}
    Value(List l) : v_(std::make_shared<const List>(std::move(l))) {}
    Value(Dict d) : v_(std::make_shared<const Dict>(std::move(d))) {}
    Value(std::shared_ptr<Namespace> n) : v_(std::move(n)) {}
    Value(Callable c) : v_(std::make_shared<const Callable>(std::move(c))) {}

    static Value fromJson(const nlohmann::ordered_json& json);
    static Value list(std::vector<Value> items, bool tuple = false) {
        return Value(List{std::move(items), tuple});
    }

    Kind kind() const { return Kind(v_.index()); }
    bool isUndefined() const { return kind() == Kind::Undefined; }
    bool isNone() const { return kind() == Kind::None; }
    bool isBool() const { return kind() == Kind::Bool; }
    bool isInt() const { return kind() == Kind::Int; }
    bool isFloat() const { return kind() == Kind::Float; }
    bool isNumber() const { return isInt() || isFloat() || isBool(); }
    bool isString() const { return kind() == Kind::String; }
    bool isList() const { return kind() == Kind::List; }
    bool isDict() const { return kind() == Kind::Dict; }
    bool isNamespace() const { return kind() == Kind::Namespace; }
    bool isCallable() const { return kind() == Kind::Callable; }

    bool asBool() const { return std::get<bool>(v_); }
    std::int64_t asInt() const { return std::get<std::int64_t>(v_); }
    double asFloat() const { return std::get<double>(v_); }
    // Int, Float or Bool as a double (Python's numeric tower).
    double toDouble() const;
    const std::string& asString() const { return std::get<std::string>(v_); }
    const List& asList() const { return *std::get<std::shared_ptr<const List>>(v_); }
    const Dict& asDict() const { return *std::get<std::shared_ptr<const Dict>>(v_); }
    Namespace& asNamespace() const { return *std::get<std::shared_ptr<Namespace>>(v_); }
    const Callable& asCallable() const { return *std::get<std::shared_ptr<const Callable>>(v_); }
    const std::string& undefinedName() const { return std::get<Undefined>(v_).name; }

    // Python truthiness (undefined is false).
    bool truthy() const;
    // Python's type name, for error messages ("str", "int", "list", ...).
    const char* typeName() const;
    // Python == (1 == 1.0 == True; containers compare element-wise).
    bool equals(const Value& other) const;
    // Identity for `is sameas` (shared containers compare by address).
    bool sameAs(const Value& other) const;

private:
    std::variant<Undefined, std::nullptr_t, bool, std::int64_t, double, std::string,
                 std::shared_ptr<const List>, std::shared_ptr<const Dict>,
                 std::shared_ptr<Namespace>, std::shared_ptr<const Callable>>
        v_;
};

}  // namespace ts::jinja
