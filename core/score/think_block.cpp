#include "core/score/think_block.h"

namespace ts {

TextSpan thinkBlockSpan(std::string_view text) {
    constexpr std::string_view open = "<think>";
    const auto at = text.find(open);
    if (at == std::string_view::npos) return {0, text.size()};
    const auto from = at + open.size();
    const auto close = text.find("</think>", from);
    return {from, close == std::string_view::npos ? text.size() : close};
}

std::string thinkBlockText(std::string_view text) {
    const TextSpan span = thinkBlockSpan(text);
    const std::string_view block = text.substr(span.begin, span.length());
    const auto first = block.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = block.find_last_not_of(" \t\r\n");
    return std::string(block.substr(first, last - first + 1));
}

}  // namespace ts
