#include "core/model/chat/jinja_parser.h"

#include <set>

#include "core/model/chat/jinja_builtins.h"
#include "core/model/chat/jinja_error.h"

namespace ts::jinja {

namespace {

class Parser {
public:
    Parser(std::vector<Token> tokens, const std::string& name, const ParseLimits& limits)
        : t_(std::move(tokens)), name_(name), limits_(limits) {}

    Body parseAll() {
        Body body = parseBody({});
        if (cur().type != TokenType::End) fail(cur(), "unexpected '" + peekTagName() + "' tag");
        return body;
    }

private:
    // RAII nesting counter: refuses templates nested deeper than the limit.
    struct Nest {
        Parser& p;
        explicit Nest(Parser& parser, const Token& at) : p(parser) {
            if (++p.depth_ > p.limits_.maxNesting) p.fail(at, "template is nested too deeply");
        }
        ~Nest() { --p.depth_; }
    };

    const Token& cur() const { return t_[i_]; }
    const Token& look(std::size_t k = 1) const { return t_[std::min(i_ + k, t_.size() - 1)]; }
    const Token& next() { return t_[i_ < t_.size() - 1 ? i_++ : i_]; }

    [[noreturn]] void fail(const Token& at, const std::string& message) const {
        throw templateError(name_, at.pos, message);
    }

    static std::string describe(const Token& t) {
        switch (t.type) {
            case TokenType::End:
                return "end of template";
            case TokenType::BlockEnd:
                return "end of statement block";
            case TokenType::VariableEnd:
                return "end of print statement";
            case TokenType::String:
                return "string";
            default:
                return "'" + t.text + "'";
        }
    }

    bool isOp(const char* op) const {
        return cur().type == TokenType::Operator && cur().text == op;
    }
    bool isName(const char* n) const { return cur().type == TokenType::Name && cur().text == n; }
    bool skipOp(const char* op) {
        if (!isOp(op)) return false;
        next();
        return true;
    }
    bool skipName(const char* n) {
        if (!isName(n)) return false;
        next();
        return true;
    }
    void expectOp(const char* op) {
        if (!skipOp(op))
            fail(cur(), std::string("expected '") + op + "', found " + describe(cur()));
    }
    std::string expectName() {
        if (cur().type != TokenType::Name) fail(cur(), "expected a name, found " + describe(cur()));
        return next().text;
    }
    void expectBlockEnd() {
        if (cur().type != TokenType::BlockEnd)
            fail(cur(), "expected end of statement block, found " + describe(cur()));
        next();
    }

    std::string peekTagName() const {
        return cur().type == TokenType::BlockBegin && look().type == TokenType::Name
                   ? look().text
                   : describe(cur());
    }

    // Statements up to (not including) a block tag whose name is in `stops`.
    Body parseBody(const std::set<std::string>& stops) {
        Body body;
        while (cur().type != TokenType::End) {
            const Token& t = cur();
            if (t.type == TokenType::Text) {
                auto s = makeStmt(Stmt::Kind::Text, t);
                s->text = t.text;
                next();
                body.push_back(std::move(s));
            } else if (t.type == TokenType::VariableBegin) {
                next();
                auto s = makeStmt(Stmt::Kind::Output, t);
                s->expr = parseTuple(true);
                if (cur().type != TokenType::VariableEnd)
                    fail(cur(), "expected '}}', found " + describe(cur()));
                next();
                body.push_back(std::move(s));
            } else if (t.type == TokenType::BlockBegin) {
                if (look().type != TokenType::Name) fail(look(), "expected a statement name");
                if (stops.count(look().text)) return body;
                next();
                body.push_back(parseStatement());
            } else {
                fail(t, "unexpected " + describe(t));
            }
        }
        if (!stops.empty()) {
            std::string expected;
            for (const auto& s : stops) expected += (expected.empty() ? "'" : " or '") + s + "'";
            fail(cur(), "unexpected end of template, expected " + expected);
        }
        return body;
    }

