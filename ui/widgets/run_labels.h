#pragma once
// Short names for runs where space is scarce (chart axes, slide titles):
// model family and size, condition, seed - "Llama-1B · correct · s121" for
// the run "cotempqa/Llama-3.2-1B-Instruct/correct-trace" of model
// "Llama-3.2-1B-Instruct", condition "correct-trace", seed 121. The full name
// always goes into a tooltip.
#include <QString>

#include <vector>

#include "core/store/catalog.h"

namespace ts::ui {

// "Llama-3.2-1B-Instruct" -> "Llama-1B", "Qwen3-1.7B" -> "Qwen3-1.7B"; else unchanged.
QString shortModelName(const QString& model);
QString shortRunLabel(const store::RunSummary& run);
// The short label when no other run of the same dataset among `runs` has the
// same one; the full name when two would read alike.
QString distinctRunLabel(const store::RunSummary& run, const std::vector<store::RunSummary>& runs);

}  // namespace ts::ui
