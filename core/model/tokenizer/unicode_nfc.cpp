#include "core/model/tokenizer/unicode_nfc.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/model/tokenizer/nfc_tables.h"
#include "core/util/text.h"

namespace ts {

namespace {

// Hangul syllables are decomposed and composed arithmetically (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

template <typename Range>
const Range* findRange(const Range* table, std::size_t count, char32_t cp) {
    const Range* end = table + count;
    const Range* it =
        std::upper_bound(table, end, cp, [](char32_t v, const Range& r) { return v < r.first; });
    if (it == table) return nullptr;
    --it;
    return cp <= it->last ? it : nullptr;
}

std::uint8_t combiningClass(char32_t cp) {
    if (cp < 0x300) return 0;
    const auto* r = findRange(nfc::kCombiningClassRanges, nfc::kCombiningClassRangeCount, cp);
    return r ? r->combiningClass : 0;
}

bool isUnsafe(char32_t cp) {
    if (cp < 0x300) return false;
    return findRange(nfc::kNfcUnsafeRanges, nfc::kNfcUnsafeRangeCount, cp) != nullptr;
}

void appendDecomposition(char32_t cp, std::vector<char32_t>& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
        return;
    }
    if (cp >= 0xC0) {
        const auto* end = nfc::kDecompositions + nfc::kDecompositionCount;
        const auto* it = std::lower_bound(
            nfc::kDecompositions, end, cp,
            [](const nfc::Decomposition& d, char32_t v) { return d.codePoint < v; });
        if (it != end && it->codePoint == cp) {
            out.insert(out.end(), nfc::kDecompositionPool + it->offset,
                       nfc::kDecompositionPool + it->offset + it->length);
            return;
        }
    }
    out.push_back(cp);
}

// The primary composite of (first, second), or 0 when there is none.
char32_t compose(char32_t first, char32_t second) {
    if (first >= kLBase && first < kLBase + kLCount && second >= kVBase &&
        second < kVBase + kVCount)
        return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
    if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 &&
        second > kTBase && second < kTBase + kTCount)
        return first + (second - kTBase);
    const auto* end = nfc::kCompositions + nfc::kCompositionCount;
    const auto* it =
        std::lower_bound(nfc::kCompositions, end, std::pair{first, second},
                         [](const nfc::Composition& c, std::pair<char32_t, char32_t> v) {
                             return c.first != v.first ? c.first < v.first : c.second < v.second;
                         });
    if (it != end && it->first == first && it->second == second) return it->composite;
    return 0;
}

// Stable sort of each run of non-starters by combining class (canonical ordering).
void canonicalOrder(std::vector<char32_t>& cps) {
    std::size_t i = 0;
    while (i < cps.size()) {
        if (combiningClass(cps[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < cps.size() && combiningClass(cps[j]) != 0) ++j;
        std::stable_sort(cps.begin() + i, cps.begin() + j, [](char32_t a, char32_t b) {
            return combiningClass(a) < combiningClass(b);
        });
        i = j;
    }
}

// Canonical composition (UAX #15, the reference algorithm), in place.
void canonicalCompose(std::vector<char32_t>& cps) {
    if (cps.empty()) return;
    std::size_t starterPos = 0;
    int lastClass = combiningClass(cps[0]);
    if (lastClass != 0) lastClass = 256;  // a leading non-starter blocks everything after it
    std::size_t out = 1;
    for (std::size_t i = 1; i < cps.size(); ++i) {
        const char32_t ch = cps[i];
        const int chClass = combiningClass(ch);
        const char32_t composite = compose(cps[starterPos], ch);
        if (composite != 0 && (lastClass < chClass || lastClass == 0)) {
            cps[starterPos] = composite;
            continue;
        }
        if (chClass == 0) starterPos = out;
        lastClass = chClass;
        cps[out++] = ch;
    }
    cps.resize(out);
}

}  // namespace

bool isNfcQuickYes(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        if (isUnsafe(decodeUtf8(s, i))) return false;
    }
    return true;
}

std::string toNfc(std::string_view s) {
    if (isNfcQuickYes(s)) return std::string(s);
    std::vector<char32_t> cps;
    cps.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) appendDecomposition(decodeUtf8(s, i), cps);
    canonicalOrder(cps);
    canonicalCompose(cps);
    std::string out;
    out.reserve(s.size());
    for (char32_t cp : cps) appendUtf8(out, cp);
    return out;
}

const char* nfcUnicodeVersion() {
    return nfc::kUnicodeVersion;
}

}  // namespace ts
