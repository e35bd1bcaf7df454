#pragma once
// The error taxonomy's vocabulary (docs/analysis.md): where a trace or an
// answer goes wrong, as stable names for the project file, the CLI and
// filters. An item can carry several types; each type belongs to one group,
// and a group's types are only looked for where the rule judged that step
// (class, retrieval) or the answer.
#include <optional>
#include <string_view>
#include <vector>

namespace ts {

enum class ErrorGroup { Class, Retrieval, Answer };

enum class ErrorType {
    // Class step judged wrong, by what the trace named:
    ClassNoLabel,       // no label at all (no trace, or no class sentence / ": label")
    ClassNotInDataset,  // a label that is not one of the dataset's labels
    ClassOtherLabel,    // another label of the dataset
    ClassMisread,       // the gold label itself, but the rule's test failed (legacy's segment)
    // Retrieval step (the rule judged it):
    NoTrace,               // no parsable trace: nothing below is looked for
    GoldOmitted,           // k of the n gold units not quoted verbatim
    NonGoldCited,          // context units quoted that are not gold
    HallucinatedCitation,  // quoted text whose best unit similarity is below the threshold
    AlteredCitation,       // quoted text close to a unit (>= threshold) but not verbatim
    CitationUnparsable,    // the citations open a Python list / string that does not parse
    NothingCited,          // a trace that quotes nothing where gold units exist
    // Answer:
    AnswerNoTag,         // no <answer> tag (recorded whatever the answer verdict)
    AnswerEmpty,         // not ok, and nothing was answered
    AnswerPartial,       // not an exact match, but F1 > 0
    AnswerOtherEntity,   // F1 = 0 and an answer occurs in a context unit
    AnswerNotInContext,  // F1 = 0 and no answer occurs in any context unit
};

// Every type in the order above (reports list them so).
const std::vector<ErrorType>& allErrorTypes();
ErrorGroup groupOf(ErrorType type);
// Whether an item with the type can still answer right: every class and
// retrieval type and answer-no-tag. The other answer types describe how an
// answer is wrong, so their table against the answer is empty in one cell
// by definition and they are counted, not ranked.
bool canCoOccurWithRightAnswer(ErrorType type);

// "class-no-label", ..., "answer-not-in-context"; "class", "retrieval", "answer".
std::string_view toString(ErrorType type);
std::string_view toString(ErrorGroup group);
std::optional<ErrorType> parseErrorType(std::string_view name);

}  // namespace ts