    StmtPtr makeStmt(Stmt::Kind kind, const Token& at) {
        auto s = std::make_unique<Stmt>();
        s->kind = kind;
        s->pos = at.pos;
        return s;
    }

    // After parseBody stopped at a tag: consumes "{% name" and returns name.
    std::string closingTag() {
        next();  // BlockBegin
        return next().text;
    }

    StmtPtr parseStatement() {
        const Token& nameTok = cur();
        Nest nest(*this, nameTok);
        const std::string keyword = next().text;
        if (keyword == "if") return parseIf(nameTok);
        if (keyword == "for") return parseFor(nameTok);
        if (keyword == "set") return parseSet(nameTok);
        if (keyword == "macro") return parseMacro(nameTok);
        if (keyword == "break" || keyword == "continue") {
            if (loopDepth_ == 0) fail(nameTok, "'" + keyword + "' outside of a loop");
            expectBlockEnd();
            return makeStmt(keyword == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue, nameTok);
        }
        if (keyword == "generation") {
            expectBlockEnd();
            auto s = makeStmt(Stmt::Kind::Generation, nameTok);
            s->body = parseBody({"endgeneration"});
            closingTag();
            expectBlockEnd();
            return s;
        }
        if (keyword.rfind("end", 0) == 0 || keyword == "elif" || keyword == "else")
            fail(nameTok, "unexpected '" + keyword + "' tag");
        fail(nameTok, "unknown tag '" + keyword + "'");
    }

    StmtPtr parseIf(const Token& at) {
        auto s = makeStmt(Stmt::Kind::If, at);
        s->conditions.push_back(parseTuple(false));
        expectBlockEnd();
        s->bodies.push_back(parseBody({"elif", "else", "endif"}));
        while (true) {
            const std::string tag = closingTag();
            if (tag == "elif") {
                s->conditions.push_back(parseTuple(false));
                expectBlockEnd();
                s->bodies.push_back(parseBody({"elif", "else", "endif"}));
            } else if (tag == "else") {
                expectBlockEnd();
                s->elseBody = parseBody({"endif"});
            } else {
                expectBlockEnd();
                return s;
            }
        }
    }

    Target parseTarget(bool allowAttribute) {
        Target target;
        target.pos = cur().pos;
        const bool paren = skipOp("(");
        target.names.push_back(expectName());
        if (allowAttribute && !paren && skipOp(".")) {
            target.attribute = expectName();
            return target;
        }
        while (skipOp(",")) {
            if (cur().type != TokenType::Name) break;  // trailing comma
            target.names.push_back(expectName());
        }
        if (paren) expectOp(")");
        return target;
    }

    StmtPtr parseFor(const Token& at) {
        auto s = makeStmt(Stmt::Kind::For, at);
        s->target = parseTarget(false);
        if (!skipName("in")) fail(cur(), "expected 'in', found " + describe(cur()));
        s->expr = parseTuple(false, /*withCondition*/ false);
        if (skipName("if")) s->condition = parseExpression();
        if (skipName("recursive")) fail(at, "recursive loops are not supported");
        expectBlockEnd();
        ++loopDepth_;
        s->body = parseBody({"else", "endfor"});
        --loopDepth_;
        if (closingTag() == "else") {
            expectBlockEnd();
            s->elseBody = parseBody({"endfor"});
            closingTag();
        }
        expectBlockEnd();
        return s;
    }

    StmtPtr parseSet(const Token& at) {
        Target target = parseTarget(true);
        if (skipOp("=")) {
            auto s = makeStmt(Stmt::Kind::Set, at);
            s->target = std::move(target);
            s->expr = parseTuple(false);
            expectBlockEnd();
            return s;
        }
        auto s = makeStmt(Stmt::Kind::SetBlock, at);
        if (target.names.size() != 1 || !target.attribute.empty())
            fail(at, "a set block needs a single name");
        s->target = std::move(target);
        if (isOp("|")) fail(cur(), "filters on set blocks are not supported");
        expectBlockEnd();
        s->body = parseBody({"endset"});
        closingTag();
        expectBlockEnd();
        return s;
    }

