#include "core/score/trace_parser.h"

#include <algorithm>
#include <cctype>

#include "core/decompose/rule.h"
#include "core/score/citation_matcher.h"
#include "core/score/class_sentence.h"
#include "core/util/text.h"

namespace ts {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::string_view kOpenThink = "<think>";
constexpr std::string_view kCloseThink = "</think>";
constexpr std::string_view kOpenAnswer = "<answer>";
constexpr std::string_view kCloseAnswer = "</answer>";
// Both paper templates start their retrieval sentence with this; models
// sometimes write "fact" for "facts", so the stem is the fallback.
constexpr std::string_view kRetrievalStem = "I need to use the following";

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

std::size_t findNoCase(std::string_view hay, std::string_view needle, std::size_t from = 0,
                       std::size_t to = npos) {
    to = std::min(to, hay.size());
    if (needle.empty() || from > to || to - from < needle.size()) return npos;
    const auto first = hay.begin() + long(from), last = hay.begin() + long(to);
    const auto it = std::search(first, last, needle.begin(), needle.end(),
                                [](char a, char b) { return lowerAscii(a) == lowerAscii(b); });
    return it == last ? npos : std::size_t(it - hay.begin());
}

bool equalsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lowerAscii(x) == lowerAscii(y);
           });
}

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

TextSpan trimmedSpan(std::string_view text, std::size_t b, std::size_t e) {
    while (b < e && isBlank(text[b])) ++b;
    while (e > b && isBlank(text[e - 1])) --e;
    return {b, e};
}

bool isLabelChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '_' || u >= 0x80;
}

// Leading whitespace and the role word the chat template left behind.
std::size_t skipResidue(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && isBlank(text[i])) ++i;
    if (findNoCase(text, "assistant", i, i + 9) == i) {
        i += 9;
        while (i < text.size() && isBlank(text[i])) ++i;
    }
    return i;
}

// Finds the think block; returns false when there is no marker at all.
// afterTrace receives where the text after the trace starts.
bool locateTrace(std::string_view text, ParsedTrace& p, std::size_t& afterTrace) {
    const std::size_t open = findNoCase(text, kOpenThink, p.residueEnd);
    const std::size_t firstClose = findNoCase(text, kCloseThink, p.residueEnd);
    if (firstClose != npos && (open == npos || firstClose < open)) {
        // "</think>" without an opening tag: the trace is everything before it.
        p.thinkClosed = true;
        p.trace = trimmedSpan(text, p.residueEnd, firstClose);
        afterTrace = firstClose + kCloseThink.size();
        return true;
    }
    if (open == npos) return false;
    p.thinkOpened = true;
    const std::size_t begin = open + kOpenThink.size();
    const std::size_t close = findNoCase(text, kCloseThink, begin);
    if (close != npos) {
        p.thinkClosed = true;
        p.trace = trimmedSpan(text, begin, close);
        afterTrace = close + kCloseThink.size();
        return true;
    }
    // Unclosed: the trace runs to the first answer tag, else to the end.
    std::size_t end = findNoCase(text, kOpenAnswer, begin);
    if (end == npos) end = findNoCase(text, kCloseAnswer, begin);
    if (end == npos) end = text.size();
    p.trace = trimmedSpan(text, begin, end);
    afterTrace = end;
    return true;
}

// Fallback without a class sentence: the earliest ": <known label>" in the trace.
std::size_t labelAfterColon(std::string_view text, const TraceVocabulary& vocab,
                            const ParsedTrace& p) {
    std::size_t best = npos;
    for (const std::string& label : vocab.labels) {
        std::size_t from = p.trace.begin;
        while (true) {
            const std::size_t at = findNoCase(text, label, from, p.trace.end);
            if (at == npos || at >= best) break;
            std::size_t k = at;
            while (k > p.trace.begin && text[k - 1] == ' ') --k;
            const bool afterColon = k > p.trace.begin && text[k - 1] == ':';
            const std::size_t end = at + label.size();
            const bool bounded = end >= p.trace.end || !isLabelChar(text[end]);
            if (afterColon && bounded) {
                best = at;
                break;
            }
            from = at + 1;
        }
    }
    return best;
}

