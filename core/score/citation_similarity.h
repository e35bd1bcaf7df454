#pragma once
// How close a piece of quoted text that matches no context unit verbatim
// comes to the units (docs/analysis.md, "hallucinated citation").
//
//   tokens(s)     = the set of maximal runs of word bytes of s (ASCII letters
//                   and digits, and every byte >= 0x80, so a UTF-8 letter
//                   never splits a word), ASCII letters lower-cased;
//   similarity    = |tokens(a) n tokens(b)| / |tokens(a) u tokens(b)|
//                   (Jaccard over the token sets), in [0, 1]; 0 when both
//                   sets are empty;
//   best unit     = the context unit of highest similarity, the lowest index
//                   on a tie; -1 (similarity 0) for an empty context.
// A quoted segment is a hallucinated citation when its best similarity is
// below kHallucinationThreshold, an altered citation otherwise (so a
// similarity of exactly the threshold is altered, not hallucinated).
#include <set>
#include <string>
#include <string_view>

#include "core/data/item.h"

namespace ts {

inline constexpr double kHallucinationThreshold = 0.5;

std::set<std::string> similarityTokens(std::string_view text);
double tokenSetSimilarity(std::string_view a, std::string_view b);

struct BestUnitMatch {
    int contextIndex = -1;
    double similarity = 0.0;
};
BestUnitMatch bestUnitMatch(std::string_view quoted, const Item& item);

}  // namespace ts
