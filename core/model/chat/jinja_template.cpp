#include "core/model/chat/jinja_template.h"

#include "core/model/chat/jinja_builtins.h"

namespace ts::jinja {

void installStandardGlobals(Interpreter& interpreter) {
    interpreter.setGlobal(
        "range",
        Value(Callable{
            "range", [](CallArgs& a, Interpreter& in, SourcePos pos) -> Value {
                std::int64_t bounds[3] = {0, 0, 1};
                if (a.positional.empty() || a.positional.size() > 3)
                    in.fail(pos, "range expects 1 to 3 integer arguments");
                for (const Value& v : a.positional)
                    if (!v.isInt())
                        in.fail(pos, std::string("range arguments must be integers, not ") +
                                         v.typeName());
                if (a.positional.size() == 1)
                    bounds[1] = a.positional[0].asInt();
                else
                    for (std::size_t i = 0; i < a.positional.size(); ++i)
                        bounds[i] = a.positional[i].asInt();
                const auto [start, stop, step] = bounds;
                if (step == 0) in.fail(pos, "range() arg 3 must not be zero");
                // Count first so a huge range is refused before anything is allocated.
                const __int128 span = step > 0 ? (__int128)stop - start : (__int128)start - stop;
                const __int128 stride = step > 0 ? step : -(__int128)step;
                const __int128 count = span <= 0 ? 0 : (span + stride - 1) / stride;
                in.checkListSize(count > (__int128)SIZE_MAX ? SIZE_MAX : std::size_t(count), pos);
                List l;
                for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
                    l.items.emplace_back(i);
                return Value(std::move(l));
            }}));
    auto keywordsAsDict = [](CallArgs& a, Interpreter& in, SourcePos pos) {
        Dict d;
        for (const Value& v : a.positional) {
            if (!v.isDict())
                in.fail(pos, std::string("expected a mapping argument, got ") + v.typeName());
            for (const auto& [k, item] : v.asDict().items) d.set(k, item);
        }
        for (auto& [k, v] : a.keywords) d.set(k, v);
        return d;
    };
    interpreter.setGlobal(
        "namespace",
        Value(Callable{"namespace", [keywordsAsDict](CallArgs& a, Interpreter& in, SourcePos pos) {
                           auto ns = std::make_shared<Namespace>();
                           ns->attributes = keywordsAsDict(a, in, pos);
                           return Value(std::move(ns));
                       }}));
    interpreter.setGlobal(
        "dict",
        Value(Callable{"dict", [keywordsAsDict](CallArgs& a, Interpreter& in, SourcePos pos) {
                           return Value(keywordsAsDict(a, in, pos));
                       }}));
}

Template::Template(std::string_view source, std::string templateName, const LexerOptions& lexer,
                   const ParseLimits& parse)
    : name_(std::move(templateName)),
      body_(std::make_unique<Body>(parseTemplate(tokenize(source, lexer, name_), name_, parse))) {}

Template::~Template() = default;
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;

std::string Template::render(const std::map<std::string, Value>& variables,
                             const RenderLimits& limits) const {
    Interpreter interpreter(name_, limits);
    installStandardGlobals(interpreter);
    for (const auto& [k, v] : variables) interpreter.setGlobal(k, v);
    return interpreter.render(*body_);
}

}  // namespace ts::jinja
