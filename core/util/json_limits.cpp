#include "core/util/json_limits.h"

#include <algorithm>

#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

std::optional<std::size_t> jsonDepthExceededAt(std::string_view text, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;  // an escaped character is never a closing quote
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

std::size_t lineOfOffset(std::string_view text, std::size_t offset, std::size_t firstLine) {
    offset = std::min(offset, text.size());
    return firstLine + static_cast<std::size_t>(
                           std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
}

void requireJsonDepthWithin(std::string_view text, const std::string& file, std::size_t firstLine,
                            std::size_t maxDepth) {
    if (const auto at = jsonDepthExceededAt(text, maxDepth))
        throw Error("JSON nested deeper than " + std::to_string(maxDepth) + " levels",
                    {file, lineOfOffset(text, *at, firstLine)});
}

namespace {

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// 1, column 7: syntax error while parsing value - ..."; its position is
// relative to the text, so keep only the description.
std::string describe(const nlohmann::json::exception& e) {
    std::string what = e.what();
    if (const auto close = what.find("] ");
        what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
        what.erase(0, close + 2);
    if (what.rfind("parse error", 0) == 0)
        if (const auto colon = what.find(": "); colon != std::string::npos)
            what.erase(0, colon + 2);
    return what;
}

// Where the error lies: the parser's byte position, else the first
// occurrence of the quoted token of an out-of-range message ('1e400').
std::size_t faultOffset(std::string_view text, const nlohmann::json::exception& e) {
    if (const auto* pe = dynamic_cast<const nlohmann::json::parse_error*>(&e))
        return pe->byte > 0 ? pe->byte - 1 : 0;
    const std::string what = e.what();
    const auto open = what.find('\'');
    const auto close = open == std::string::npos ? open : what.find('\'', open + 1);
    if (close != std::string::npos && close > open + 1) {
        const auto at = text.find(std::string_view(what).substr(open + 1, close - open - 1));
        if (at != std::string_view::npos) return at;
    }
    return 0;
}

template <class Json>
Json parseChecked(std::string_view text, const std::string& file, std::size_t firstLine) {
    requireJsonDepthWithin(text, file, firstLine);
    try {
        return Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error("invalid JSON: " + describe(e),
                    {file, lineOfOffset(text, faultOffset(text, e), firstLine)});
    }
}

}  // namespace

nlohmann::json parseJsonChecked(std::string_view text, const std::string& file,
                                std::size_t firstLine) {
    return parseChecked<nlohmann::json>(text, file, firstLine);
}

void forEachJsonObjectLine(std::string_view text, const std::string& file,
                           const std::function<void(const nlohmann::json&, std::size_t)>& fn) {
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trimView(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty()) continue;
        const nlohmann::json record = parseJsonChecked(line, file, lineNo);
        if (!record.is_object()) throw Error("expected one JSON object per line", {file, lineNo});
        fn(record, lineNo);
    }
}

nlohmann::ordered_json parseOrderedJsonChecked(std::string_view text, const std::string& file,
                                               std::size_t firstLine) {
    return parseChecked<nlohmann::ordered_json>(text, file, firstLine);
}

}  // namespace ts
