#pragma once
// Template errors name the template and the line:column of the offending tag
// or expression, e.g. "chat_template:3: column 15: unknown filter 'foo'".
#include <string>

#include "core/model/chat/jinja_value.h"
#include "core/util/error.h"

namespace ts::jinja {

inline Error templateError(const std::string& templateName, SourcePos pos,
                           const std::string& message) {
    return Error(pos.line > 0 ? "column " + std::to_string(pos.column) + ": " + message : message,
                 ErrorLocation(templateName, pos.line));
}

}  // namespace ts::jinja
