#pragma once
// How core/score's ItemVerdict is laid out in the verdicts and verdict_details
// tables: the enums as fixed small integers (never the C++ enumerator order,
// so reordering an enum cannot change the meaning of stored files), the
// queryable scalars as columns, and the variable-length working (spans, cited
// units, answer sets, evidence) as one JSON document.
#include <string>

#include <nlohmann/json.hpp>

#include "core/score/verdict.h"

namespace ts::store {

// Stored codes (docs/schema.md). Decoders throw ts::Error for an unknown code.
int encode(ScoringRuleKind v);
int encode(RetrievalMode v);
int encode(ParseStatus v);
int encode(StepVerdict v);
int encode(UnevaluatedReason v);
ScoringRuleKind decodeRule(long long code);
RetrievalMode decodeRetrievalMode(long long code);
ParseStatus decodeParseStatus(long long code);
StepVerdict decodeStepVerdict(long long code);
UnevaluatedReason decodeUnevaluatedReason(long long code);

// The parts of an ItemVerdict that live in verdict_details.details.
nlohmann::json verdictDetailsJson(const ItemVerdict& v);
// Fills those parts back in; throws ts::Error for a malformed document.
void readVerdictDetails(const nlohmann::json& details, ItemVerdict& v);

}  // namespace ts::store
