#include "core/store/pooled_tables.h"

#include "core/store/table_report.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

StepTable& stepOf(RunTables& t, int i) {
    return i == 0 ? t.classStep : i == 1 ? t.retrieval : t.trace;
}

}  // namespace

PooledTables pooledTables(Project& project, const std::vector<std::string>& runNames,
                          const VerdictView& view, RetrievalMode mode, MissingTrace missing) {
    if (runNames.size() < 2) throw Error("pooling needs two or more runs");
    PooledTables p;
    p.runNames = runNames;
    RunTables& sum = p.pooled;
    sum.view = view;
    sum.mode = mode;
    sum.missingTrace = missing;
    sum.classStep.step = TraceStep::Class;
    sum.retrieval.step = TraceStep::Retrieval;
    sum.trace.step = TraceStep::Trace;
    std::array<std::vector<stats::TwoByTwo>, 3> strata;
    for (const std::string& name : runNames) {
        RunTables t = runTables(project, name, view, mode, missing);
        sum.items += t.items;
        sum.answerOk += t.answerOk;
        sum.missingTraceExcluded += t.missingTraceExcluded;
        sum.missingTraceExcludedAnswerOk += t.missingTraceExcludedAnswerOk;
        for (int i = 0; i < 3; ++i) {
            strata[i].push_back(stepOf(t, i).statistics.counts);
            stepOf(sum, i).excluded += stepOf(t, i).excluded;
            stepOf(sum, i).excludedAnswerOk += stepOf(t, i).excludedAnswerOk;
        }
        p.strata.push_back(std::move(t));
    }
    for (int i = 0; i < 3; ++i) {
        stepOf(sum, i).statistics = stats::analyze(stats::pooled(strata[i]));
        p.cmh[i] = stats::mantelHaenszel(strata[i]);
    }
    return p;
}

stats::TableReport pooledReport(const PooledTables& p) {
    std::string names;
    for (const std::string& n : p.runNames) names += (names.empty() ? "" : " + ") + n;
    stats::TableReport r = tableReport(p.pooled, names);
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (const std::string& n : p.runNames) runs.push_back(n);
    r.extra["pooled_runs"] = runs;
    r.headingNotes.push_back("pooled over " + std::to_string(p.runNames.size()) + " runs");
    for (int i = 0; i < 3; ++i)
        r.steps[static_cast<std::size_t>(i)].cmh = p.cmh[static_cast<std::size_t>(i)];
    return r;
}

}  // namespace ts::store
