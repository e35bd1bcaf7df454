#pragma once
// Human verdicts from confirmed evidence, for runs whose traces no rule can
// judge (free-form trace types). proposalsFor() reads a stored item and its
// prediction and proposes evidence (core/score/evidence_proposals.h);
// confirmEvidence() stores what the annotator confirmed as that annotator's
// class and retrieval annotations: verdict overrides decided as the strict
// rule would decide them from a parsed trace, and a note that records the
// evidence (and any span the annotator marked). The human rule then counts
// them in the tables (effective_verdicts.h). The CLI's `evidence` command and
// the workbench's item view both call these.
#include <optional>
#include <string>

#include "core/score/evidence_proposals.h"
#include "core/store/project.h"

namespace ts::store {

struct ItemEvidence {
    std::string trace;            // the think block (the whole prediction when it has none)
    std::size_t traceOffset = 0;  // where `trace` starts in the prediction
    EvidenceProposals proposals;  // spans relative to `trace`
};

ItemEvidence proposalsFor(Project& project, long long runId, const std::string& itemKey,
                          double threshold = kDefaultOverlapThreshold);

// A span of the trace the annotator marked as one step (relative to the
// trace, as in ItemEvidence).
struct MarkedSpan {
    TextSpan span;
    std::string text;
};

struct EvidenceDecision {
    std::string annotator;
    ConfirmedEvidence evidence;
    std::optional<MarkedSpan> classSpan;      // "this is the class step"
    std::optional<MarkedSpan> retrievalSpan;  // "this is the retrieval step"
};

// Writes both annotations in one transaction and returns the verdicts
// stored. Throws ts::Error for an empty annotator, a unit index outside the
// item's context, or an item the run has no prediction for.
ConfirmedVerdicts confirmEvidence(Project& project, long long runId, const std::string& itemKey,
                                  const EvidenceDecision& decision);

}  // namespace ts::store
