#pragma once
// The strict rule (the workbench default, METHOD.md 4.2):
//   class     = the label named in the class sentence equals the gold label
//               (ASCII case-insensitive, the whole label, not a substring);
//   retrieval = judged per gold unit: Ok when every gold unit is cited,
//               Partial when some are, Wrong when none (an item without gold
//               units is Ok only when it cites nothing); non-gold citations
//               lower the precision, not the verdict;
//   trace     = class Ok and retrieval Ok (Partial when retrieval is Partial).
// An item without a parsable trace (ParseStatus NoTrace or Malformed) gets
// all three steps Wrong. MS MARCO items answered "No Answer Present." have no
// gold passage: their retrieval and trace steps are Unevaluated with reason
// RetrievalNotApplicable (left out of those tables), the class step judged.
#include "core/score/scoring_rule.h"

namespace ts {

class StrictRule final : public ScoringRule {
public:
    ScoringRuleKind kind() const override { return ScoringRuleKind::Strict; }
    void judge(const ScoringCase& c, ItemVerdict& verdict) override;
};

}  // namespace ts