    StmtPtr parseMacro(const Token& at) {
        auto s = makeStmt(Stmt::Kind::Macro, at);
        s->target.names.push_back(expectName());
        expectOp("(");
        while (!isOp(")")) {
            MacroParam p;
            p.name = expectName();
            if (skipOp("=")) p.defaultValue = parseExpression();
            s->params.push_back(std::move(p));
            if (!skipOp(",")) break;
        }
        expectOp(")");
        expectBlockEnd();
        const int savedLoops = loopDepth_;
        loopDepth_ = 0;
        s->body = parseBody({"endmacro"});
        loopDepth_ = savedLoops;
        closingTag();
        expectBlockEnd();
        return s;
    }

    // ---- expressions -------------------------------------------------

    ExprPtr makeExpr(Expr::Kind kind, const Token& at) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->pos = at.pos;
        return e;
    }

    ExprPtr binary(const Token& at, std::string op, ExprPtr l, ExprPtr r) {
        auto e = makeExpr(Expr::Kind::Binary, at);
        e->name = std::move(op);
        e->children.push_back(std::move(l));
        e->children.push_back(std::move(r));
        return e;
    }

    bool startsTupleEnd() const {
        const Token& t = cur();
        return t.type == TokenType::VariableEnd || t.type == TokenType::BlockEnd ||
               t.type == TokenType::End ||
               (t.type == TokenType::Operator &&
                (t.text == ")" || t.text == "]" || t.text == "}")) ||
               (t.type == TokenType::Name &&
                (t.text == "in" || t.text == "if" || t.text == "recursive"));
    }

    // expr or "a, b, c" (a tuple); explicitParens allows the empty tuple "()".
    ExprPtr parseTuple(bool allowEmptyStop, bool withCondition = true,
                       bool explicitParens = false) {
        const Token& at = cur();
        std::vector<ExprPtr> items;
        bool sawComma = false;
        while (true) {
            if (!items.empty() && startsTupleEnd()) break;
            if (items.empty() && explicitParens && isOp(")")) break;
            items.push_back(withCondition ? parseExpression() : parseOr());
            if (!skipOp(",")) break;
            sawComma = true;
        }
        (void)allowEmptyStop;
        if (items.size() == 1 && !sawComma) return std::move(items[0]);
        if (items.empty() && !explicitParens)
            fail(at, "expected an expression, found " + describe(at));
        auto e = makeExpr(Expr::Kind::TupleLit, at);
        e->children = std::move(items);
        return e;
    }

    ExprPtr parseExpression() {
        Nest nest(*this, cur());
        ExprPtr e = parseOr();
        while (isName("if")) {
            const Token& at = next();
            auto c = makeExpr(Expr::Kind::Conditional, at);
            ExprPtr cond = parseOr();
            ExprPtr otherwise = skipName("else") ? parseExpression() : nullptr;
            c->children.push_back(std::move(e));
            c->children.push_back(std::move(cond));
            c->children.push_back(std::move(otherwise));
            e = std::move(c);
        }
        return e;
    }

    ExprPtr parseOr() {
        ExprPtr l = parseAnd();
        while (isName("or")) {
            const Token& at = next();
            l = binary(at, "or", std::move(l), parseAnd());
        }
        return l;
    }

    ExprPtr parseAnd() {
        ExprPtr l = parseNot();
        while (isName("and")) {
            const Token& at = next();
            l = binary(at, "and", std::move(l), parseNot());
        }
        return l;
    }

    ExprPtr parseNot() {
        if (isName("not")) {
            const Token& at = next();
            Nest nest(*this, at);
            auto e = makeExpr(Expr::Kind::Unary, at);
            e->name = "not";
            e->children.push_back(parseNot());
            return e;
        }
        return parseCompare();
    }

