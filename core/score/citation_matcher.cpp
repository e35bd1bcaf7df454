#include "core/score/citation_matcher.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/util/text.h"

namespace ts {
namespace {

// One distinct unit text, the context indices that carry it (gold first),
// and the ways it may be written in a trace.
struct UnitGroup {
    std::string text;
    std::vector<std::string> needles;  // verbatim, the repr-escaped form, the trimmed text
    std::vector<int> indices;
    std::size_t next = 0;  // next index to hand out
};

std::vector<UnitGroup> groupUnits(const Item& item) {
    std::map<std::string, std::vector<int>> byText;
    for (std::size_t i = 0; i < item.context.size(); ++i)
        if (!item.context[i].text.empty()) byText[item.context[i].text].push_back(int(i));
    auto isGold = [&](int i) {
        return std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), i) !=
               item.goldRetrieval.end();
    };
    std::vector<UnitGroup> groups;
    groups.reserve(byText.size());
    for (auto& [text, indices] : byText) {
        UnitGroup g;
        g.text = text;
        g.needles.push_back(text);
        const std::string repr = pythonRepr(text);
        const std::string inner = repr.substr(1, repr.size() - 2);
        if (inner != text) g.needles.push_back(inner);
        // A unit ending (or starting) in white space, quoted last in the trace,
        // loses it to the parser's trim at "</think>" (MS MARCO passages do).
        const std::string trimmed = trim(text);
        if (!trimmed.empty() && trimmed != text) g.needles.push_back(trimmed);
        std::stable_partition(indices.begin(), indices.end(), isGold);
        g.indices = std::move(indices);
        groups.push_back(std::move(g));
    }
    // Longest first so that a unit quoted inside a longer one is not cited.
    std::stable_sort(groups.begin(), groups.end(), [](const UnitGroup& a, const UnitGroup& b) {
        return a.text.size() > b.text.size();
    });
    return groups;
}

bool isTrimmable(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '[' || c == ']' || c == '\'' ||
           c == '"' || c == ',';
}

bool hasWordCharacter(std::string_view s) {
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u)) return true;
    }
    return false;
}

// Splits an unmasked run at line breaks and at list separators (a comma
// between a closing and an opening quote) and records what has words in it.
void collectUnmatched(std::string_view region, std::size_t base, std::size_t from, std::size_t to,
                      std::vector<UnmatchedCitation>& out) {
    auto emit = [&](std::size_t b, std::size_t e) {
        while (b < e && isTrimmable(region[b])) ++b;
        while (e > b && isTrimmable(region[e - 1])) --e;
        if (b < e && hasWordCharacter(region.substr(b, e - b)))
            out.push_back({std::string(region.substr(b, e - b)), {base + b, base + e}});
    };
    auto isQuote = [](char c) { return c == '\'' || c == '"'; };
    std::size_t pieceStart = from;
    for (std::size_t i = from; i < to; ++i) {
        bool cut = region[i] == '\n';
        if (!cut && region[i] == ',') {
            std::size_t before = i, after = i + 1;
            while (before > from && region[before - 1] == ' ') --before;
            while (after < to && (region[after] == ' ' || region[after] == '\n')) ++after;
            cut = before > from && isQuote(region[before - 1]) && after < to &&
                  isQuote(region[after]);
        }
        if (cut) {
            emit(pieceStart, i);
            pieceStart = i + 1;
        }
    }
    emit(pieceStart, to);
}

}  // namespace

CitationMatch matchCitations(std::string_view text, TextSpan region, const Item& item) {
    CitationMatch out;
    if (!region.found()) return out;
    const std::string_view reg = text.substr(region.begin, region.length());
    std::vector<char> masked(reg.size(), 0);
    auto isFree = [&](std::size_t b, std::size_t e) {
        return std::none_of(masked.begin() + long(b), masked.begin() + long(e),
                            [](char m) { return m != 0; });
    };

    for (UnitGroup& group : groupUnits(item)) {
        for (const std::string& needle : group.needles) {
            std::size_t pos = 0;
            while ((pos = reg.find(needle, pos)) != std::string_view::npos) {
                const std::size_t end = pos + needle.size();
                if (!isFree(pos, end)) {
                    ++pos;
                    continue;
                }
                std::fill(masked.begin() + long(pos), masked.begin() + long(end), 1);
                if (group.next < group.indices.size()) {
                    const int idx = group.indices[group.next++];
                    const bool gold =
                        std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), idx) !=
                        item.goldRetrieval.end();
                    out.cited.push_back({idx, {region.begin + pos, region.begin + end}, gold});
                }
                pos = end;
            }
        }
    }
    std::sort(out.cited.begin(), out.cited.end(),
              [](const CitedUnit& a, const CitedUnit& b) { return a.span.begin < b.span.begin; });

    std::size_t i = 0;
    while (i < reg.size()) {
        if (masked[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < reg.size() && !masked[j]) ++j;
        collectUnmatched(reg, region.begin, i, j, out.unmatched);
        i = j;
    }
    return out;
}

}  // namespace ts
