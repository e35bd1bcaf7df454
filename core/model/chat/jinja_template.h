#pragma once
// A compiled Jinja template (the subset chat templates use): parse once,
// render many times with different variables. Rendering is const and
// thread-safe (each render has its own interpreter state).
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/model/chat/jinja_interpreter.h"
#include "core/model/chat/jinja_lexer.h"
#include "core/model/chat/jinja_parser.h"
#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

// Global functions every template sees: range, namespace, dict.
void installStandardGlobals(Interpreter& interpreter);

class Template {
public:
    // Throws ts::Error naming templateName and the line:column of a syntax error.
    Template(std::string_view source, std::string templateName, const LexerOptions& lexer = {},
             const ParseLimits& parse = {});
    ~Template();
    Template(Template&&) noexcept;
    Template& operator=(Template&&) noexcept;

    // Renders with the given variables (plus the standard globals). Throws
    // ts::Error for runtime errors and exceeded limits, with line:column.
    std::string render(const std::map<std::string, Value>& variables,
                       const RenderLimits& limits = {}) const;

    const std::string& name() const { return name_; }

private:
    std::string name_;
    std::unique_ptr<Body> body_;
};

}  // namespace ts::jinja
