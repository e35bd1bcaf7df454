#pragma once
// Parsing JSON from files we do not control. One entry point for every
// reader: the nesting depth is checked first (kMaxJsonDepth, see
// input_limits.h), then the text is parsed, and every nlohmann exception - a
// syntax error, a number too large for a double ("1e400") - becomes a
// ts::Error naming the file and the line, never an exception of another type.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/input_limits.h"

namespace ts {

// Byte offset of the first '[' or '{' that opens a level deeper than
// maxDepth (brackets inside strings do not count), nullopt when the text
// stays within it. Linear, allocation-free, and stops at the first excess.
std::optional<std::size_t> jsonDepthExceededAt(std::string_view text,
                                               std::size_t maxDepth = kMaxJsonDepth);

// Throws ts::Error("JSON nested deeper than 256 levels", file:line) when
// jsonDepthExceededAt finds an excess. firstLine: the line of text's first
// byte in the file (JSON Lines pass the line number).
void requireJsonDepthWithin(std::string_view text, const std::string& file,
                            std::size_t firstLine = 1, std::size_t maxDepth = kMaxJsonDepth);

// Depth check, then parse; errors name file and line as described above.
nlohmann::json parseJsonChecked(std::string_view text, const std::string& file,
                                std::size_t firstLine = 1);
nlohmann::ordered_json parseOrderedJsonChecked(std::string_view text, const std::string& file,
                                               std::size_t firstLine = 1);

// JSON Lines in memory: calls fn(object, line) for every non-blank line (white
// space trimmed), each parsed with parseJsonChecked; a line that is not a
// JSON object throws ts::Error naming file and line.
void forEachJsonObjectLine(std::string_view text, const std::string& file,
                           const std::function<void(const nlohmann::json&, std::size_t)>& fn);

// The 1-based line of byte offset in text, counting from firstLine.
std::size_t lineOfOffset(std::string_view text, std::size_t offset, std::size_t firstLine = 1);

}  // namespace ts
