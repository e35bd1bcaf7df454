#pragma once
// Where a free-form trace is in a prediction: the text inside the first
// <think> ... </think> (to the end when the block is not closed), or the whole
// text when there is no <think>. The evidence proposals and the rating study
// both read a free-form trace through this one rule.
#include <string>
#include <string_view>

#include "core/score/verdict.h"

namespace ts {

TextSpan thinkBlockSpan(std::string_view text);

// The block's text without its leading and trailing white space.
std::string thinkBlockText(std::string_view text);

}  // namespace ts