void setLabel(std::string_view text, const TraceVocabulary& vocab, TextSpan span, ParsedTrace& p) {
    p.labelSpan = span;
    p.label = std::string(text.substr(span.begin, span.length()));
    p.labelKnown = std::any_of(vocab.labels.begin(), vocab.labels.end(),
                               [&](const std::string& l) { return equalsNoCase(l, p.label); });
}

// The label of the class sentence (read as a person would:
// core/score/class_sentence.h), or after ": " where a known label follows.
void parseClassStep(std::string_view text, const TraceVocabulary& vocab, ParsedTrace& p,
                    std::size_t& classEnd) {
    classEnd = p.trace.begin;
    if (!vocab.classPrefix.empty()) {
        ClassSentenceMatch m =
            findClassSentence(text, vocab.classPrefix, p.trace.begin, p.trace.end);
        if (m.found) {
            p.classSentenceFound = true;
            p.classSentence = {m.begin, m.label.end};
            p.classDepartures = std::move(m.departures);
            setLabel(text, vocab, m.label, p);
            classEnd = std::max(m.label.end, m.label.begin);
            while (classEnd < p.trace.end && text[classEnd] != '.' && text[classEnd] != '\n' &&
                   text[classEnd] != '<')
                ++classEnd;
            return;
        }
    }
    const std::size_t labelBegin = labelAfterColon(text, vocab, p);
    if (labelBegin == npos) return;
    std::size_t b = labelBegin;
    while (b < p.trace.end && (text[b] == ' ' || text[b] == '\t')) ++b;
    std::size_t e = b;
    while (e < p.trace.end && text[e] != '.' && text[e] != '\n' && text[e] != '<') ++e;
    classEnd = e;
    setLabel(text, vocab, trimmedSpan(text, b, e), p);
}

// The region holding the cited units: after the retrieval sentence's prefix
// (or its stem up to the next ':'), else the trace after the class sentence.
TextSpan retrievalRegion(std::string_view text, const TraceVocabulary& vocab, ParsedTrace& p,
                         std::size_t classEnd) {
    const std::string_view prefix = trimView(vocab.retrievalPrefix);
    if (!prefix.empty()) {
        const std::size_t at = findNoCase(text, prefix, p.trace.begin, p.trace.end);
        if (at != npos) {
            p.retrievalSentenceFound = true;
            return {at + prefix.size(), p.trace.end};
        }
    }
    const std::size_t stem = findNoCase(text, kRetrievalStem, p.trace.begin, p.trace.end);
    if (stem != npos) {
        p.retrievalSentenceFound = true;
        std::size_t b = stem + kRetrievalStem.size();
        const std::size_t lineEnd = std::min(text.find('\n', b), std::size_t(p.trace.end));
        const std::size_t colon = text.find(':', b);
        b = (colon != npos && colon < lineEnd) ? colon + 1 : lineEnd;
        return {std::min(b, std::size_t(p.trace.end)), p.trace.end};
    }
    std::size_t b = classEnd;
    if (p.labelSpan.found()) {
        while (b < p.trace.end && text[b] == '.') ++b;
    }
    return {b, p.trace.end};
}

// Removes answer/think tags left inside an answer and trims it.
void setAnswer(std::string_view text, std::size_t b, std::size_t e, AnswerMarker marker,
               ParsedTrace& p) {
    TextSpan span = trimmedSpan(text, b, e);
    std::string answer(text.substr(span.begin, span.length()));
    for (std::string_view tag : {kOpenAnswer, kCloseAnswer, kOpenThink, kCloseThink})
        replaceAll(answer, tag, "");
    answer = trim(answer);
    if (answer.empty()) return;
    p.answer = std::move(answer);
    p.answerSpan = span;
    p.answerMarker = marker;
}

// "answer:" or "answer is:" in [from, to); returns the position after it.
std::size_t findAnswerColon(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t best = npos, after = npos;
    for (std::string_view marker : {std::string_view("answer:"), std::string_view("answer is:")}) {
        const std::size_t at = findNoCase(text, marker, from, to);
        if (at != npos && at < best) {
            best = at;
            after = at + marker.size();
        }
    }
    return after;
}

