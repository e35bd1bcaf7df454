#pragma once
// The three 2x2 tables of a run under a rule (class x answer, retrieval x
// answer, trace x answer) with their statistics from core/stats. The counts come
// from one GROUP BY over the run's verdicts; those of the stored rules are
// cached in the project (table_cache) until the run's verdicts change, the
// human rule's are counted afresh (annotations change them).
#include <optional>
#include <string>
#include <string_view>

#include "core/score/verdict.h"
#include "core/stats/contingency.h"
#include "core/store/item_query.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {


struct StepTable {
    TraceStep step = TraceStep::Trace;
    stats::TableStatistics statistics;  // statistics.counts holds the table
    // Items left out of this table: the step or the answer is Unevaluated
    // (the legacy rule's skipped items), and how many of them had a correct answer.
    long long excluded = 0;
    long long excludedAnswerOk = 0;
};

struct RunTables {
    long long runId = 0;
    VerdictView view;
    RetrievalMode mode = RetrievalMode::All;
    MissingTrace missingTrace = MissingTrace::Wrong;
    long long items = 0;     // items with a verdict under the rule
    long long answerOk = 0;  // over all of them, excluded items included
    // MissingTrace::Exclude: the items without a trace left out of every step
    // table (kept in items and answerOk), and how many of them answered right.
    long long missingTraceExcluded = 0;
    long long missingTraceExcludedAnswerOk = 0;
    // Items whose output has no trace (parse no-trace or malformed), whatever
    // the missing-trace choice: a run where every item has none (vanilla
    // training) has only an answer to report.
    long long missingTraces = 0;
    bool hasNoTraces() const { return items > 0 && missingTraces == items; }
    StepTable classStep;
    StepTable retrieval;
    StepTable trace;
    bool fromCache = false;

    const StepTable& table(TraceStep step) const;
};

// Throws ts::Error for an unknown run.
RunTables runTables(Project& project, long long runId, const VerdictView& view,
                    RetrievalMode mode = RetrievalMode::All, MissingTrace missing = MissingTrace::Wrong);
RunTables runTables(Project& project, const std::string& runName, const VerdictView& view,
                    RetrievalMode mode = RetrievalMode::All, MissingTrace missing = MissingTrace::Wrong);

}  // namespace ts::store
