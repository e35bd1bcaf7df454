#include "core/score/error_types.h"

#include <array>
#include <utility>

namespace ts {

namespace {

constexpr std::array<std::pair<ErrorType, std::string_view>, 16> kNames{{
    {ErrorType::ClassNoLabel, "class-no-label"},
    {ErrorType::ClassNotInDataset, "class-not-in-dataset"},
    {ErrorType::ClassOtherLabel, "class-other-label"},
    {ErrorType::ClassMisread, "class-misread"},
    {ErrorType::NoTrace, "no-trace"},
    {ErrorType::GoldOmitted, "gold-omitted"},
    {ErrorType::NonGoldCited, "non-gold-cited"},
    {ErrorType::HallucinatedCitation, "hallucinated-citation"},
    {ErrorType::AlteredCitation, "altered-citation"},
    {ErrorType::CitationUnparsable, "citation-unparsable"},
    {ErrorType::NothingCited, "nothing-cited"},
    {ErrorType::AnswerNoTag, "answer-no-tag"},
    {ErrorType::AnswerEmpty, "answer-empty"},
    {ErrorType::AnswerPartial, "answer-partial"},
    {ErrorType::AnswerOtherEntity, "answer-other-entity"},
    {ErrorType::AnswerNotInContext, "answer-not-in-context"},
}};

}  // namespace

const std::vector<ErrorType>& allErrorTypes() {
    static const std::vector<ErrorType> types = [] {
        std::vector<ErrorType> t;
        for (const auto& [type, name] : kNames) t.push_back(type);
        return t;
    }();
    return types;
}

ErrorGroup groupOf(ErrorType type) {
    if (type <= ErrorType::ClassMisread) return ErrorGroup::Class;
    if (type <= ErrorType::NothingCited) return ErrorGroup::Retrieval;
    return ErrorGroup::Answer;
}

bool canCoOccurWithRightAnswer(ErrorType type) {
    return groupOf(type) != ErrorGroup::Answer || type == ErrorType::AnswerNoTag;
}

std::string_view toString(ErrorType type) {
    for (const auto& [t, name] : kNames)
        if (t == type) return name;
    return "?";
}

std::string_view toString(ErrorGroup group) {
    switch (group) {
        case ErrorGroup::Class:
            return "class";
        case ErrorGroup::Retrieval:
            return "retrieval";
        case ErrorGroup::Answer:
            return "answer";
    }
    return "?";
}

std::optional<ErrorType> parseErrorType(std::string_view name) {
    for (const auto& [t, n] : kNames)
        if (n == name) return t;
    return std::nullopt;
}

}  // namespace ts
