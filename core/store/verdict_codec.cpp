#include "core/store/verdict_codec.h"

#include <string>

#include "core/util/error.h"

namespace ts::store {

namespace {

[[noreturn]] void unknownCode(const char* what, long long code) {
    throw Error(std::string("project file holds an unknown ") + what + " code " +
                std::to_string(code));
}

nlohmann::json spanJson(const TextSpan& s) {
    return nlohmann::json::array({s.begin, s.end});
}

TextSpan readSpan(const nlohmann::json& j) {
    if (!j.is_array() || j.size() != 2) throw Error("malformed span in verdict details");
    return TextSpan{j[0].get<std::size_t>(), j[1].get<std::size_t>()};
}

}  // namespace

int encode(ScoringRuleKind v) {
    return v == ScoringRuleKind::Strict ? 0 : 1;
}
int encode(RetrievalMode v) {
    return v == RetrievalMode::All ? 0 : 1;
}

int encode(ParseStatus v) {
    switch (v) {
        case ParseStatus::Ok:
            return 0;
        case ParseStatus::NoTrace:
            return 1;
        case ParseStatus::NoAnswer:
            return 2;
        case ParseStatus::Malformed:
            return 3;
    }
    unknownCode("parse status", static_cast<long long>(v));
}

int encode(StepVerdict v) {
    switch (v) {
        case StepVerdict::Ok:
            return 0;
        case StepVerdict::Wrong:
            return 1;
        case StepVerdict::Partial:
            return 2;
        case StepVerdict::Unevaluated:
            return 3;
    }
    unknownCode("step verdict", static_cast<long long>(v));
}

int encode(UnevaluatedReason v) {
    switch (v) {
        case UnevaluatedReason::None:
            return 0;
        case UnevaluatedReason::NoThinkWord:
            return 1;
        case UnevaluatedReason::EmptyTrace:
            return 2;
        case UnevaluatedReason::NoGoldRow:
            return 3;
        case UnevaluatedReason::RetrievalNotApplicable:
            return 4;  // schema version 4 and later
        case UnevaluatedReason::NeedsHuman:
            return 5;  // schema version 5 and later
    }
    unknownCode("unevaluated reason", static_cast<long long>(v));
}

ScoringRuleKind decodeRule(long long code) {
    if (code == 0) return ScoringRuleKind::Strict;
    if (code == 1) return ScoringRuleKind::Legacy;
    unknownCode("scoring rule", code);
}

RetrievalMode decodeRetrievalMode(long long code) {
    if (code == 0) return RetrievalMode::All;
    if (code == 1) return RetrievalMode::Any;
    unknownCode("retrieval mode", code);
}

ParseStatus decodeParseStatus(long long code) {
    switch (code) {
        case 0:
            return ParseStatus::Ok;
        case 1:
            return ParseStatus::NoTrace;
        case 2:
            return ParseStatus::NoAnswer;
        case 3:
            return ParseStatus::Malformed;
    }
    unknownCode("parse status", code);
}

StepVerdict decodeStepVerdict(long long code) {
    switch (code) {
        case 0:
            return StepVerdict::Ok;
        case 1:
            return StepVerdict::Wrong;
        case 2:
            return StepVerdict::Partial;
        case 3:
            return StepVerdict::Unevaluated;
    }
    unknownCode("step verdict", code);
}

UnevaluatedReason decodeUnevaluatedReason(long long code) {
    switch (code) {
        case 0:
            return UnevaluatedReason::None;
        case 1:
            return UnevaluatedReason::NoThinkWord;
        case 2:
            return UnevaluatedReason::EmptyTrace;
        case 3:
            return UnevaluatedReason::NoGoldRow;
        case 4:
            return UnevaluatedReason::RetrievalNotApplicable;
        case 5:
            return UnevaluatedReason::NeedsHuman;
    }
    unknownCode("unevaluated reason", code);
}

nlohmann::json verdictDetailsJson(const ItemVerdict& v) {
    nlohmann::json cited = nlohmann::json::array();
    for (const CitedUnit& c : v.cited)
        cited.push_back({c.contextIndex, c.span.begin, c.span.end, c.gold});
    nlohmann::json unmatched = nlohmann::json::array();
    for (const UnmatchedCitation& u : v.unmatched)
        unmatched.push_back({{"text", u.text}, {"span", spanJson(u.span)}});
    const VerdictEvidence& e = v.evidence;
    return {
        {"label_span", spanJson(v.labelSpan)},
        {"answer_span", spanJson(v.answerSpan)},
        {"cited", cited},
        {"unmatched", unmatched},
        {"answer_predicted", v.answerScore.predicted},
        {"answer_gold", v.answerScore.gold},
        {"evidence",
         {{"gold_label", e.goldLabel},
          {"class_segment", e.classSegment},
          {"class_reading", e.classReading},
          {"matched_unit", e.matchedUnit},
          {"matched_unit_text", e.matchedUnitText},
          {"gold_row", e.goldRow},
          {"gold_row_line", e.goldRowLine},
          {"gold_row_id", e.goldRowId},
          {"gold_row_stale", e.goldRowStale},
          {"gold_row_is_own", e.goldRowIsOwn}}},
    };
}

void readVerdictDetails(const nlohmann::json& d, ItemVerdict& v) {
    try {
        v.labelSpan = readSpan(d.at("label_span"));
        v.answerSpan = readSpan(d.at("answer_span"));
        v.cited.clear();
        for (const auto& c : d.at("cited"))
            v.cited.push_back(
                CitedUnit{c.at(0).get<int>(),
                          TextSpan{c.at(1).get<std::size_t>(), c.at(2).get<std::size_t>()},
                          c.at(3).get<bool>()});
        v.unmatched.clear();
        for (const auto& u : d.at("unmatched"))
            v.unmatched.push_back(
                UnmatchedCitation{u.at("text").get<std::string>(), readSpan(u.at("span"))});
        v.answerScore.predicted = d.at("answer_predicted").get<std::vector<std::string>>();
        v.answerScore.gold = d.at("answer_gold").get<std::vector<std::string>>();
        const auto& e = d.at("evidence");
        v.evidence.goldLabel = e.at("gold_label").get<std::string>();
        v.evidence.classSegment = e.at("class_segment").get<std::string>();
        v.evidence.classReading =
            e.value("class_reading", std::string());  // absent before it existed
        v.evidence.matchedUnit = e.at("matched_unit").get<int>();
        v.evidence.matchedUnitText = e.at("matched_unit_text").get<std::string>();
        v.evidence.goldRow = e.at("gold_row").get<int>();
        v.evidence.goldRowLine = e.at("gold_row_line").get<std::size_t>();
        v.evidence.goldRowId = e.at("gold_row_id").get<std::string>();
        v.evidence.goldRowStale = e.at("gold_row_stale").get<bool>();
        v.evidence.goldRowIsOwn = e.at("gold_row_is_own").get<bool>();
    } catch (const nlohmann::json::exception& ex) {
        throw Error(std::string("malformed verdict details in the project file: ") + ex.what());
    }
}

}  // namespace ts::store