    // a < b < c is one Compare node: each operand is compared with the previous one.
    ExprPtr parseCompare() {
        const Token& at = cur();
        ExprPtr first = parseMath1();
        ExprPtr cmp;
        while (true) {
            std::string op;
            if (cur().type == TokenType::Operator &&
                (cur().text == "==" || cur().text == "!=" || cur().text == "<" ||
                 cur().text == ">" || cur().text == "<=" || cur().text == ">=")) {
                op = next().text;
            } else if (isName("in")) {
                next();
                op = "in";
            } else if (isName("not") && look().type == TokenType::Name && look().text == "in") {
                next();
                next();
                op = "not in";
            } else {
                break;
            }
            if (!cmp) {
                cmp = makeExpr(Expr::Kind::Compare, at);
                cmp->children.push_back(std::move(first));
            }
            cmp->ops.push_back(std::move(op));
            cmp->children.push_back(parseMath1());
        }
        return cmp ? std::move(cmp) : std::move(first);
    }

    ExprPtr parseMath1() {
        ExprPtr l = parseConcat();
        while (isOp("+") || isOp("-")) {
            const Token& at = next();
            l = binary(at, at.text, std::move(l), parseConcat());
        }
        return l;
    }

    ExprPtr parseConcat() {
        ExprPtr l = parseMath2();
        while (isOp("~")) {
            const Token& at = next();
            l = binary(at, "~", std::move(l), parseMath2());
        }
        return l;
    }

    ExprPtr parseMath2() {
        ExprPtr l = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const Token& at = next();
            l = binary(at, at.text, std::move(l), parsePow());
        }
        return l;
    }

    ExprPtr parsePow() {
        ExprPtr l = parseUnary(true);
        while (isOp("**")) {
            const Token& at = next();
            l = binary(at, "**", std::move(l), parseUnary(true));
        }
        return l;
    }

