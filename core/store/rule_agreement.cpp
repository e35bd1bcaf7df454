#include "core/store/rule_agreement.h"

#include <cmath>
#include <map>

#include "core/store/effective_verdicts.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"

namespace ts::store {

namespace {

// What the tables count as ok for a step.
bool countsOk(AnnotationTarget step, StepVerdict v, RetrievalMode mode) {
    return step == AnnotationTarget::Answer ? answerCountsAsCorrect(v) : countsAsCorrect(v, mode);
}

StepVerdict stepOf(const StepVerdicts& v, AnnotationTarget step) {
    switch (step) {
        case AnnotationTarget::Class:
            return v.classStep;
        case AnnotationTarget::Retrieval:
            return v.retrievalStep;
        case AnnotationTarget::Answer:
            return v.answer;
        default:
            return v.trace;
    }
}

struct JudgedItem {
    std::string key;
    StepVerdicts strict;
    std::vector<OverrideVote> votes;
};

// The run's items with at least one override, in stored order, with their strict verdicts.
std::vector<JudgedItem> judgedItems(Database& db, long long runId) {
    Statement st = db.prepare(
        "SELECT a.item_id, i.item_key, a.step, a.annotator, a.verdict_override,"
        " v.class_verdict, v.retrieval_verdict, v.trace_verdict, v.answer_verdict"
        " FROM annotations a JOIN items i ON i.id = a.item_id"
        " JOIN verdicts v ON v.run_id = a.run_id AND v.rule = ? AND v.item_id = a.item_id"
        " WHERE a.run_id = ? AND a.verdict_override IS NOT NULL AND a.step <> 'item' ORDER BY "
        "a.item_id");
    st.bind(1, encode(ScoringRuleKind::Strict)).bind(2, runId);
    std::map<long long, JudgedItem> byRow;
    while (st.step()) {
        JudgedItem& item = byRow[st.columnInt(0)];
        item.key = st.columnText(1);
        item.strict = {decodeStepVerdict(st.columnInt(5)), decodeStepVerdict(st.columnInt(6)),
                       decodeStepVerdict(st.columnInt(7)), decodeStepVerdict(st.columnInt(8))};
        if (const auto target = parseAnnotationTarget(st.columnText(2)))
            item.votes.push_back({*target, st.columnText(3), decodeStepVerdict(st.columnInt(4))});
    }
    std::vector<JudgedItem> out;
    for (auto& [row, item] : byRow) out.push_back(std::move(item));
    return out;
}

void tally(RuleHumanAgreement& a, const std::string& key, StepVerdict rule, StepVerdict human,
           RetrievalMode mode) {
    ++a.judged;
    const bool ruleOk = countsOk(a.step, rule, mode), humanOk = countsOk(a.step, human, mode);
    if (ruleOk && humanOk) ++a.bothOk;
    if (!ruleOk && !humanOk) ++a.bothBad;
    if (ruleOk && !humanOk) ++a.ruleOkHumanBad;
    if (!ruleOk && humanOk) ++a.ruleBadHumanOk;
    if (ruleOk != humanOk) a.disagreeing.push_back({key, rule, human});
}

}  // namespace

std::vector<RuleHumanAgreement> ruleVersusHuman(Project& project, long long runId,
                                                const std::string& annotator, RetrievalMode mode) {
    Database& db = project.db();
    requireRunExists(db, runId);
    std::vector<RuleHumanAgreement> steps;
    for (auto step : {AnnotationTarget::Class, AnnotationTarget::Retrieval, AnnotationTarget::Trace,
                      AnnotationTarget::Answer}) {
        RuleHumanAgreement a;
        a.step = step;
        steps.push_back(std::move(a));
    }
    for (const JudgedItem& item : judgedItems(db, runId)) {
        const StepOverrides decided = decideOverrides(item.votes, annotator);
        for (RuleHumanAgreement& a : steps) {
            const auto& human = decided.of(a.step);
            if (!human || *human == StepVerdict::Unevaluated) continue;
            // A step the rule left unjudged (a free-form trace's steps, a
            // retrieval that does not apply) has no verdict to agree with.
            const StepVerdict rule = stepOf(item.strict, a.step);
            if (rule == StepVerdict::Unevaluated) continue;
            tally(a, item.key, rule, *human, mode);
        }
    }
    for (RuleHumanAgreement& a : steps)
        a.kappa = stats::cohenKappa({{a.bothOk, a.ruleOkHumanBad}, {a.ruleBadHumanOk, a.bothBad}});
    return steps;
}

nlohmann::ordered_json ruleVersusHumanJson(const std::vector<RuleHumanAgreement>& steps) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const RuleHumanAgreement& a : steps) {
        nlohmann::ordered_json ids = nlohmann::ordered_json::array();
        for (const RuleDisagreement& d : a.disagreeing) ids.push_back(d.itemId);
        out.push_back(
            {{"step", std::string(toString(a.step))},
             {"judged", a.judged},
             {"agree", a.agree()},
             {"rule_ok_human_bad", a.ruleOkHumanBad},
             {"rule_bad_human_ok", a.ruleBadHumanOk},
             {"kappa", std::isfinite(a.kappa.kappa) ? nlohmann::ordered_json(a.kappa.kappa)
                                                    : nlohmann::ordered_json()},
             {"disagreeing", ids}});
    }
    return out;
}

}  // namespace ts::store
