#pragma once
// The answer half of the error taxonomy (error_taxonomy.h), and a helper the
// evidence documents share.
#include <string>
#include <string_view>
#include <vector>

#include "core/score/error_taxonomy.h"

namespace ts {

// Appends answer-no-tag and at most one of answer-empty, answer-partial,
// answer-other-entity, answer-not-in-context.
void addAnswerErrors(const TaxonomyInput& in, std::vector<ItemError>& out);

// The first context unit whose normalised text (normalizeAnswer) holds the
// normalised answer as whole words; -1 when none does.
int unitHoldingAnswer(std::string_view normalisedAnswer, const Item& item);

// At most maxBytes of s, cut back to a UTF-8 character boundary.
std::string clipUtf8(std::string_view s, std::size_t maxBytes);

}  // namespace ts
