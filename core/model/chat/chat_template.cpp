#include "core/model/chat/chat_template.h"

#include "core/model/chat/jinja_format.h"
#include "core/model/chat/jinja_interpreter.h"
#include "core/util/error.h"

namespace ts {

ChatTemplate::ChatTemplate(std::string_view source, std::string name)
    : template_(source, std::move(name), jinja::LexerOptions{true, true}) {}

std::string ChatTemplate::render(const nlohmann::ordered_json& messages,
                                 const ChatRenderOptions& options) const {
    using jinja::Value;
    if (!messages.is_array()) throw Error("messages must be a JSON array", {template_.name()});
    if (!options.variables.is_object())
        throw Error("template variables must be a JSON object", {template_.name()});
    std::map<std::string, Value> vars;
    vars["messages"] = Value::fromJson(messages);
    vars["add_generation_prompt"] = Value(options.addGenerationPrompt);
    vars["tools"] = Value::none();
    vars["documents"] = Value::none();
    auto token = [&](const char* name, const std::optional<std::string>& v) {
        if (v) vars[name] = Value(*v);
    };
    token("bos_token", options.bosToken);
    token("eos_token", options.eosToken);
    token("pad_token", options.padToken);
    token("unk_token", options.unkToken);
    vars["raise_exception"] = Value(jinja::Callable{
        "raise_exception",
        [](jinja::CallArgs& args, jinja::Interpreter& in, jinja::SourcePos pos) -> Value {
            const std::string message =
                args.positional.empty() ? "" : toPythonStr(args.positional[0]);
            in.fail(pos, "template raised an exception: " + message);
        }});
    const CalendarDate today = options.today ? *options.today : localToday();
    vars["strftime_now"] = Value(jinja::Callable{
        "strftime_now",
        [today](jinja::CallArgs& args, jinja::Interpreter& in, jinja::SourcePos pos) -> Value {
            if (args.positional.empty() || !args.positional[0].isString())
                in.fail(pos, "strftime_now() expects a format string");
            return Value(formatCalendarDate(today, args.positional[0].asString()));
        }});
    for (auto it = options.variables.begin(); it != options.variables.end(); ++it)
        vars[it.key()] = Value::fromJson(it.value());
    return template_.render(vars, options.limits);
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages,
                                 const ChatRenderOptions& options) const {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    return render(list, options);
}

}  // namespace ts
