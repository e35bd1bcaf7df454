#pragma once
// The typed result of scoring one prediction under one rule: what the parser
// found in the text, the verdict of each step, the answer metric, and the
// evidence behind every verdict so a front end can answer "why is this
// wrong?" without re-running anything. core/store persists exactly these
// structs; the GUI draws them.
//
// Counting convention (docs/scoring.md):
//   - StepVerdict::Partial on the retrieval step (and on the trace step that
//     depends on it) means some but not all gold units were cited. The 2x2
//     tables count it as WRONG under --retrieval all and as OK under
//     --retrieval any (see countsAsCorrect()). The class step is never Partial.
//   - The answer verdict is Ok on an exact match, Partial when EM fails but
//     F1 > 0, Wrong otherwise; tables count only Ok as a correct answer.
//   - StepVerdict::Unevaluated marks a step nobody can judge: under the
//     legacy rule every step of an item the original script skipped; under
//     the strict rule only the retrieval and trace steps of an MS MARCO item
//     whose answer is "No Answer Present." (there is no passage to quote:
//     retrieval not applicable; the class step and the answer are judged).
//     Otherwise the strict rule never produces it: an item without a
//     parsable trace gets class, retrieval and trace Wrong and its
//     ParseStatus says why. Tables leave an Unevaluated step out.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ts {

enum class ScoringRuleKind { Strict, Legacy };
enum class RetrievalMode { All, Any };

// What the tolerant trace parser made of the prediction text.
enum class ParseStatus {
    Ok,         // a trace (think block) and an answer were found
    NoTrace,    // no <think> / </think> marker at all: the trace is missing
    NoAnswer,   // a trace, but no answer after it (no <answer>, no "Answer:")
    Malformed,  // markers present but unusable (e.g. the think block is empty)
};

enum class StepVerdict { Ok, Wrong, Partial, Unevaluated };

// How items without a trace (parse status no-trace or malformed) enter the
// step tables: as a wrong step (the default; the strict rule's verdicts say
// so), or left out of them while still counted in the answer accuracy (as the
// paper's scripts did).
enum class MissingTrace { Wrong, Exclude };
inline bool hasNoTrace(ParseStatus p) {
    return p == ParseStatus::NoTrace || p == ParseStatus::Malformed;
}

// Why a step was left unjudged (see the counting convention above).
enum class UnevaluatedReason {
    None,
    NoThinkWord,  // legacy: the prediction does not contain "think" at all
    EmptyTrace,   // legacy: the text before the first "</think>" is empty
    NoGoldRow,    // legacy: no gold CSV row matched and there was no earlier row to reuse
    // strict: the gold answer is "No Answer Present." - no passage holds the
    // answer, so the retrieval (and so the trace) step does not apply
    RetrievalNotApplicable,
    // strict: a free-form trace (a run whose trace type is not rule-based):
    // no rule can judge free text, so the class, retrieval and trace steps
    // wait for a person (the human rule; core/store/evidence_verdicts.h)
    NeedsHuman,
};

// Byte offsets [begin, end) into the prediction text; empty when not found.
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;

    bool found() const { return end > begin; }
    std::size_t length() const { return end - begin; }
    bool operator==(const TextSpan&) const = default;
};

// One quoted unit of the retrieval step that matched a context unit.
struct CitedUnit {
    int contextIndex = -1;  // index into Item::context
    TextSpan span;          // where it was quoted in the prediction
    bool gold = false;      // whether the unit is in Item::goldRetrieval
    bool operator==(const CitedUnit&) const = default;
};

// Quoted text of the retrieval step that matches no context unit.
struct UnmatchedCitation {
    std::string text;
    TextSpan span;
    bool operator==(const UnmatchedCitation&) const = default;
};

// The answer metric for one item (METHOD.md 4.1), with its working.
struct AnswerScore {
    std::vector<std::string> predicted;  // normalised predicted answers, sorted
    std::vector<std::string> gold;       // normalised gold answers, sorted
    bool exactMatch = false;
    double f1 = 0.0;
    double precision = 0.0;
    double recall = 0.0;
    bool operator==(const AnswerScore&) const = default;
};

