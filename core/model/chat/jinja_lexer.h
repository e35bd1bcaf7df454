#pragma once
// Splits a Jinja template into text and tag tokens, applying whitespace
// control as Jinja2 does: `{%-`/`-%}` (and `{{-`, `-}}`, `{#-`, `-#}`) strip
// all whitespace on that side; with trim_blocks the first newline after a
// block or comment tag is dropped; with lstrip_blocks the spaces and tabs
// between the start of a line and a block or comment tag are dropped; `+`
// (`{%+`, `+%}`) turns those two off for one tag. Hugging Face renders chat
// templates with trim_blocks and lstrip_blocks on.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

enum class TokenType {
    Text,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End
};

struct Token {
    TokenType type = TokenType::End;
    std::string text;  // text, name, operator or the unescaped string literal
    std::int64_t intValue = 0;
    double floatValue = 0;
    SourcePos pos;
};

struct LexerOptions {
    bool trimBlocks = true;
    bool lstripBlocks = true;
};

// Maps byte offsets of the source to 1-based line:column.
class LineIndex {
public:
    explicit LineIndex(std::string_view source);
    SourcePos at(std::size_t offset) const;

private:
    std::vector<std::size_t> lineStarts_;
};

// Throws ts::Error ("line L:C: ...") for unterminated tags, strings and comments.
std::vector<Token> tokenize(std::string_view source, const LexerOptions& options,
                            const std::string& templateName);

}  // namespace ts::jinja
