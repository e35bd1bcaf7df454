#include "core/score/class_sentence.h"

#include <cctype>

namespace ts {
namespace {

constexpr std::size_t npos = std::string_view::npos;

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isWordChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '_' || u >= 0x80;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && isBlank(s[i])) ++i;
        const std::size_t b = i;
        while (i < s.size() && !isBlank(s[i])) ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

// text[at...] starts with the whole word w (case-insensitive).
bool wordAt(std::string_view text, std::size_t at, std::size_t to, std::string_view w) {
    if (at + w.size() > to) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
        if (lowerAscii(text[at + k]) != lowerAscii(w[k])) return false;
    return at + w.size() == to || !isWordChar(text[at + w.size()]);
}

std::size_t skipBlanks(std::string_view text, std::size_t i, std::size_t to) {
    while (i < to && isBlank(text[i])) ++i;
    return i;
}

// Opening / closing quotes a model may put around the label: ' " ` and the
// UTF-8 curly quotes. Returns the quote's length at i, 0 when none.
std::size_t quoteAt(std::string_view text, std::size_t i, std::size_t to) {
    if (i >= to) return 0;
    if (text[i] == '\'' || text[i] == '"' || text[i] == '`') return 1;
    static constexpr std::string_view kCurly[] = {"\u2018", "\u2019", "\u201C", "\u201D"};
    for (std::string_view q : kCurly)
        if (text.substr(i, q.size()) == q && i + q.size() <= to) return q.size();
    return 0;
}

// The template's words matched from `at`; npos when they are not there.
std::size_t matchWords(std::string_view text, std::size_t at, std::size_t to,
                       const std::vector<std::string_view>& expected,
                       std::vector<std::string>& departures) {
    std::size_t i = at;
    bool needBlank = false;  // between two words read from the text
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const std::string_view w = expected[k];
        std::size_t here = skipBlanks(text, i, to);
        if (needBlank && here == i) return npos;  // words run together
        const bool expectThe = wordAt(w, 0, w.size(), "the");
        if (expectThe && !wordAt(text, here, to, w)) {
            // "the event in question" written "event in question": read on.
            if (k + 1 < expected.size())
                departures.push_back("no \"the\" before \"" + std::string(expected[k + 1]) + "\"");
            continue;
        }
        if (!expectThe && !wordAt(text, here, to, w) && wordAt(text, here, to, "the")) {
            // "in the question" for "in question".
            const std::size_t next = skipBlanks(text, here + 3, to);
            if (next == here + 3) return npos;
            departures.push_back("\"the\" before \"" + std::string(w) + "\"");
            here = next;
        }
        if (!wordAt(text, here, to, w)) return npos;
        i = here + w.size();
        needBlank = true;
    }
    return i;
}

// The label from `at`: up to the sentence's end ('.', a line break, a tag or
// the closing quote), without trailing punctuation.
TextSpan labelFrom(std::string_view text, std::size_t at, std::size_t to, bool quoted,
                   std::vector<std::string>& departures) {
    std::size_t e = at;
    while (e < to && text[e] != '.' && text[e] != '\n' && text[e] != '<' &&
           !(quoted && quoteAt(text, e, to) > 0))
        ++e;
    std::size_t end = e;
    while (end > at && isBlank(text[end - 1])) --end;
    const std::size_t beforeTrim = end;
    while (end > at && (text[end - 1] == ',' || text[end - 1] == ';' || text[end - 1] == ':' ||
                        text[end - 1] == '!' || text[end - 1] == '?'))
        --end;
    if (end < beforeTrim)
        departures.push_back("trailing \"" + std::string(text.substr(end, beforeTrim - end)) +
                             "\"");
    while (end > at && isBlank(text[end - 1])) --end;
    return {at, end};
}

}  // namespace

ClassSentenceMatch findClassSentence(std::string_view text, std::string_view prefix,
                                     std::size_t from, std::size_t to) {
    ClassSentenceMatch m;
    std::vector<std::string_view> expected = words(prefix);
    if (expected.empty()) return m;
    // The template ends "is:"; the colon is optional, read after the words.
    std::string_view& last = expected.back();
    const bool templateColon = !last.empty() && last.back() == ':';
    if (templateColon) last.remove_suffix(1);
    to = std::min(to, text.size());
    for (std::size_t at = from; at < to; ++at) {
        if (isBlank(text[at]) || (at > from && isWordChar(text[at - 1]))) continue;
        std::vector<std::string> departures;
        std::size_t i = matchWords(text, at, to, expected, departures);
        if (i == npos) continue;
        i = skipBlanks(text, i, to);
        if (i < to && text[i] == ':') {
            i = skipBlanks(text, i + 1, to);
        } else if (templateColon) {
            departures.push_back("no colon after \"" + std::string(last) + "\"");
        }
        const std::size_t quote = quoteAt(text, i, to);
        if (quote > 0) departures.push_back("the label in quotes");
        m.found = true;
        m.begin = at;
        m.label = labelFrom(text, i + quote, to, quote > 0, departures);
        m.departures = std::move(departures);
        return m;
    }
    return m;
}

}  // namespace ts
