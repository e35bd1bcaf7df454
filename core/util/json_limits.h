#pragma once
// Parsing JSON from files we do not control. One entry point for every
// reader: the nesting depth is checked first (kMaxJsonDepth, see
// input_limits.h), then the text is parsed, and every nlohmann exception - a
// syntax error, a number too large for a double ("1e400") - becomes a
// ts::Error naming the file and the line, never an exception of another type.
#include <cstddef>
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

// The 1-based line of byte offset in text, counting from firstLine.
std::size_t lineOfOffset(std::string_view text, std::size_t offset, std::size_t firstLine = 1);

}  // namespace ts