void parseAnswer(std::string_view text, std::size_t afterTrace, bool haveTrace, ParsedTrace& p) {
    const std::size_t from = haveTrace ? afterTrace : p.residueEnd;
    if (const std::size_t tag = findNoCase(text, kOpenAnswer, from); tag != npos) {
        const std::size_t b = tag + kOpenAnswer.size();
        std::size_t e = findNoCase(text, kCloseAnswer, b);
        const std::size_t nextOpen = findNoCase(text, kOpenAnswer, b);
        if (e == npos || (nextOpen != npos && nextOpen < e)) e = nextOpen;
        setAnswer(text, b, e == npos ? text.size() : e, AnswerMarker::AnswerTag, p);
        if (!p.answer.empty()) return;
    }
    if (const std::size_t close = findNoCase(text, kCloseAnswer, from); close != npos) {
        // A closing tag without an opening one ("</think></answer>['x']</answer>"):
        // skip stray closing tags, then read up to the next closing tag.
        std::size_t b = from;
        while (true) {
            const TextSpan rest = trimmedSpan(text, b, text.size());
            if (findNoCase(text, kCloseAnswer, rest.begin, rest.begin + kCloseAnswer.size()) ==
                rest.begin)
                b = rest.begin + kCloseAnswer.size();
            else
                break;
        }
        std::size_t e = findNoCase(text, kCloseAnswer, b);
        setAnswer(text, b, e == npos ? text.size() : e, AnswerMarker::StrayCloseTag, p);
        if (!p.answer.empty()) return;
    }
    if (const std::size_t b = findAnswerColon(text, from, text.size()); b != npos) {
        setAnswer(text, b, text.size(), AnswerMarker::AnswerColon, p);
        if (!p.answer.empty()) return;
    }
    if (haveTrace) {
        setAnswer(text, from, text.size(), AnswerMarker::TextAfterTrace, p);
        if (!p.answer.empty()) return;
        if (const std::size_t b = findAnswerColon(text, p.trace.begin, p.trace.end); b != npos)
            setAnswer(text, b, p.trace.end, AnswerMarker::ColonInTrace, p);
        return;
    }
    setAnswer(text, from, text.size(), AnswerMarker::WholeText, p);
}

}  // namespace

TraceVocabulary traceVocabularyFor(DatasetKind kind) {
    const DecompositionRule& rule = ruleFor(kind);
    return {rule.labels(), std::string(rule.classSentencePrefix()),
            std::string(rule.retrievalSentencePrefix())};
}

std::string_view toString(AnswerMarker marker) {
    switch (marker) {
        case AnswerMarker::None:
            return "none";
        case AnswerMarker::AnswerTag:
            return "answer-tag";
        case AnswerMarker::StrayCloseTag:
            return "stray-close-tag";
        case AnswerMarker::AnswerColon:
            return "answer-colon";
        case AnswerMarker::ColonInTrace:
            return "colon-in-trace";
        case AnswerMarker::TextAfterTrace:
            return "text-after-trace";
        case AnswerMarker::WholeText:
            return "whole-text";
    }
    return "?";
}

ParsedTrace parseTrace(std::string_view text, const TraceVocabulary& vocabulary, const Item& item) {
    ParsedTrace p;
    p.residueEnd = skipResidue(text);
    std::size_t afterTrace = p.residueEnd;
    const bool haveMarkers = locateTrace(text, p, afterTrace);
    const bool haveTrace = haveMarkers && p.trace.found();

    if (haveTrace) {
        std::size_t classEnd = p.trace.begin;
        parseClassStep(text, vocabulary, p, classEnd);
        p.retrievalRegion = retrievalRegion(text, vocabulary, p, classEnd);
        CitationMatch match = matchCitations(text, p.retrievalRegion, item);
        p.cited = std::move(match.cited);
        p.unmatched = std::move(match.unmatched);
    }
    parseAnswer(text, afterTrace, haveMarkers, p);

    if (!haveMarkers)
        p.status = ParseStatus::NoTrace;
    else if (!haveTrace)
        p.status = ParseStatus::Malformed;
    else if (p.answer.empty())
        p.status = ParseStatus::NoAnswer;
    else
        p.status = ParseStatus::Ok;
    return p;
}

}  // namespace ts
