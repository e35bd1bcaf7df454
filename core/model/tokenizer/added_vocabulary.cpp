#include "core/model/tokenizer/added_vocabulary.h"

#include <algorithm>

#include "core/util/text.h"

namespace ts {

namespace {

// Rust's char::is_whitespace (the Unicode White_Space property).
bool isWhiteSpace(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

// A word character for single_word: ASCII letters, digits and '_', plus every
// non-ASCII character that is not whitespace (an approximation of Unicode
// alphanumerics that errs on the side of not splitting).
bool isWordChar(char32_t c) {
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '_';
    return !isWhiteSpace(c);
}

char32_t lastCodePoint(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    if (i > 0) --i;
    return decodeUtf8(s, i);
}

}  // namespace

void AddedVocabulary::Trie::add(std::string_view s, std::int32_t tokenIndex) {
    std::int32_t node = 0;
    for (unsigned char c : s) {
        auto& ch = nodes[node].children;
        auto it = std::lower_bound(ch.begin(), ch.end(), c,
                                   [](const auto& p, unsigned char v) { return p.first < v; });
        if (it != ch.end() && it->first == c) {
            node = it->second;
            continue;
        }
        const auto next = std::int32_t(nodes.size());
        ch.insert(it, {c, next});
        nodes.emplace_back();
        node = next;
    }
    if (nodes[node].token < 0) nodes[node].token = tokenIndex;  // first definition wins
    firstByte[static_cast<unsigned char>(s[0])] = true;
}

std::int32_t AddedVocabulary::Trie::longestMatch(std::string_view text, std::size_t pos,
                                                 std::size_t& length) const {
    std::int32_t node = 0, best = -1;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const auto& ch = nodes[node].children;
        const auto c = static_cast<unsigned char>(text[i]);
        auto it = std::lower_bound(ch.begin(), ch.end(), c,
                                   [](const auto& p, unsigned char v) { return p.first < v; });
        if (it == ch.end() || it->first != c) break;
        node = it->second;
        if (nodes[node].token >= 0) {
            best = nodes[node].token;
            length = i + 1 - pos;
        }
    }
    return best;
}

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)) {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        const auto& t = tokens_[i];
        byId_.emplace(t.id, i);
        byContent_.emplace(t.content, i);
        if (t.content.empty()) continue;
        (t.normalized ? normalized_ : raw_).add(t.content, std::int32_t(i));
        (t.normalized ? hasNormalized_ : hasRaw_) = true;
    }
}

const AddedToken* AddedVocabulary::findById(std::int32_t id) const {
    const auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &tokens_[it->second];
}

const AddedToken* AddedVocabulary::findByContent(std::string_view content) const {
    const auto it = byContent_.find(std::string(content));
    return it == byContent_.end() ? nullptr : &tokens_[it->second];
}

void AddedVocabulary::split(std::string_view text, bool normalizedPass,
                            std::vector<TextSegment>& out) const {
    const Trie& trie = normalizedPass ? normalized_ : raw_;
    std::size_t textStart = 0;  // start of the pending plain-text segment
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!trie.firstByte[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        std::size_t length = 0;
        const std::int32_t index = trie.longestMatch(text, pos, length);
        if (index < 0) {
            ++pos;
            continue;
        }
        const AddedToken& tok = tokens_[index];
        std::size_t start = pos, stop = pos + length;
        if (tok.singleWord) {
            const bool leftOk = start == 0 || !isWordChar(lastCodePoint(text.substr(0, start)));
            std::size_t k = stop;
            const bool rightOk = stop == text.size() || !isWordChar(decodeUtf8(text, k));
            if (!leftOk || !rightOk) {
                pos = stop;  // a rejected match is not searched again for shorter tokens
                continue;
            }
        }
        if (tok.lstrip) {
            while (start > textStart) {
                std::size_t b = start - 1;
                while (b > textStart && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
                std::size_t k = b;
                if (!isWhiteSpace(decodeUtf8(text, k))) break;
                start = b;
            }
        }
        if (tok.rstrip) {
            while (stop < text.size()) {
                std::size_t k = stop;
                if (!isWhiteSpace(decodeUtf8(text, k))) break;
                stop = k;
            }
        }
        if (start > textStart) out.push_back({textStart, start, -1});
        out.push_back({start, stop, tok.id});
        textStart = pos = stop;
    }
    if (textStart < text.size()) out.push_back({textStart, text.size(), -1});
}

}  // namespace ts
