#pragma once
// Recursive-descent parser for the Jinja subset, following Jinja2's grammar
// and operator precedence (conditional < or < and < not < comparisons < + -
// < ~ < * / // % < ** < unary; filters and tests bind to the unary operand).
// Unknown tags, filters and tests are refused here, with their line:column.
#include <string>
#include <vector>

#include "core/model/chat/jinja_ast.h"
#include "core/model/chat/jinja_lexer.h"

namespace ts::jinja {

struct ParseLimits {
    std::size_t maxNesting = 200;  // nested expressions/blocks (keeps the C++ stack bounded)
};

Body parseTemplate(std::vector<Token> tokens, const std::string& templateName,
                   const ParseLimits& limits = {});

}  // namespace ts::jinja
