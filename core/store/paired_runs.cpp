#include "core/store/paired_runs.h"

#include "core/store/effective_verdicts.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

AnnotationTarget outcomeStep(PairedOutcome o) {
    switch (o) {
        case PairedOutcome::Answer:
            return AnnotationTarget::Answer;
        case PairedOutcome::Class:
            return AnnotationTarget::Class;
        case PairedOutcome::Retrieval:
            return AnnotationTarget::Retrieval;
        case PairedOutcome::Trace:
            return AnnotationTarget::Trace;
    }
    return AnnotationTarget::Answer;
}

long long datasetOf(Database& db, long long runId) {
    Statement st = db.prepare("SELECT dataset_id FROM runs WHERE id = ?");
    st.bind(1, runId);
    st.step();
    return st.columnInt(0);
}

}  // namespace

PairedComparison comparePairedRuns(Project& project, const std::string& runA,
                                   const std::string& runB, const VerdictView& view,
                                   PairedOutcome outcome, RetrievalMode mode) {
    Database& db = project.db();
    const long long a = requireRunId(db, runA);
    const long long b = requireRunId(db, runB);
    if (datasetOf(db, a) != datasetOf(db, b))
        throw Error("runs '" + runA + "' and '" + runB +
                        "' are on different datasets; a paired comparison needs the same items",
                    ErrorLocation(db.path()));
    prepareEffectiveVerdicts(db, a, view);
    prepareEffectiveVerdicts(db, b, view);
    const VerdictSql sqlA = verdictSql(view.rule, "va"), sqlB = verdictSql(view.rule, "vb");
    const AnnotationTarget step = outcomeStep(outcome);
    Statement st = db.prepare("SELECT va.item_id, i.item_key, " + sqlA.column(step) + ", " + sqlB.column(step) +
                              " FROM verdicts va"
                              " JOIN verdicts vb ON vb.run_id = ? AND vb.rule = va.rule"
                              "   AND vb.item_id = va.item_id" +
                              sqlA.join + sqlB.join +
                              " JOIN items i ON i.id = va.item_id"
                              " WHERE va.run_id = ? AND va.rule = ? ORDER BY va.item_id");
    st.bind(1, b).bind(2, a).bind(3, sqlA.storedRuleCode);
    PairedComparison r;
    auto ok = [&](StepVerdict v) {
        return outcome == PairedOutcome::Answer ? answerCountsAsCorrect(v)
                                                : countsAsCorrect(v, mode);
    };
    while (st.step()) {
        ++r.pairs;
        const StepVerdict va = decodeStepVerdict(st.columnInt(2));
        const StepVerdict vb = decodeStepVerdict(st.columnInt(3));
        if (va == StepVerdict::Unevaluated || vb == StepVerdict::Unevaluated) {
            ++r.excluded;
            continue;
        }
        const bool okA = ok(va), okB = ok(vb);
        if (okA && okB)
            ++r.bothOk;
        else if (!okA && !okB)
            ++r.bothBad;
        else {
            (okA ? r.onlyA : r.onlyB) += 1;
            r.flipped.push_back(FlippedItem{st.columnInt(0), st.columnText(1), okA});
        }
    }
    r.mcnemar = stats::mcnemar(r.onlyA, r.onlyB);
    return r;
}

}  // namespace ts::store
