#pragma once
// "Why is this wrong?": the evidence core stored with a verdict, written out
// for people as rich text (one paragraph per step). Pure presentation of
// core/score's VerdictEvidence; nothing is re-scored here.
#include <QString>

#include "core/data/item.h"
#include "core/score/verdict.h"

namespace ts::ui {

QString explainVerdict(const Item& item, const ItemVerdict& verdict, RetrievalMode mode);

// The plain words of a parse status ("no think block: the trace is missing").
QString parseStatusText(ParseStatus status);

}  // namespace ts::ui
