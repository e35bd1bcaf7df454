#pragma once
// Walks a parsed template and renders it. Scopes follow Jinja2: the template
// top level is one scope, every for-loop iteration and macro call gets its
// own (so `set` inside a loop does not leak; namespaces exist for that), and
// if-blocks share their parent's scope.
//
// Limits keep hostile templates bounded: total loop iterations, output and
// value sizes (strings and lists built by operators), and macro call depth.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/chat/jinja_ast.h"
#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

struct RenderLimits {
    std::size_t maxOutputBytes = std::size_t(16) << 20;  // also bounds every string value
    std::size_t maxLoopIterations = 1'000'000;  // summed over all loops, also bounds list sizes
    std::size_t maxCallDepth = 64;              // nested macro calls
};

class Interpreter {
public:
    Interpreter(const std::string& templateName, const RenderLimits& limits);

    void setGlobal(const std::string& name, Value value);
    std::string render(const Body& body);

    // For filters, methods and globals.
    [[noreturn]] void fail(SourcePos pos, const std::string& message) const;
    Value call(const Value& callee, CallArgs& args, SourcePos pos);
    void checkStringSize(std::size_t bytes, SourcePos pos) const;
    void checkListSize(std::size_t items, SourcePos pos) const;
    void countIterations(std::size_t n, SourcePos pos);
    const RenderLimits& limits() const { return limits_; }
    const std::string& templateName() const { return name_; }

private:
    enum class Flow { Normal, Break, Continue };
    using Scope = std::unordered_map<std::string, Value>;

    Value eval(const Expr& e);
    Value evalBinary(const Expr& e);
    bool compare(const std::string& op, const Value& a, const Value& b, SourcePos pos);
    Value lookup(const std::string& name) const;
    void assign(const Target& target, Value value, SourcePos pos);
    Flow exec(const Body& body, std::string& out);
    Flow execFor(const Stmt& s, std::string& out);
    void emit(std::string& out, std::string_view text, SourcePos pos) const;
    Value defineMacro(const Stmt& s);

    std::string name_;
    RenderLimits limits_;
    Scope globals_;
    std::vector<Scope> scopes_;  // scopes_[0] is the template top level
    std::size_t iterations_ = 0;
    std::size_t callDepth_ = 0;
};

}  // namespace ts::jinja
