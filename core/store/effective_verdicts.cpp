#include "core/store/effective_verdicts.h"

#include <array>
#include <map>

#include "core/store/verdict_codec.h"

namespace ts::store {

namespace {

constexpr std::array<AnnotationTarget, 4> kSteps = {
    AnnotationTarget::Class, AnnotationTarget::Retrieval, AnnotationTarget::Trace,
    AnnotationTarget::Answer};

std::optional<StepVerdict>& slot(StepOverrides& o, AnnotationTarget step) {
    switch (step) {
        case AnnotationTarget::Class:
            return o.classStep;
        case AnnotationTarget::Retrieval:
            return o.retrievalStep;
        case AnnotationTarget::Answer:
            return o.answer;
        default:
            return o.trace;
    }
}

// The verdict most votes name, if one has strictly more than every other.
std::optional<StepVerdict> majority(const std::vector<StepVerdict>& votes) {
    std::map<StepVerdict, int> counts;
    for (StepVerdict v : votes) ++counts[v];
    std::optional<StepVerdict> best;
    int bestCount = 0;
    bool tie = false;
    for (const auto& [verdict, n] : counts) {
        if (n > bestCount) {
            best = verdict;
            bestCount = n;
            tie = false;
        } else if (n == bestCount) {
            tie = true;
        }
    }
    return tie ? std::nullopt : best;
}

constexpr const char* kCreateTable =
    "CREATE TEMP TABLE IF NOT EXISTS human_verdicts("
    " run_id INTEGER NOT NULL, item_id INTEGER NOT NULL,"
    " class_verdict INTEGER NOT NULL, retrieval_verdict INTEGER NOT NULL,"
    " trace_verdict INTEGER NOT NULL, answer_verdict INTEGER NOT NULL, human_steps INTEGER NOT "
    "NULL,"
    " PRIMARY KEY(run_id, item_id)) WITHOUT ROWID";

// Which steps a person decided: overridden ones, and a trace recomputed from them.
int humanSteps(const StepOverrides& o) {
    int mask = 0;
    if (o.classStep) mask |= kHumanClass;
    if (o.retrievalStep) mask |= kHumanRetrieval;
    if (o.trace || o.classStep || o.retrievalStep) mask |= kHumanTrace;
    if (o.answer) mask |= kHumanAnswer;
    return mask;
}

// The run's override votes, per item row id.
std::map<long long, std::vector<OverrideVote>> votesOfRun(Database& db, long long runId) {
    Statement st = db.prepare(
        "SELECT item_id, step, annotator, verdict_override FROM annotations"
        " WHERE run_id = ? AND verdict_override IS NOT NULL AND step <> 'item'");
    st.bind(1, runId);
    std::map<long long, std::vector<OverrideVote>> out;
    while (st.step()) {
        const auto target = parseAnnotationTarget(st.columnText(1));
        if (!target) continue;  // the schema allows only the five names
        out[st.columnInt(0)].push_back(
            {*target, st.columnText(2), decodeStepVerdict(st.columnInt(3))});
    }
    return out;
}

void writeHumanRows(Database& db, long long runId, const std::string& annotator) {
    Statement clear = db.prepare("DELETE FROM temp.human_verdicts WHERE run_id = ?");
    clear.bind(1, runId).run();
    Statement strict = db.prepare(
        "SELECT class_verdict, retrieval_verdict, trace_verdict, answer_verdict FROM verdicts"
        " WHERE run_id = ? AND rule = ? AND item_id = ?");
    strict.bind(2, encode(ScoringRuleKind::Strict));
    Statement insert = db.prepare("INSERT INTO temp.human_verdicts VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& [itemId, votes] : votesOfRun(db, runId)) {
        const StepOverrides overrides = decideOverrides(votes, annotator);
        if (!overrides.any()) continue;
        strict.reset();
        strict.bind(1, runId).bind(2, encode(ScoringRuleKind::Strict)).bind(3, itemId);
        if (!strict.step()) continue;  // no strict verdict to lay the overrides over
        const StepVerdicts base{
            decodeStepVerdict(strict.columnInt(0)), decodeStepVerdict(strict.columnInt(1)),
            decodeStepVerdict(strict.columnInt(2)), decodeStepVerdict(strict.columnInt(3))};
        const StepVerdicts v = applyOverrides(base, overrides);
        insert.reset();
        insert.bind(1, runId)
            .bind(2, itemId)
            .bind(3, encode(v.classStep))
            .bind(4, encode(v.retrievalStep))
            .bind(5, encode(v.trace))
            .bind(6, encode(v.answer))
            .bind(7, humanSteps(overrides))
            .run();
    }
}

}  // namespace

const std::optional<StepVerdict>& StepOverrides::of(AnnotationTarget step) const {
    switch (step) {
        case AnnotationTarget::Class:
            return classStep;
        case AnnotationTarget::Retrieval:
            return retrievalStep;
        case AnnotationTarget::Answer:
            return answer;
        default:
            return trace;
    }
}

StepOverrides decideOverrides(const std::vector<OverrideVote>& votes,
                              const std::string& annotator) {
    StepOverrides out;
    for (AnnotationTarget step : kSteps) {
        std::vector<StepVerdict> counted;
        for (const OverrideVote& v : votes)
            if (v.target == step && (annotator.empty() || v.annotator == annotator))
                counted.push_back(v.verdict);
        if (!counted.empty()) slot(out, step) = majority(counted);
    }
    return out;
}

std::vector<OverrideVote> overrideVotes(const std::vector<Annotation>& annotations) {
    std::vector<OverrideVote> out;
    for (const Annotation& a : annotations)
        if (a.verdictOverride && a.target != AnnotationTarget::Item)
            out.push_back({a.target, a.annotator, *a.verdictOverride});
    return out;
}

StepVerdicts applyOverrides(const StepVerdicts& strict, const StepOverrides& o) {
    StepVerdicts v = strict;
    v.classStep = o.classStep.value_or(strict.classStep);
    v.retrievalStep = o.retrievalStep.value_or(strict.retrievalStep);
    v.answer = o.answer.value_or(strict.answer);
    if (o.trace)
        v.trace = *o.trace;
    else if (o.classStep || o.retrievalStep)
        v.trace = traceFromSteps(v.classStep, v.retrievalStep);
    return v;
}

void prepareEffectiveVerdicts(Database& db, long long runId, const VerdictView& view) {
    if (view.rule != VerdictRule::Human) return;
    db.exec(kCreateTable);
    // One transaction for the rows (temporary tables lock nothing in the
    // project file); a savepoint nests inside a caller's transaction.
    db.exec("SAVEPOINT human_verdicts");
    try {
        writeHumanRows(db, runId, view.annotator);
        db.exec("RELEASE human_verdicts");
    } catch (...) {
        db.exec("ROLLBACK TO human_verdicts");
        db.exec("RELEASE human_verdicts");
        throw;
    }
}

const std::string& VerdictSql::column(AnnotationTarget step) const {
    switch (step) {
        case AnnotationTarget::Class:
            return classStep;
        case AnnotationTarget::Retrieval:
            return retrieval;
        case AnnotationTarget::Answer:
            return answer;
        default:
            return trace;
    }
}

VerdictSql verdictSql(VerdictRule rule, const std::string& alias) {
    VerdictSql s;
    s.storedRuleCode = encode(storedRule(rule));
    const std::string a = alias + ".";
    if (rule != VerdictRule::Human) {
        s.classStep = a + "class_verdict";
        s.retrieval = a + "retrieval_verdict";
        s.trace = a + "trace_verdict";
        s.answer = a + "answer_verdict";
        s.humanSteps = "0";
        return s;
    }
    const std::string h = "hv_" + alias;
    s.join = " LEFT JOIN temp.human_verdicts " + h + " ON " + h + ".run_id = " + a + "run_id AND " +
             h + ".item_id = " + a + "item_id";
    auto col = [&](const char* name) {
        return "COALESCE(" + h + "." + name + ", " + a + name + ")";
    };
    s.classStep = col("class_verdict");
    s.retrieval = col("retrieval_verdict");
    s.trace = col("trace_verdict");
    s.answer = col("answer_verdict");
    s.humanSteps = "COALESCE(" + h + ".human_steps, 0)";
    return s;
}

}  // namespace ts::store
