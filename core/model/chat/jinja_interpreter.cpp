#include "core/model/chat/jinja_interpreter.h"

#include <cmath>

#include "core/model/chat/jinja_builtins.h"
#include "core/model/chat/jinja_error.h"
#include "core/model/chat/jinja_format.h"

namespace ts::jinja {

Interpreter::Interpreter(const std::string& templateName, const RenderLimits& limits)
    : name_(templateName), limits_(limits) {}

void Interpreter::setGlobal(const std::string& name, Value value) {
    globals_[name] = std::move(value);
}

void Interpreter::fail(SourcePos pos, const std::string& message) const {
    throw templateError(name_, pos, message);
}

void Interpreter::checkStringSize(std::size_t bytes, SourcePos pos) const {
    if (bytes > limits_.maxOutputBytes)
        fail(pos, "string of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                      std::to_string(limits_.maxOutputBytes));
}

void Interpreter::checkListSize(std::size_t items, SourcePos pos) const {
    if (items > limits_.maxLoopIterations)
        fail(pos, "list of " + std::to_string(items) + " items exceeds the limit of " +
                      std::to_string(limits_.maxLoopIterations));
}

void Interpreter::countIterations(std::size_t n, SourcePos pos) {
    iterations_ += n;
    if (iterations_ > limits_.maxLoopIterations)
        fail(pos, "more than " + std::to_string(limits_.maxLoopIterations) + " loop iterations");
}

void Interpreter::emit(std::string& out, std::string_view text, SourcePos pos) const {
    if (out.size() + text.size() > limits_.maxOutputBytes)
        fail(pos,
             "output exceeds the limit of " + std::to_string(limits_.maxOutputBytes) + " bytes");
    out.append(text);
}

std::string Interpreter::render(const Body& body) {
    scopes_.assign(1, Scope{});
    iterations_ = 0;
    callDepth_ = 0;
    std::string out;
    exec(body, out);
    return out;
}

Value Interpreter::lookup(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
        if (const auto f = it->find(name); f != it->end()) return f->second;
    if (const auto f = globals_.find(name); f != globals_.end()) return f->second;
    return Value::undefined(name);
}

Value Interpreter::call(const Value& callee, CallArgs& args, SourcePos pos) {
    if (callee.isCallable()) return callee.asCallable().call(args, *this, pos);
    if (callee.isUndefined()) fail(pos, "'" + callee.undefinedName() + "' is undefined");
    fail(pos, std::string("'") + callee.typeName() + "' object is not callable");
}

void Interpreter::assign(const Target& target, Value value, SourcePos pos) {
    Scope& scope = scopes_.back();
    if (!target.attribute.empty()) {
        const Value ns = lookup(target.names[0]);
        if (!ns.isNamespace())
            fail(pos, "cannot assign attribute on non-namespace object '" + target.names[0] + "'");
        ns.asNamespace().attributes.set(target.attribute, std::move(value));
        return;
    }
    if (target.names.size() == 1) {
        scope[target.names[0]] = std::move(value);
        return;
    }
    const std::vector<Value> items = iterate(value, *this, pos);
    if (items.size() != target.names.size())
        fail(pos, "cannot unpack " + std::to_string(items.size()) + " values into " +
                      std::to_string(target.names.size()) + " names");
    for (std::size_t i = 0; i < items.size(); ++i) scope[target.names[i]] = items[i];
}

namespace {

bool isIntLike(const Value& v) {
    return v.isInt() || v.isBool();
}
std::int64_t intOf(const Value& v) {
    return v.isBool() ? std::int64_t(v.asBool()) : v.asInt();
}

std::string operandError(const std::string& op, const Value& a, const Value& b) {
    return "unsupported operand type(s) for " + op + ": '" + a.typeName() + "' and '" +
           b.typeName() + "'";
}

}  // namespace

Value Interpreter::evalBinary(const Expr& e) {
    const std::string& op = e.name;
    if (op == "and" || op == "or") {
        Value l = eval(*e.children[0]);
        if ((op == "and") != l.truthy()) return l;
        return eval(*e.children[1]);
    }
    const Value a = eval(*e.children[0]);
    const Value b = eval(*e.children[1]);
    if (op == "~") {
        std::string s = toPythonStr(a) + toPythonStr(b);
        checkStringSize(s.size(), e.pos);
        return Value(std::move(s));
    }
    for (const Value* v : {&a, &b})
        if (v->isUndefined()) fail(e.pos, "'" + v->undefinedName() + "' is undefined");
    if (a.isNumber() && b.isNumber()) {
        const bool ints = isIntLike(a) && isIntLike(b);
        if (ints) {
            const std::int64_t x = intOf(a), y = intOf(b);
            std::int64_t r = 0;
            if (op == "+" && !__builtin_add_overflow(x, y, &r)) return Value(r);
            if (op == "-" && !__builtin_sub_overflow(x, y, &r)) return Value(r);
            if (op == "*" && !__builtin_mul_overflow(x, y, &r)) return Value(r);
            if (op == "//" || op == "%") {
                if (y == 0) fail(e.pos, "integer division or modulo by zero");
                std::int64_t q = x / y, m = x % y;
                if (m != 0 && ((m < 0) != (y < 0))) {
                    --q;
                    m += y;
                }
                return Value(op == "//" ? q : m);
            }
            if (op == "**" && y >= 0) {
                std::int64_t acc = 1;
                for (std::int64_t k = 0; k < y; ++k)
                    if (__builtin_mul_overflow(acc, x, &acc)) fail(e.pos, "integer overflow in **");
                return Value(acc);
            }
            if (op == "+" || op == "-" || op == "*") fail(e.pos, "integer overflow in " + op);
        }
        const double x = a.toDouble(), y = b.toDouble();
        if (op == "+") return Value(x + y);
        if (op == "-") return Value(x - y);
        if (op == "*") return Value(x * y);
        if (op == "/") {
            if (y == 0) fail(e.pos, "division by zero");
            return Value(x / y);
        }
        if (op == "//" || op == "%") {
            if (y == 0) fail(e.pos, "float division or modulo by zero");
            // CPython's float_divmod.
            double mod = std::fmod(x, y), div = (x - mod) / y;
            if (mod != 0) {
                if ((y < 0) != (mod < 0)) {
                    mod += y;
                    div -= 1.0;
                }
            } else {
                mod = std::copysign(0.0, y);
            }
            double floorDiv = std::copysign(0.0, x / y);
            if (div != 0) {
                floorDiv = std::floor(div);
                if (div - floorDiv > 0.5) floorDiv += 1.0;
            }
            return Value(op == "%" ? mod : floorDiv);
        }
        if (op == "**") return Value(std::pow(x, y));
    }
    if (op == "+" && a.isString() && b.isString()) {
        checkStringSize(a.asString().size() + b.asString().size(), e.pos);
        return Value(a.asString() + b.asString());
    }
    if (op == "+" && a.isList() && b.isList()) {
        checkListSize(a.asList().items.size() + b.asList().items.size(), e.pos);
        List l = a.asList();
        l.items.insert(l.items.end(), b.asList().items.begin(), b.asList().items.end());
        return Value(std::move(l));
    }
    const bool seqLeft = (a.isString() || a.isList()) && isIntLike(b);
    const bool seqRight = isIntLike(a) && (b.isString() || b.isList());
    if (op == "*" && (seqLeft || seqRight)) {
        const Value& seq = seqLeft ? a : b;
        const std::int64_t n = std::max<std::int64_t>(0, intOf(seqLeft ? b : a));
        if (seq.isString()) {
            checkStringSize(seq.asString().size() * std::size_t(n), e.pos);
            std::string s;
            for (std::int64_t k = 0; k < n; ++k) s += seq.asString();
            return Value(std::move(s));
        }
        checkListSize(seq.asList().items.size() * std::size_t(n), e.pos);
        List l;
        l.tuple = seq.asList().tuple;
        for (std::int64_t k = 0; k < n; ++k)
            l.items.insert(l.items.end(), seq.asList().items.begin(), seq.asList().items.end());
        return Value(std::move(l));
    }
    fail(e.pos, operandError(op, a, b));
}

bool Interpreter::compare(const std::string& op, const Value& a, const Value& b, SourcePos pos) {
    if (op == "==") return a.equals(b);
    if (op == "!=") return !a.equals(b);
    if (op == "in" || op == "not in") {
        bool found = false;
        if (b.isString()) {
            if (!a.isString())
                fail(pos, std::string("'in <string>' requires string as left operand, not ") +
                              a.typeName());
            found = b.asString().find(a.asString()) != std::string::npos;
        } else if (b.isDict()) {
            found = a.isString() && b.asDict().find(a.asString()) != nullptr;
        } else if (b.isList()) {
            for (const Value& item : b.asList().items)
                if (item.equals(a)) {
                    found = true;
                    break;
                }
        } else if (!b.isUndefined()) {
            fail(pos, std::string("argument of type '") + b.typeName() + "' is not iterable");
        }
        return op == "in" ? found : !found;
    }
    for (const Value* v : {&a, &b})
        if (v->isUndefined()) fail(pos, "'" + v->undefinedName() + "' is undefined");
    int c = 0;
    if (a.isNumber() && b.isNumber()) {
        const double x = a.toDouble(), y = b.toDouble();
        if (isIntLike(a) && isIntLike(b))
            c = intOf(a) < intOf(b) ? -1 : intOf(a) > intOf(b) ? 1 : 0;
        else
            c = x < y ? -1 : x > y ? 1 : 0;
    } else if (a.isString() && b.isString()) {
        c = a.asString().compare(b.asString());  // UTF-8 byte order is code point order
    } else if (a.isList() && b.isList()) {
        const auto &x = a.asList().items, &y = b.asList().items;
        std::size_t i = 0;
        while (i < x.size() && i < y.size() && x[i].equals(y[i])) ++i;
        if (i < x.size() && i < y.size()) return compare(op, x[i], y[i], pos);
        c = x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    } else {
        fail(pos, "'" + op + "' not supported between instances of '" + a.typeName() + "' and '" +
                      b.typeName() + "'");
    }
    if (op == "<") return c < 0;
    if (op == "<=") return c <= 0;
    if (op == ">") return c > 0;
    return c >= 0;
}

Value Interpreter::eval(const Expr& e) {
    switch (e.kind) {
        case Expr::Kind::Literal:
            return e.value;
        case Expr::Kind::Name:
            return lookup(e.name);
        case Expr::Kind::ListLit:
        case Expr::Kind::TupleLit: {
            List l;
            l.tuple = e.kind == Expr::Kind::TupleLit;
            for (const auto& c : e.children) l.items.push_back(eval(*c));
            return Value(std::move(l));
        }
        case Expr::Kind::DictLit: {
            Dict d;
            for (std::size_t i = 0; i + 1 < e.children.size(); i += 2) {
                const Value key = eval(*e.children[i]);
                if (!key.isString()) fail(e.children[i]->pos, "dictionary keys must be strings");
                d.set(key.asString(), eval(*e.children[i + 1]));
            }
            return Value(std::move(d));
        }
        case Expr::Kind::GetAttr:
            return getAttribute(eval(*e.children[0]), e.name, *this, e.pos);
        case Expr::Kind::GetItem:
            return getItem(eval(*e.children[0]), eval(*e.children[1]), *this, e.pos);
        case Expr::Kind::Slice: {
            auto part = [&](std::size_t i) {
                return e.children[i] ? eval(*e.children[i]) : Value::none();
            };
            return getSlice(eval(*e.children[0]), part(1), part(2), part(3), *this, e.pos);
        }
        case Expr::Kind::Call:
        case Expr::Kind::Filter:
        case Expr::Kind::Test: {
            const Value head = eval(*e.children[0]);
            CallArgs args;
            for (std::size_t i = 1; i < e.children.size(); ++i)
                args.positional.push_back(eval(*e.children[i]));
            for (const auto& [k, v] : e.keywords) args.keywords.emplace_back(k, eval(*v));
            if (e.kind == Expr::Kind::Call) return call(head, args, e.pos);
            if (e.kind == Expr::Kind::Filter) return applyFilter(e.name, head, args, *this, e.pos);
            return Value(applyTest(e.name, head, args, *this, e.pos) != e.negated);
        }
        case Expr::Kind::Unary: {
            const Value v = eval(*e.children[0]);
            if (e.name == "not") return Value(!v.truthy());
            if (!v.isNumber())
                fail(e.pos, std::string("bad operand type for unary ") + e.name + ": '" +
                                v.typeName() + "'");
            if (e.name == "+") return v.isBool() ? Value(std::int64_t(v.asBool())) : v;
            if (v.isFloat()) return Value(-v.asFloat());
            const std::int64_t x = isIntLike(v) ? intOf(v) : 0;
            if (x == INT64_MIN) fail(e.pos, "integer overflow in unary -");
            return Value(-x);
        }
        case Expr::Kind::Binary:
            return evalBinary(e);
        case Expr::Kind::Compare: {
            Value left = eval(*e.children[0]);
            for (std::size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.children[i + 1]);
                if (!compare(e.ops[i], left, right, e.pos)) return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case Expr::Kind::Conditional:
            if (eval(*e.children[1]).truthy()) return eval(*e.children[0]);
            return e.children[2] ? eval(*e.children[2]) : Value::undefined();
    }
    fail(e.pos, "unsupported expression");
}

Value Interpreter::defineMacro(const Stmt& s) {
    const Stmt* macro = &s;
    return Value(Callable{
        s.target.names[0], [macro](CallArgs& args, Interpreter& in, SourcePos pos) -> Value {
            if (++in.callDepth_ > in.limits_.maxCallDepth) {
                --in.callDepth_;
                in.fail(pos, "macro calls nested deeper than " +
                                 std::to_string(in.limits_.maxCallDepth));
            }
            if (args.positional.size() > macro->params.size())
                in.fail(pos, "macro '" + macro->target.names[0] + "' takes " +
                                 std::to_string(macro->params.size()) + " arguments");
            std::vector<Scope> saved = std::move(in.scopes_);
            in.scopes_ = {saved.front(), Scope{}};
            std::string out;
            try {
                for (std::size_t i = 0; i < macro->params.size(); ++i) {
                    const MacroParam& p = macro->params[i];
                    Value v;
                    if (i < args.positional.size())
                        v = args.positional[i];
                    else if (const Value* kw = argument(args, SIZE_MAX, p.name.c_str()))
                        v = *kw;
                    else if (p.defaultValue)
                        v = in.eval(*p.defaultValue);
                    else
                        v = Value::undefined(p.name);
                    in.scopes_.back()[p.name] = std::move(v);
                }
                in.exec(macro->body, out);
            } catch (...) {
                in.scopes_ = std::move(saved);
                --in.callDepth_;
                throw;
            }
            in.scopes_ = std::move(saved);
            --in.callDepth_;
            return Value(std::move(out));
        }});
}

Interpreter::Flow Interpreter::execFor(const Stmt& s, std::string& out) {
    std::vector<Value> items = iterate(eval(*s.expr), *this, s.pos);
    if (s.condition) {
        std::vector<Value> kept;
        for (auto& item : items) {
            countIterations(1, s.pos);
            scopes_.emplace_back();
            assign(s.target, item, s.pos);
            const bool keep = eval(*s.condition).truthy();
            scopes_.pop_back();
            if (keep) kept.push_back(std::move(item));
        }
        items = std::move(kept);
    }
    if (items.empty()) return exec(s.elseBody, out);
    const auto n = std::int64_t(items.size());
    for (std::int64_t i = 0; i < n; ++i) {
        countIterations(1, s.pos);
        scopes_.emplace_back();
        assign(s.target, items[std::size_t(i)], s.pos);
        Dict loop;
        loop.set("index", Value(i + 1));
        loop.set("index0", Value(i));
        loop.set("revindex", Value(n - i));
        loop.set("revindex0", Value(n - i - 1));
        loop.set("first", Value(i == 0));
        loop.set("last", Value(i == n - 1));
        loop.set("length", Value(n));
        loop.set("depth", Value(1));
        loop.set("depth0", Value(0));
        if (i > 0) loop.set("previtem", items[std::size_t(i - 1)]);
        if (i + 1 < n) loop.set("nextitem", items[std::size_t(i + 1)]);
        loop.set(
            "cycle",
            Value(Callable{"cycle", [i](CallArgs& args, Interpreter& in, SourcePos pos) -> Value {
                               if (args.positional.empty())
                                   in.fail(pos, "no items for cycling given");
                               return args.positional[std::size_t(i) % args.positional.size()];
                           }}));
        scopes_.back()["loop"] = Value(std::move(loop));
        Flow flow;
        try {
            flow = exec(s.body, out);
        } catch (...) {
            scopes_.pop_back();
            throw;
        }
        scopes_.pop_back();
        if (flow == Flow::Break) break;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Body& body, std::string& out) {
    for (const auto& sp : body) {
        const Stmt& s = *sp;
        switch (s.kind) {
            case Stmt::Kind::Text:
                emit(out, s.text, s.pos);
                break;
            case Stmt::Kind::Output:
                emit(out, toPythonStr(eval(*s.expr)), s.pos);
                break;
            case Stmt::Kind::If: {
                const Body* chosen = &s.elseBody;
                for (std::size_t i = 0; i < s.conditions.size(); ++i)
                    if (eval(*s.conditions[i]).truthy()) {
                        chosen = &s.bodies[i];
                        break;
                    }
                if (const Flow f = exec(*chosen, out); f != Flow::Normal) return f;
                break;
            }
            case Stmt::Kind::For:
                execFor(s, out);
                break;
            case Stmt::Kind::Set:
                assign(s.target, eval(*s.expr), s.pos);
                break;
            case Stmt::Kind::SetBlock: {
                std::string captured;
                exec(s.body, captured);
                assign(s.target, Value(std::move(captured)), s.pos);
                break;
            }
            case Stmt::Kind::Macro:
                scopes_.back()[s.target.names[0]] = defineMacro(s);
                break;
            case Stmt::Kind::Break:
                return Flow::Break;
            case Stmt::Kind::Continue:
                return Flow::Continue;
            case Stmt::Kind::Generation:
                if (const Flow f = exec(s.body, out); f != Flow::Normal) return f;
                break;
        }
    }
    return Flow::Normal;
}

}  // namespace ts::jinja
