#include "core/score/evidence_proposals.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace ts {

namespace {

char lowerAscii(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
bool wordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Lower case with '-' and '_' read as spaces; the same length as the input,
// so offsets into it are offsets into the trace.
std::string normalised(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = (c == '-' || c == '_') ? ' ' : lowerAscii(c);
    return out;
}

std::optional<TextSpan> findPhrase(const std::string& text, const std::string& phrase) {
    if (phrase.empty()) return std::nullopt;
    for (std::size_t at = text.find(phrase); at != std::string::npos;
         at = text.find(phrase, at + 1)) {
        const std::size_t end = at + phrase.size();
        const bool left = at == 0 || !wordChar(text[at - 1]);
        const bool right = end == text.size() || !wordChar(text[end]);
        if (left && right) return TextSpan{at, end};
    }
    return std::nullopt;
}

std::set<std::string> wordSet(std::string_view s) {
    std::set<std::string> words;
    std::string w;
    for (char c : s) {
        if (wordChar(c)) {
            w += lowerAscii(c);
        } else if (!w.empty()) {
            words.insert(w);
            w.clear();
        }
    }
    if (!w.empty()) words.insert(w);
    return words;
}

// The trace's sentences: ends at . ! ? or a line break (kept in the span).
std::vector<TextSpan> sentences(std::string_view t) {
    std::vector<TextSpan> out;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= t.size(); ++i) {
        const bool end =
            i == t.size() || t[i] == '\n' ||
            ((t[i] == '.' || t[i] == '!' || t[i] == '?') &&
             (i + 1 == t.size() || std::isspace(static_cast<unsigned char>(t[i + 1]))));
        if (!end) continue;
        const std::size_t stop = i == t.size() ? i : i + 1;
        if (stop > begin) out.push_back({begin, stop});
        begin = stop;
    }
    return out;
}

bool isGold(const Item& item, int index) {
    return std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), index) !=
           item.goldRetrieval.end();
}

bool sameLabel(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lowerAscii(x) == lowerAscii(y);
           });
}

}  // namespace

EvidenceProposals proposeEvidence(const Item& item, std::string_view trace,
                                  const std::vector<std::string>& labelSet, double threshold) {
    EvidenceProposals p;
    p.threshold = threshold;
    const std::string text = normalised(trace);
    for (const auto& label : labelSet) {
        if (const auto span = findPhrase(text, normalised(label)))
            p.labels.push_back({label, *span, sameLabel(label, item.goldLabel)});
    }
    std::sort(p.labels.begin(), p.labels.end(),
              [](const LabelCandidate& a, const LabelCandidate& b) {
                  return a.span.begin < b.span.begin;
              });

    const auto spans = sentences(trace);
    std::vector<std::set<std::string>> sentenceWords;
    for (const auto& s : spans) sentenceWords.push_back(wordSet(trace.substr(s.begin, s.length())));
    for (std::size_t u = 0; u < item.context.size(); ++u) {
        const auto unitWords = wordSet(item.context[u].text);
        if (unitWords.empty()) continue;
        UnitCandidate best;
        for (std::size_t s = 0; s < spans.size(); ++s) {
            std::size_t shared = 0;
            for (const auto& w : unitWords) shared += sentenceWords[s].count(w);
            const double overlap = double(shared) / double(unitWords.size());
            if (overlap > best.overlap) best = {static_cast<int>(u), overlap, spans[s], false};
        }
        if (best.contextIndex >= 0 && best.overlap >= threshold) {
            best.gold = isGold(item, best.contextIndex);
            p.units.push_back(best);
        }
    }
    std::stable_sort(
        p.units.begin(), p.units.end(),
        [](const UnitCandidate& a, const UnitCandidate& b) { return a.overlap > b.overlap; });
    return p;
}

ConfirmedVerdicts confirmedVerdicts(const Item& item, const ConfirmedEvidence& e) {
    ConfirmedVerdicts v;
    v.classStep =
        e.label && sameLabel(*e.label, item.goldLabel) ? StepVerdict::Ok : StepVerdict::Wrong;
    std::size_t goldCited = 0;
    for (int g : item.goldRetrieval)
        goldCited += std::find(e.units.begin(), e.units.end(), g) != e.units.end() ? 1 : 0;
    if (!item.goldRetrieval.empty() && goldCited == item.goldRetrieval.size())
        v.retrievalStep = StepVerdict::Ok;
    else if (goldCited > 0)
        v.retrievalStep = StepVerdict::Partial;
    else
        v.retrievalStep = StepVerdict::Wrong;
    return v;
}

}  // namespace ts
