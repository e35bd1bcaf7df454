#include "core/store/run_tables.h"

#include <array>
#include <cmath>

#include "core/store/effective_verdicts.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

const StepTable& RunTables::table(TraceStep step) const {
    switch (step) {
        case TraceStep::Class:
            return classStep;
        case TraceStep::Retrieval:
            return retrieval;
        case TraceStep::Trace:
            return trace;
    }
    return trace;
}

namespace {

struct Tally {
    stats::TwoByTwo counts;
    long long excluded = 0;
    long long excludedAnswerOk = 0;
};

void add(Tally& t, StepVerdict step, StepVerdict answer, RetrievalMode mode, long long n) {
    const bool answerOk = answerCountsAsCorrect(answer);
    if (step == StepVerdict::Unevaluated || answer == StepVerdict::Unevaluated) {
        t.excluded += n;
        if (answerOk) t.excludedAnswerOk += n;
        return;
    }
    const bool stepOk = countsAsCorrect(step, mode);
    (stepOk ? (answerOk ? t.counts.ok_ok : t.counts.ok_bad)
            : (answerOk ? t.counts.bad_ok : t.counts.bad_bad)) += n;
}

std::array<Tally, 3> countFromVerdicts(Database& db, RunTables& t) {
    // At most 4^4 x 2 groups: the tally per step happens here, not in SQL, so
    // the scan is one pass over the (run, rule) range of the narrow verdicts
    // table (and, for the human rule, one lookup in the prepared overrides).
    prepareEffectiveVerdicts(db, t.runId, t.view);
    const VerdictSql sql = verdictSql(t.view.rule);
    Statement st = db.prepare("SELECT " + sql.classStep + ", " + sql.retrieval + ", " + sql.trace + ", " +
                              sql.answer + ", v.parse_status IN (?, ?), COUNT(*) FROM verdicts v" + sql.join +
                              " WHERE v.run_id = ? AND v.rule = ? GROUP BY 1, 2, 3, 4, 5");
    st.bind(1, encode(ParseStatus::NoTrace))
        .bind(2, encode(ParseStatus::Malformed))
        .bind(3, t.runId)
        .bind(4, sql.storedRuleCode);
    std::array<Tally, 3> tallies;
    t.items = t.answerOk = 0;
    const bool exclude = t.missingTrace == MissingTrace::Exclude;
    while (st.step()) {
        const StepVerdict answer = decodeStepVerdict(st.columnInt(3));
        const bool noTrace = st.columnInt(4) != 0;
        const long long n = st.columnInt(5);
        t.items += n;
        if (answerCountsAsCorrect(answer)) t.answerOk += n;
        if (exclude && noTrace) {
            t.missingTraceExcluded += n;
            if (answerCountsAsCorrect(answer)) t.missingTraceExcludedAnswerOk += n;
            continue;
        }
        for (int s = 0; s < 3; ++s) add(tallies[s], decodeStepVerdict(st.columnInt(s)), answer, t.mode, n);
    }
    return tallies;
}

long long countMissingTraces(Database& db, long long runId, ScoringRuleKind rule) {
    Statement st = db.prepare(
        "SELECT COUNT(*) FROM verdicts WHERE run_id = ? AND rule = ? AND parse_status IN (?, ?)");
    st.bind(1, runId).bind(2, encode(rule)).bind(3, encode(ParseStatus::NoTrace)).bind(4, encode(ParseStatus::Malformed));
    st.step();
    return st.columnInt(0);
}

// Only the stored rules' default tables are cached: the human rule changes
// with every annotation, and the missing-trace variant is a what-if.
bool cacheable(const RunTables& t) {
    return t.view.rule != VerdictRule::Human && t.missingTrace == MissingTrace::Wrong;
}

void storeInCache(Database& db, const RunTables& t) {
    Transaction tx(db);
    Statement st = db.prepare(
        "INSERT OR REPLACE INTO table_cache(run_id, rule, retrieval_mode, step, ok_ok, ok_bad,"
        " bad_ok, bad_bad, excluded, excluded_answer_ok, chi_square, chi_square_p,"
        " chi_square_yates_p, fisher_p, phi, odds_ratio, computed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string now = utcTimestamp();
    for (const StepTable* s : {&t.classStep, &t.retrieval, &t.trace}) {
        const stats::TableStatistics& x = s->statistics;
        // NaN is stored as NULL (SQLite has no NaN).
        auto real = [](double v) { return std::isnan(v) ? std::optional<double>() : v; };
        st.reset();
        st.bind(1, t.runId)
            .bind(2, encode(storedRule(t.view.rule)))
            .bind(3, encode(t.mode))
            .bind(4, static_cast<int>(s->step))
            .bind(5, x.counts.ok_ok)
            .bind(6, x.counts.ok_bad)
            .bind(7, x.counts.bad_ok)
            .bind(8, x.counts.bad_bad)
            .bind(9, s->excluded)
            .bind(10, s->excludedAnswerOk)
            .bind(11, real(x.chiSquare))
            .bind(12, real(x.chiSquareP))
            .bind(13, real(x.chiSquareYatesP))
            .bind(14, real(x.fisherP))
            .bind(15, real(x.phi))
            .bind(16, real(x.oddsRatio))
            .bind(17, now)
            .run();
    }
    tx.commit();
}

bool loadFromCache(Database& db, RunTables& t) {
    Statement st = db.prepare(
        "SELECT step, ok_ok, ok_bad, bad_ok, bad_bad, excluded, excluded_answer_ok FROM table_cache"
        " WHERE run_id = ? AND rule = ? AND retrieval_mode = ? ORDER BY step");
    st.bind(1, t.runId).bind(2, encode(storedRule(t.view.rule))).bind(3, encode(t.mode));
    int found = 0;
    while (st.step()) {
        const long long step = st.columnInt(0);
        if (step < 0 || step > 2) throw Error("corrupt table cache", ErrorLocation(db.path()));
        StepTable& s = step == 0 ? t.classStep : step == 1 ? t.retrieval : t.trace;
        // The statistics are recomputed from the counts: microseconds, and
        // always those of this build's core/stats.
        s.statistics = stats::analyze(
            stats::TwoByTwo{st.columnInt(1), st.columnInt(2), st.columnInt(3), st.columnInt(4)});
        s.excluded = st.columnInt(5);
        s.excludedAnswerOk = st.columnInt(6);
        ++found;
    }
    if (found != 3) return false;
    // Every step table partitions the same items, so totals come from any of them.
    const StepTable& any = t.classStep;
    t.items = any.statistics.n + any.excluded;
    t.answerOk = any.statistics.counts.answerOk() + any.excludedAnswerOk;
    t.fromCache = true;
    return true;
}

}  // namespace

RunTables runTables(Project& project, long long runId, const VerdictView& view, RetrievalMode mode,
                    MissingTrace missing) {
    Database& db = project.db();
    requireRunExists(db, runId);
    RunTables t;
    t.runId = runId;
    t.view = view;
    t.mode = mode;
    t.missingTrace = missing;
    t.classStep.step = TraceStep::Class;
    t.retrieval.step = TraceStep::Retrieval;
    t.trace.step = TraceStep::Trace;
    t.missingTraces = countMissingTraces(db, runId, storedRule(view.rule));
    if (cacheable(t) && loadFromCache(db, t)) return t;

    const auto tallies = countFromVerdicts(db, t);
    StepTable* steps[3] = {&t.classStep, &t.retrieval, &t.trace};
    for (int s = 0; s < 3; ++s) {
        steps[s]->statistics = stats::analyze(tallies[s].counts);
        steps[s]->excluded = tallies[s].excluded;
        steps[s]->excludedAnswerOk = tallies[s].excludedAnswerOk;
    }
    // A run without verdicts under this rule caches nothing: verdicts may
    // still arrive, and an empty table costs nothing to recompute.
    if (cacheable(t) && t.items > 0 && !db.inTransaction()) storeInCache(db, t);
    return t;
}

RunTables runTables(Project& project, const std::string& runName, const VerdictView& view, RetrievalMode mode,
                    MissingTrace missing) {
    return runTables(project, requireRunId(project.db(), runName), view, mode, missing);
}

}  // namespace ts::store
