#include "core/model/chat/py_string.h"

#include <algorithm>

#include "core/model/chat/case_tables.h"
#include "core/util/text.h"

namespace ts::jinja::py {

bool isSpace(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

std::vector<std::size_t> codePointOffsets(std::string_view s) {
    std::vector<std::size_t> out;
    out.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}

std::size_t length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string strip(std::string_view s, const std::optional<std::string>& chars, bool left,
                  bool right) {
    std::vector<char32_t> set;
    if (chars) {
        std::size_t i = 0;
        while (i < chars->size()) set.push_back(decodeUtf8(*chars, i));
    }
    auto stripped = [&](char32_t c) {
        return chars ? std::find(set.begin(), set.end(), c) != set.end() : isSpace(c);
    };
    const auto offsets = codePointOffsets(s);
    std::size_t b = 0, e = offsets.size() - 1;  // code point indices [b, e)
    auto cpAt = [&](std::size_t k) {
        std::size_t i = offsets[k];
        return decodeUtf8(s, i);
    };
    if (left)
        while (b < e && stripped(cpAt(b))) ++b;
    if (right)
        while (e > b && stripped(cpAt(e - 1))) --e;
    return std::string(s.substr(offsets[b], offsets[e] - offsets[b]));
}

std::vector<std::string> split(std::string_view s, const std::optional<std::string>& sep,
                               std::int64_t maxsplit) {
    std::vector<std::string> out;
    if (sep) {
        std::size_t start = 0;
        while (maxsplit < 0 || std::int64_t(out.size()) < maxsplit) {
            const std::size_t pos = s.find(*sep, start);
            if (pos == std::string_view::npos) break;
            out.emplace_back(s.substr(start, pos - start));
            start = pos + sep->size();
        }
        out.emplace_back(s.substr(start));
        return out;
    }
    // Whitespace split: runs of whitespace separate, no empty strings.
    std::size_t i = 0;
    auto skipSpace = [&] {
        while (i < s.size()) {
            std::size_t k = i;
            if (!isSpace(decodeUtf8(s, k))) break;
            i = k;
        }
    };
    skipSpace();
    while (i < s.size()) {
        if (maxsplit >= 0 && std::int64_t(out.size()) == maxsplit) {
            std::string rest(s.substr(i));
            out.push_back(strip(rest, std::nullopt, false, true));
            return out;
        }
        const std::size_t start = i;
        while (i < s.size()) {
            std::size_t k = i;
            if (isSpace(decodeUtf8(s, k))) break;
            i = k;
        }
        out.emplace_back(s.substr(start, i - start));
        skipSpace();
    }
    return out;
}

std::string replace(std::string_view s, std::string_view from, std::string_view to,
                    std::int64_t count) {
    std::string out;
    if (from.empty()) {
        // Python inserts `to` before every code point and at the end.
        const auto offsets = codePointOffsets(s);
        std::int64_t done = 0;
        for (std::size_t k = 0; k < offsets.size(); ++k) {
            if (count < 0 || done < count) {
                out += to;
                ++done;
            }
            if (k + 1 < offsets.size())
                out.append(s.substr(offsets[k], offsets[k + 1] - offsets[k]));
        }
        return out;
    }
    std::size_t start = 0;
    std::int64_t done = 0;
    while (count < 0 || done < count) {
        const std::size_t pos = s.find(from, start);
        if (pos == std::string_view::npos) break;
        out.append(s.substr(start, pos - start));
        out.append(to);
        start = pos + from.size();
        ++done;
    }
    out.append(s.substr(start));
    return out;
}

namespace {

const casing::CaseMapping* findMapping(const casing::CaseMapping* table, std::size_t count,
                                       char32_t c) {
    const auto* end = table + count;
    const auto* it = std::lower_bound(
        table, end, c, [](const casing::CaseMapping& m, char32_t v) { return m.codePoint < v; });
    return it != end && it->codePoint == c ? it : nullptr;
}

// Appends the upper (or lower) form of c; returns whether c is cased.
bool appendCased(std::string& out, char32_t c, bool toUpper) {
    const auto* m = toUpper ? findMapping(casing::kUpper, casing::kUpperCount, c)
                            : findMapping(casing::kLower, casing::kLowerCount, c);
    if (!m) {
        appendUtf8(out, c);
        const bool cased =
            findMapping(toUpper ? casing::kLower : casing::kUpper,
                        toUpper ? casing::kLowerCount : casing::kUpperCount, c) != nullptr;
        return cased;
    }
    for (char32_t x : m->mapped)
        if (x) appendUtf8(out, x);
    return true;
}

// Maps each character; `upperFor(isFirstOfWord, index)` chooses the direction.
template <typename Choose>
std::string mapCase(std::string_view s, Choose upperFor) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0, index = 0;
    bool previousCased = false;
    while (i < s.size()) {
        const char32_t c = decodeUtf8(s, i);
        previousCased = appendCased(out, c, upperFor(previousCased, index++));
    }
    return out;
}

}  // namespace

std::string upper(std::string_view s) {
    return mapCase(s, [](bool, std::size_t) { return true; });
}
std::string lower(std::string_view s) {
    return mapCase(s, [](bool, std::size_t) { return false; });
}
// Title case is approximated by upper case for the first letter of each word
// (they differ only for a few digraphs and ligatures).
std::string title(std::string_view s) {
    return mapCase(s, [](bool previousCased, std::size_t) { return !previousCased; });
}
std::string capitalize(std::string_view s) {
    return mapCase(s, [](bool, std::size_t index) { return index == 0; });
}

std::vector<std::int64_t> sliceIndices(std::int64_t len, std::optional<std::int64_t> start,
                                       std::optional<std::int64_t> stop, std::int64_t step) {
    // PySlice_AdjustIndices.
    std::int64_t b, e;
    if (step > 0) {
        b = start ? *start : 0;
        e = stop ? *stop : len;
        if (b < 0) b = std::max<std::int64_t>(b + len, 0);
        if (e < 0) e = std::max<std::int64_t>(e + len, 0);
        b = std::min(b, len);
        e = std::min(e, len);
    } else {
        b = start ? *start : len - 1;
        e = stop ? *stop : -1 - len;  // "before the start"
        if (b < 0)
            b = std::max<std::int64_t>(b + len, -1);
        else
            b = std::min(b, len - 1);
        if (stop) {
            if (e < 0)
                e = std::max<std::int64_t>(e + len, -1);
            else
                e = std::min(e, len - 1);
        } else {
            e = -1;
        }
    }
    std::vector<std::int64_t> out;
    if (step > 0)
        for (std::int64_t i = b; i < e; i += step) out.push_back(i);
    else
        for (std::int64_t i = b; i > e; i += step) out.push_back(i);
    return out;
}

}  // namespace ts::jinja::py
