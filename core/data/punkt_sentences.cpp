#include "core/data/punkt_sentences.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/util/python_text.h"
#include "core/util/text.h"

namespace ts {
namespace {

// The abbreviations of NLTK's English Punkt model (punkt_tab/english/
// abbrev_types.txt), lower case, without their final period.
const std::unordered_set<std::string_view>& abbreviations() {
    static const std::unordered_set<std::string_view> kAbbreviations{
        "a.a",   "a.c",     "a.d",   "a.g",  "a.h",    "a.m",   "a.m.e", "a.s",  "a.t",   "adm",
        "ala",   "ariz",    "aug",   "ave",  "b.f",    "b.v",   "bros",  "c",    "c.i.t", "c.o.m.b",
        "c.v",   "calif",   "chg",   "cie",  "co",     "col",   "colo",  "conn", "corp",  "cos",
        "ct",    "d",       "d.c",   "d.h",  "d.w",    "dec",   "dr",    "e",    "e.f",   "e.h",
        "e.l",   "e.m",     "f",     "f.g",  "f.j",    "feb",   "fla",   "fri",  "ft",    "g",
        "g.d",   "g.f",     "g.k",   "ga",   "gen",    "h",     "h.c",   "h.f",  "h.m",   "i.m.s",
        "ill",   "inc",     "j.b",   "j.c",  "j.j",    "j.k",   "j.p",   "j.r",  "jan",   "jr",
        "k",     "kan",     "ky",    "l",    "l.a",    "l.f",   "l.p",   "lt",   "ltd",   "m",
        "m.b.a", "m.d.c",   "m.j",   "maj",  "messrs", "mg",    "mich",  "minn", "mr",    "mrs",
        "ms",    "n",       "n.c",   "n.d",  "n.h",    "n.j",   "n.m",   "n.v",  "n.y",   "nev",
        "nov",   "oct",     "ok",    "okla", "ore",    "p",     "p.a.m", "p.m",  "pa",    "ph.d",
        "prof",  "r",       "r.a",   "r.h",  "r.i",    "r.j",   "r.k",   "r.t",  "rep",   "reps",
        "s",     "s.a",     "s.a.y", "s.c",  "s.g",    "s.p.a", "s.s",   "sen",  "sep",   "sept",
        "sr",    "st",      "sw",    "t",    "t.j",    "tenn",  "tues",  "u.k",  "u.n",   "u.s",
        "u.s.a", "u.s.s.r", "v",     "va",   "vs",     "vt",    "w",     "w.c",  "w.r",   "w.va",
        "w.w",   "wash",    "wed",   "wis",  "yr",     ". . "};
    return kAbbreviations;
}

// The only words of the model's orthographic table seen lower-case at a
// sentence start and never capitalised: after an initial or a number they
// leave the break undecided (kept); every other lower-case word removes it.
// (The model's collocations - a number or an initial before a name - never
// change a decision on lower-case text, so they are not carried.)
bool startsSentencesLowerCase(std::string_view type) {
    return type == "z-holiday" || type == "administrators" || type == "r-revised" ||
           type == "b-week";
}

bool isSentEnd(char c) {
    return c == '.' || c == '?' || c == '!';
}
// Punkt's _re_non_word_chars for English.
bool isNonWordChar(char c) {
    return std::string_view(")\";}]*:@'({[!?").find(c) != std::string_view::npos;
}
// Characters that cannot start a word token (_re_word_start's complement).
bool isNonWordStart(char c) {
    return std::string_view("(\"`{[:;&#*@)}]-,").find(c) != std::string_view::npos;
}
bool isAsciiSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Python's \s at byte i (Unicode whitespace); len receives its length.
bool isSpaceAt(std::string_view s, std::size_t i, std::size_t& len) {
    std::size_t j = i;
    const char32_t cp = decodeUtf8(s, j);
    len = j - i;
    return isPythonWhitespace(cp);
}

// Punkt's "MultiChar" punctuation at i (-{2,} | \.{2,} | (?:\.\s){2,}\.): its length, or 0.
std::size_t multiCharAt(std::string_view s, std::size_t i) {
    const auto run = [&](char c) {
        std::size_t j = i;
        while (j < s.size() && s[j] == c) ++j;
        return j - i;
    };
    if (s[i] == '-') return run('-') >= 2 ? run('-') : 0;
    if (s[i] != '.') return 0;
    if (run('.') >= 2) return run('.');
    std::vector<std::size_t> dots;  // ". . ." : dots each followed by one space
    std::size_t k = i, len = 0;
    while (k + 1 < s.size() && s[k] == '.' && isSpaceAt(s, k + 1, len)) {
        dots.push_back(k);
        k += 1 + len;
    }
    if (dots.size() >= 2 && k < s.size() && s[k] == '.') return k + 1 - i;
    if (dots.size() >= 3) return dots.back() + 1 - i;  // backtrack one repetition
    return 0;
}

bool endsWordAt(std::string_view s, std::size_t j) {
    std::size_t len = 0;
    if (j >= s.size() || isSpaceAt(s, j, len) || isNonWordChar(s[j]) || multiCharAt(s, j) > 0)
        return true;
    if (s[j] != ',') return false;
    const std::size_t k = j + 1;
    return k >= s.size() || isSpaceAt(s, k, len) || isNonWordChar(s[k]) || multiCharAt(s, k) > 0;
}

// Punkt's word tokens (PunktLanguageVars.word_tokenize).
std::vector<std::string_view> punktWords(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0, len = 0;
    while (i < s.size()) {
        if (isSpaceAt(s, i, len)) {
            i += len;
            continue;
        }
        std::size_t j = i;
        if (const std::size_t m = multiCharAt(s, i)) {
            j = i + m;
        } else {
            decodeUtf8(s, j);
            if (!isNonWordStart(s[i]))
                while (!endsWordAt(s, j)) decodeUtf8(s, j);
        }
        out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

struct Token {
    std::string_view text;
    bool sentbreak = false;
    bool abbr = false;
};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// ^-?[\.,]?\d[\d,\.-]*\.?$ : the tokens Punkt types as "##number##".
bool isNumberToken(std::string_view t) {
    std::size_t i = 0;
    if (i < t.size() && t[i] == '-') ++i;
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) ++i;
    if (i >= t.size() || !isDigit(t[i])) return false;
    for (++i; i < t.size(); ++i)
        if (!isDigit(t[i]) && t[i] != ',' && t[i] != '.' && t[i] != '-') return false;
    return true;
}

std::string_view withoutFinalPeriod(std::string_view t) {
    return t.size() > 1 && t.back() == '.' ? t.substr(0, t.size() - 1) : t;
}

// [^\W\d]\. : one letter (or '_') and a period.
bool isInitial(std::string_view t) {
    if (t.size() < 2 || t.back() != '.') return false;
    std::size_t i = 0;
    const char32_t cp = decodeUtf8(t, i);
    if (i + 1 != t.size()) return false;
    if (cp < 0x80) return cp == '_' || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return !isPythonWhitespace(cp);
}

// str.islower() of the first character, for the scripts lower-cased text holds.
bool startsLowerCase(std::string_view t) {
    std::size_t i = 0;
    const char32_t cp = decodeUtf8(t, i);
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    const bool lowerRange = (cp >= 0xDF && cp <= 0x2AF && cp != 0xF7) ||
                            (cp >= 0x3AC && cp <= 0x3FF) || (cp >= 0x430 && cp <= 0x45F) ||
                            (cp >= 0x1E00 && cp <= 0x1EFF);
    return lowerRange && pythonLower(t.substr(0, i)) == t.substr(0, i);
}

void firstPass(Token& t) {
    const std::string_view s = t.text;
    if (s == "." || s == "?" || s == "!") {
        t.sentbreak = true;
    } else if (s.back() == '.' && !endsWith(s, "..")) {
        const std::string_view body = s.substr(0, s.size() - 1);
        const std::size_t dash = body.rfind('-');
        const std::string_view tail = dash == std::string_view::npos ? body : body.substr(dash + 1);
        t.abbr = abbreviations().count(body) > 0 || abbreviations().count(tail) > 0;
        t.sentbreak = !t.abbr;
    }
}

// After an initial or a number, a lower-case word (or ;:,.!?) says the
// period ends no sentence (Punkt's orthographic heuristic answers False).
void secondPass(Token& a, const Token& b) {
    if (a.text.back() != '.') return;
    const bool number = isNumberToken(a.text);
    if (!number && !isInitial(a.text)) return;
    bool notStarter =
        b.text.size() == 1 && std::string_view(";:,.!?").find(b.text[0]) != std::string_view::npos;
    if (!notStarter && startsLowerCase(b.text)) {
        std::string_view type = isNumberToken(b.text) ? std::string_view("##number##") : b.text;
        if (b.sentbreak) type = withoutFinalPeriod(type);
        notStarter = !startsSentencesLowerCase(type);
    }
    if (notStarter) {
        a.sentbreak = false;
        a.abbr = true;
    }
}

// Punkt's text_contains_sentbreak: a break on any token but the last.
bool containsBreak(std::string_view context) {
    std::vector<Token> tokens;
    for (std::string_view w : punktWords(context)) tokens.push_back({w});
    for (Token& t : tokens) firstPass(t);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        secondPass(tokens[i], tokens[i + 1]);
        if (tokens[i].sentbreak) return true;
    }
    return false;
}

// One match of Punkt's period context: a sentence-end character followed
// by closing punctuation or by whitespace and a token.
struct EndMatch {
    std::size_t pos = 0;                             // the '.', '?' or '!'
    std::size_t nextToken = std::string_view::npos;  // start of the token after it
    std::string_view after;                          // what the lookahead matched
};

std::optional<EndMatch> endMatchAt(std::string_view s, std::size_t i) {
    if (!isSentEnd(s[i]) || i + 1 >= s.size()) return std::nullopt;
    if (isNonWordChar(s[i + 1])) return EndMatch{i, std::string_view::npos, s.substr(i + 1, 1)};
    std::size_t k = i + 1, len = 0;
    while (k < s.size() && isSpaceAt(s, k, len)) k += len;
    if (k == i + 1 || k >= s.size()) return std::nullopt;
    std::size_t end = k;
    while (end < s.size() && !isSpaceAt(s, end, len)) decodeUtf8(s, end);
    return EndMatch{i, k, s.substr(i + 1, end - i - 1)};
}

// Punkt's _match_potential_end_contexts: each match with the word before it;
// of several matches inside one word only the last one counts.
struct Candidate {
    EndMatch match;
    std::string context;
};

std::vector<Candidate> candidates(std::string_view s) {
    std::vector<Candidate> out;
    std::size_t wordStart = 0, wordEnd = 0;  // Python's previous_slice
    std::optional<EndMatch> previous;
    const auto flush = [&] {
        out.push_back({*previous, std::string(s.substr(wordStart, wordEnd - wordStart)) +
                                      s[previous->pos] + std::string(previous->after)});
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto m = endMatchAt(s, i);
        if (!m) continue;
        std::size_t start = wordStart;  // no ASCII space since the last word: extend it
        for (std::size_t k = i; k-- > wordEnd;)
            if (isAsciiSpace(s[k])) {
                if (k > wordEnd) start = k + 1;  // Python tests the index for truth
                break;
            }
        if (previous && wordEnd <= start) flush();
        previous = m;
        wordStart = start;
        wordEnd = i;
    }
    if (previous) flush();
    return out;
}

std::size_t rstripLength(std::string_view s) {
    std::size_t end = 0, i = 0;
    while (i < s.size()) {
        if (!isPythonWhitespace(decodeUtf8(s, i))) end = i;
    }
    return end;
}

// ["')\]}]+?(?:\s+|(?=--)|$) at the start of a sentence (multi-line $): the
// closing characters to move to the sentence before, and what the match spans.
std::optional<std::pair<std::size_t, std::size_t>> closingRun(std::string_view s) {
    std::size_t k = 0, len = 0;
    while (k < s.size() && std::string_view("\"')]}").find(s[k]) != std::string_view::npos) {
        ++k;
        if (k == s.size() || s[k] == '\n') return std::pair{k, k};
        if (isSpaceAt(s, k, len)) {
            std::size_t end = k;
            while (end < s.size() && isSpaceAt(s, end, len)) end += len;
            return std::pair{k, end};
        }
        if (s.substr(k, 2) == "--") return std::pair{k, k};
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string_view> punktSentences(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> slices;
    std::size_t lastBreak = 0;
    for (const Candidate& c : candidates(text)) {
        if (!containsBreak(c.context)) continue;
        slices.emplace_back(lastBreak, c.match.pos + 1);
        lastBreak =
            c.match.nextToken != std::string_view::npos ? c.match.nextToken : c.match.pos + 1;
    }
    slices.emplace_back(lastBreak, rstripLength(text));

    // Closing quotes and brackets after a break belong to the sentence before.
    std::vector<std::string_view> out;
    std::size_t realign = 0;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        auto [begin, end] = slices[i];
        begin += realign;
        realign = 0;
        if (i + 1 < slices.size()) {
            const auto [nextBegin, nextEnd] = slices[i + 1];
            const std::size_t nextLength = nextEnd > nextBegin ? nextEnd - nextBegin : 0;
            if (const auto run = closingRun(text.substr(nextBegin, nextLength))) {
                end = nextBegin + run->first;
                realign = run->second;
            }
        }
        if (end > begin) out.push_back(text.substr(begin, end - begin));
    }
    return out;
}

}  // namespace ts
