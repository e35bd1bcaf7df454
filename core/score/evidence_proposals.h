#pragma once
// Evidence a person can confirm or reject in a free-form trace, where no rule
// can judge the steps (TraceType other than rule-based): which class the text
// names, and which context units it quotes. Proposals only; the verdicts
// follow from what the annotator confirms (confirmedVerdicts below, stored as
// human verdicts by core/store/evidence_verdicts.h).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"

namespace ts {

// A label of the dataset's label set found in the trace: as written, or with
// its hyphens / underscores read as spaces ("two supporting facts"), as a
// whole phrase, case-insensitively. One candidate per label, at its first
// occurrence.
struct LabelCandidate {
    std::string label;
    TextSpan span;
    bool gold = false;
};

// A context unit the trace quotes verbatim or nearly: the share of the unit's
// word tokens (lower-cased letters and digits) found in one sentence of the
// trace - 1.0 for a verbatim quote. `span` is that sentence.
struct UnitCandidate {
    int contextIndex = -1;
    double overlap = 0.0;
    TextSpan span;
    bool gold = false;
};

struct EvidenceProposals {
    std::vector<LabelCandidate> labels;  // in order of appearance
    std::vector<UnitCandidate> units;    // overlap >= threshold, best first
    double threshold = 0.0;
};

// The default overlap a unit needs to be proposed: most of its words in one
// sentence of the trace (a paraphrase that keeps the names and the place).
inline constexpr double kDefaultOverlapThreshold = 0.6;

EvidenceProposals proposeEvidence(const Item& item, std::string_view trace,
                                  const std::vector<std::string>& labelSet,
                                  double threshold = kDefaultOverlapThreshold);

// What the annotator confirmed: the class the trace names (none: it names
// none, or the annotator rejected every candidate) and the units it quotes.
struct ConfirmedEvidence {
    std::optional<std::string> label;
    std::vector<int> units;
};

struct ConfirmedVerdicts {
    StepVerdict classStep = StepVerdict::Wrong;
    StepVerdict retrievalStep = StepVerdict::Wrong;
};

// As the strict rule decides from what it parsed: the class is Ok when the
// label is the gold label (ASCII case-insensitive); the retrieval is Ok when
// every gold unit is confirmed, Partial when some are, Wrong otherwise.
ConfirmedVerdicts confirmedVerdicts(const Item& item, const ConfirmedEvidence& evidence);

}  // namespace ts
