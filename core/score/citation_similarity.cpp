#include "core/score/citation_similarity.h"

#include <algorithm>

namespace ts {

namespace {

bool isWordByte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::size_t common = 0;
    for (const std::string& t : a) common += b.count(t);
    const std::size_t all = a.size() + b.size() - common;
    return all == 0 ? 0.0 : double(common) / double(all);
}

}  // namespace

std::set<std::string> similarityTokens(std::string_view text) {
    std::set<std::string> tokens;
    std::string word;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (isWordByte(c)) {
            word += (c >= 'A' && c <= 'Z') ? char(c + 32) : ch;
        } else if (!word.empty()) {
            tokens.insert(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) tokens.insert(std::move(word));
    return tokens;
}

double tokenSetSimilarity(std::string_view a, std::string_view b) {
    return jaccard(similarityTokens(a), similarityTokens(b));
}

BestUnitMatch bestUnitMatch(std::string_view quoted, const Item& item) {
    const std::set<std::string> q = similarityTokens(quoted);
    BestUnitMatch best;
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        const double s = jaccard(q, similarityTokens(item.context[i].text));
        if (best.contextIndex < 0 || s > best.similarity) {
            best.contextIndex = static_cast<int>(i);
            best.similarity = s;
        }
    }
    return best;
}

}  // namespace ts