// The facts a verdict rests on, for explanations in the GUI and reports.
struct VerdictEvidence {
    UnevaluatedReason unevaluatedReason = UnevaluatedReason::None;
    std::string goldLabel;     // the label the class step was compared with
    std::string classSegment;  // the text the class test looked at (strict: the class sentence)
    // Strict: how the class sentence departs from the template, as read
    // ("no colon after \"is\"; \"the\" before \"question\""); empty when it does not.
    std::string classReading;
    // The unit whose quotation made the retrieval step correct: strict, the
    // first cited gold unit; legacy, the first fact of the gold row found in
    // the trace. -1 and empty when none.
    int matchedUnit = -1;  // strict: context index; legacy: position in the gold row's facts
    std::string matchedUnitText;
    // Legacy only: which gold CSV row supplied the label and the facts.
    int goldRow = -1;             // 0-based data row, -1 when none
    std::size_t goldRowLine = 0;  // 1-based line of that row in the CSV, 0 when none
    std::string goldRowId;        // its "index" cell (or row number when absent)
    bool goldRowStale = false;    // no row matched: the previous item's row was reused
    bool goldRowIsOwn = false;    // the row used is the item's own row
    bool operator==(const VerdictEvidence&) const = default;
};

struct ItemVerdict {
    std::string itemId;
    ScoringRuleKind rule = ScoringRuleKind::Strict;
    ParseStatus parse = ParseStatus::NoTrace;

    StepVerdict classStep = StepVerdict::Wrong;
    StepVerdict retrievalStep = StepVerdict::Wrong;
    StepVerdict trace = StepVerdict::Wrong;
    StepVerdict answer = StepVerdict::Wrong;

    // Class step: the label the trace names and where.
    std::string predictedLabel;
    TextSpan labelSpan;

    // The answer as the model wrote it (the parser's reading, tags removed);
    // answerScore holds what the metric compared after the paper's extraction.
    std::string extractedAnswer;
    TextSpan answerSpan;

    // Retrieval step.
    std::vector<CitedUnit> cited;  // in order of appearance, no duplicates
    std::vector<UnmatchedCitation> unmatched;
    int goldCount = 0;  // gold units of the item
    int goldCited = 0;  // how many of them were cited
    // cited gold / all cited; absent when nothing was cited.
    std::optional<double> retrievalPrecision;

    AnswerScore answerScore;
    VerdictEvidence evidence;

    bool operator==(const ItemVerdict&) const = default;
};

// Table counting (see the header comment).
inline bool countsAsCorrect(StepVerdict v, RetrievalMode mode) {
    return v == StepVerdict::Ok || (v == StepVerdict::Partial && mode == RetrievalMode::Any);
}
inline bool answerCountsAsCorrect(StepVerdict v) {
    return v == StepVerdict::Ok;
}
// The trace verdict from its two steps, as the strict rule decides it: a
// wrong class makes the trace wrong; otherwise the trace is what the
// retrieval is (ok, partial or wrong). A step nobody could judge leaves the
// trace unjudged. Also used when a person overrides a step but not the trace
// (the human rule, core/store/effective_verdicts.h).
inline StepVerdict traceFromSteps(StepVerdict classStep, StepVerdict retrievalStep) {
    if (classStep == StepVerdict::Unevaluated || retrievalStep == StepVerdict::Unevaluated)
        return StepVerdict::Unevaluated;
    return classStep == StepVerdict::Ok ? retrievalStep : StepVerdict::Wrong;
}

// Stable lower-case names for files, the CLI and the project database:
// "strict"/"legacy", "all"/"any", "ok"/"no-trace"/"no-answer"/"malformed",
// "ok"/"wrong"/"partial"/"unevaluated",
// "none"/"no-think-word"/"empty-trace"/"no-gold-row"/"retrieval-not-applicable"/"needs-human".
std::string_view toString(ScoringRuleKind v);
std::string_view toString(RetrievalMode v);
std::string_view toString(ParseStatus v);
std::string_view toString(StepVerdict v);
std::string_view toString(UnevaluatedReason v);
std::string_view toString(MissingTrace v);  // "wrong", "exclude"

// Inverses of toString; nullopt for an unknown name.
std::optional<ScoringRuleKind> parseScoringRuleKind(std::string_view name);
std::optional<RetrievalMode> parseRetrievalMode(std::string_view name);
std::optional<ParseStatus> parseParseStatus(std::string_view name);
std::optional<StepVerdict> parseStepVerdict(std::string_view name);
std::optional<UnevaluatedReason> parseUnevaluatedReason(std::string_view name);
std::optional<MissingTrace> parseMissingTrace(std::string_view name);

}  // namespace ts