    ExprPtr parseUnary(bool withFilter) {
        const Token& at = cur();
        Nest nest(*this, at);
        ExprPtr node;
        if (isOp("-") || isOp("+")) {
            next();
            node = makeExpr(Expr::Kind::Unary, at);
            node->name = at.text;
            node->children.push_back(parseUnary(false));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(std::move(node));
        if (withFilter) node = parseFilters(std::move(node));
        return node;
    }

    ExprPtr parsePrimary() {
        const Token& t = cur();
        if (t.type == TokenType::Name) {
            next();
            auto e = makeExpr(Expr::Kind::Literal, t);
            if (t.text == "true" || t.text == "True")
                e->value = Value(true);
            else if (t.text == "false" || t.text == "False")
                e->value = Value(false);
            else if (t.text == "none" || t.text == "None")
                e->value = Value::none();
            else {
                e->kind = Expr::Kind::Name;
                e->name = t.text;
            }
            return e;
        }
        if (t.type == TokenType::String) {
            std::string s;
            while (cur().type == TokenType::String)
                s += next().text;  // adjacent literals concatenate
            auto e = makeExpr(Expr::Kind::Literal, t);
            e->value = Value(std::move(s));
            return e;
        }
        if (t.type == TokenType::Integer || t.type == TokenType::Float) {
            next();
            auto e = makeExpr(Expr::Kind::Literal, t);
            e->value = t.type == TokenType::Integer ? Value(t.intValue) : Value(t.floatValue);
            return e;
        }
        if (isOp("(")) {
            next();
            ExprPtr e = parseTuple(false, true, true);
            expectOp(")");
            return e;
        }
        if (isOp("[")) {
            next();
            auto e = makeExpr(Expr::Kind::ListLit, t);
            while (!isOp("]")) {
                e->children.push_back(parseExpression());
                if (!skipOp(",")) break;
            }
            expectOp("]");
            return e;
        }
        if (isOp("{")) {
            next();
            auto e = makeExpr(Expr::Kind::DictLit, t);
            while (!isOp("}")) {
                e->children.push_back(parseExpression());
                expectOp(":");
                e->children.push_back(parseExpression());
                if (!skipOp(",")) break;
            }
            expectOp("}");
            return e;
        }
        fail(t, "unexpected " + describe(t));
    }

    ExprPtr parsePostfix(ExprPtr node) {
        while (true) {
            if (isOp(".")) {
                const Token& at = next();
                if (cur().type == TokenType::Integer) {  // foo.0 is foo[0]
                    auto e = makeExpr(Expr::Kind::GetItem, at);
                    auto index = makeExpr(Expr::Kind::Literal, cur());
                    index->value = Value(next().intValue);
                    e->children.push_back(std::move(node));
                    e->children.push_back(std::move(index));
                    node = std::move(e);
                    continue;
                }
                auto e = makeExpr(Expr::Kind::GetAttr, at);
                e->name = expectName();
                e->children.push_back(std::move(node));
                node = std::move(e);
            } else if (isOp("[")) {
                node = parseSubscript(std::move(node));
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseSubscript(ExprPtr node) {
        const Token& at = next();  // '['
        ExprPtr parts[3];
        bool slice = false;
        int part = 0;
        while (!isOp("]")) {
            if (isOp(":")) {
                next();
                slice = true;
                if (++part > 2) fail(at, "too many ':' in a slice");
                continue;
            }
            parts[part] = parseExpression();
            if (!slice && isOp(",")) fail(cur(), "tuple subscripts are not supported");
        }
        expectOp("]");
        if (!slice) {
            if (!parts[0]) fail(at, "expected a subscript");
            auto e = makeExpr(Expr::Kind::GetItem, at);
            e->children.push_back(std::move(node));
            e->children.push_back(std::move(parts[0]));
            return e;
        }
        auto e = makeExpr(Expr::Kind::Slice, at);
        e->children.push_back(std::move(node));
        for (auto& p : parts) e->children.push_back(std::move(p));
        return e;
    }

    void parseArgs(Expr& call) {
        expectOp("(");
        while (!isOp(")")) {
            if (cur().type == TokenType::Name && look().type == TokenType::Operator &&
                look().text == "=") {
                std::string key = next().text;
                next();
                call.keywords.emplace_back(std::move(key), parseExpression());
            } else {
                if (!call.keywords.empty())
                    fail(cur(), "positional argument follows keyword argument");
                call.children.push_back(parseExpression());
            }
            if (!skipOp(",")) break;
        }
        expectOp(")");
    }

    ExprPtr parseCall(ExprPtr node) {
        auto e = makeExpr(Expr::Kind::Call, cur());
        e->children.push_back(std::move(node));
        parseArgs(*e);
        return e;
    }

    ExprPtr parseFilters(ExprPtr node) {
        while (true) {
            if (isOp("|")) {
                next();
                const Token& nameTok = cur();
                auto e = makeExpr(Expr::Kind::Filter, nameTok);
                e->name = expectName();
                if (!hasFilter(e->name)) fail(nameTok, "unknown filter '" + e->name + "'");
                e->children.push_back(std::move(node));
                if (isOp("(")) parseArgs(*e);
                node = std::move(e);
            } else if (isName("is")) {
                const Token& at = next();
                auto e = makeExpr(Expr::Kind::Test, at);
                e->negated = skipName("not");
                const Token& nameTok = cur();
                e->name = expectName();
                if (!hasTest(e->name)) fail(nameTok, "unknown test '" + e->name + "'");
                e->children.push_back(std::move(node));
                if (isOp("(")) {
                    parseArgs(*e);
                } else if ((cur().type == TokenType::Name || cur().type == TokenType::String ||
                            cur().type == TokenType::Integer || cur().type == TokenType::Float ||
                            isOp("[") || isOp("{")) &&
                           !isName("else") && !isName("or") && !isName("and") && !isName("is") &&
                           !isName("if")) {
                    e->children.push_back(parsePostfix(parsePrimary()));
                }
                node = std::move(e);
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    std::vector<Token> t_;
    std::size_t i_ = 0;
    const std::string& name_;
    ParseLimits limits_;
    std::size_t depth_ = 0;
    int loopDepth_ = 0;
};

}  // namespace

Body parseTemplate(std::vector<Token> tokens, const std::string& templateName,
                   const ParseLimits& limits) {
    return Parser(std::move(tokens), templateName, limits).parseAll();
}

}  // namespace ts::jinja
