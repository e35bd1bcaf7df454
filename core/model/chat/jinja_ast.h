#pragma once
// The syntax tree of a parsed template: expressions and statements as small
// tagged structs (one kind field, the children it needs), built by the
// parser and walked by the interpreter.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Expr {
    enum class Kind {
        Literal,     // value
        Name,        // name
        ListLit,     // children
        TupleLit,    // children
        DictLit,     // children: key0, value0, key1, value1, ...
        GetAttr,     // children[0] . name
        GetItem,     // children[0] [ children[1] ]
        Slice,       // children[0] [ children[1] : children[2] : children[3] ] (null parts allowed)
        Call,        // children[0] ( args = children[1..], keywords )
        Filter,      // children[0] | name ( args = children[1..], keywords )
        Test,        // children[0] is [not] name ( args = children[1..] ); negated
        Unary,       // op children[0]   (op: "-", "+", "not")
        Binary,      // children[0] op children[1]  (arithmetic, "~", "and", "or")
        Compare,     // children[0] ops[0] children[1] ops[1] children[2] ... (chained, like Python)
        Conditional  // children[0] if children[1] else children[2] (children[2] may be null)
    };
    Kind kind;
    SourcePos pos;
    Value value;
    std::string name;  // name, attribute, filter/test name, or operator
    std::vector<ExprPtr> children;
    std::vector<std::pair<std::string, ExprPtr>> keywords;
    std::vector<std::string> ops;  // Compare only: "==", "<", "in", "not in", ...
    bool negated = false;
};

// A set/for target: a name, a tuple of names, or namespace.attribute.
struct Target {
    std::vector<std::string> names;  // one name, or several for unpacking
    std::string attribute;           // set only: names[0].attribute = ...
    SourcePos pos;
};

struct MacroParam {
    std::string name;
    ExprPtr defaultValue;  // may be null
};

struct Stmt {
    enum class Kind {
        Text,      // text
        Output,    // expr
        If,        // conditions[i] -> bodies[i]; elseBody
        For,       // target in expr [if condition] body [else elseBody]
        Set,       // target = expr
        SetBlock,  // target = rendered body
        Macro,     // name(params) body
        Break,
        Continue,
        Generation  // Hugging Face's {% generation %} marker: renders its body
    };
    Kind kind;
    SourcePos pos;
    std::string text;
    ExprPtr expr;
    ExprPtr condition;
    std::vector<ExprPtr> conditions;
    std::vector<Body> bodies;
    Body body, elseBody;
    Target target;
    std::vector<MacroParam> params;
};

}  // namespace ts::jinja
