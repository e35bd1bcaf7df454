#include "core/score/score_report.h"

#include <cstdio>

namespace ts {
namespace {

stats::StepTableReport stepReport(const char* step, const StepTable& t, long long excluded) {
    return {step, t.statistics, excluded, 0, {}};
}

}  // namespace

stats::TableReport runScoreReport(const RunScore& run, const std::string& name) {
    stats::TableReport r;
    r.run = name;
    r.rule = std::string(toString(run.config.rule));
    r.retrieval = std::string(toString(run.config.retrieval));
    r.items = run.items;
    r.answerOk = run.answerCorrect;
    const long long excluded = run.unevaluated + run.noTraceExcluded;
    const long long noRetrieval = excluded + run.retrievalNotApplicable;
    r.steps = {stepReport("class", run.classTable, excluded),
               stepReport("retrieval", run.retrievalTable, noRetrieval),
               stepReport("trace", run.traceTable, noRetrieval)};
    if (run.retrievalNotApplicable > 0) {
        r.extra["retrieval_not_applicable"] = run.retrievalNotApplicable;
        r.headingNotes.push_back(std::to_string(run.retrievalNotApplicable) +
                                 " \"No Answer Present.\" items: retrieval not applicable, left "
                                 "out of the retrieval and trace tables");
    }
    r.extra["missing_trace"] = std::string(toString(run.config.missingTrace));
    if (run.config.missingTrace == MissingTrace::Exclude) {
        r.extra["missing_trace_excluded"] = run.noTraceExcluded;
        r.headingNotes.push_back(std::to_string(run.noTraceExcluded) +
                                 " items without a trace left out of the step tables");
    }
    return r;
}

nlohmann::ordered_json runScoreToJson(const RunScore& run) {
    nlohmann::ordered_json j;
    j["rule"] = std::string(toString(run.config.rule));
    j["items"] = run.items;
    j["unevaluated"] = run.unevaluated;
    if (run.retrievalNotApplicable > 0) j["retrieval_not_applicable"] = run.retrievalNotApplicable;
    if (run.config.rule == ScoringRuleKind::Strict) j["no_trace"] = run.noTrace;
    j["missing_trace"] = std::string(toString(run.config.missingTrace));
    if (run.config.missingTrace == MissingTrace::Exclude)
        j["missing_trace_excluded"] = run.noTraceExcluded;
    j["answer_correct"] = run.answerCorrect;
    j["class_correct"] = run.classCorrect;
    j["retrieval_correct"] = run.retrievalCorrect;
    j["trace_correct"] = run.traceCorrect;
    // The tables as every other report writes them (core/stats/table_report.h).
    for (const auto& t : runScoreReport(run, "").steps)
        j["tables"][t.step] = stats::stepTableJson(t);
    j["answer_metrics"] = nlohmann::ordered_json::array();
    for (const PairScore& p : run.pairs) {
        nlohmann::ordered_json m;
        m["file"] = p.predictionsPath;
        m["n"] = p.answerMetrics.n;
        m["acc"] = p.answerMetrics.acc;
        m["f1"] = p.answerMetrics.f1;
        m["p"] = p.answerMetrics.p;
        m["r"] = p.answerMetrics.r;
        m["avg"] = p.answerMetrics.avg;
        j["answer_metrics"].push_back(std::move(m));
    }
    return j;
}

std::string formatRunScore(const RunScore& run) {
    std::string out = "rule " + std::string(toString(run.config.rule));
    if (run.config.rule == ScoringRuleKind::Strict)
        out += " (retrieval " + std::string(toString(run.config.retrieval)) + ")";
    out += ": " + std::to_string(run.items) + " items";
    if (run.config.rule == ScoringRuleKind::Legacy)
        out += ", " + std::to_string(run.unevaluated) + " unevaluated";
    if (run.retrievalNotApplicable > 0)
        out += ", " + std::to_string(run.retrievalNotApplicable) +
               " with retrieval not applicable (\"No Answer Present.\")";
    out += ", " + std::to_string(run.noTrace) + " without a parsable trace\n";
    out += "correct: answer " + std::to_string(run.answerCorrect) + ", class " +
           std::to_string(run.classCorrect) + ", retrieval " +
           std::to_string(run.retrievalCorrect) + ", trace " + std::to_string(run.traceCorrect) +
           "\n\n";
    out += stats::formatTableReport(runScoreReport(run, "(not stored)"),
                                    stats::TableFormat::Markdown) +
           "\n";
    out += "answer metrics (percent):\n";
    for (const PairScore& p : run.pairs) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "  n %-5lld acc %5.1f  f1 %5.1f  p %5.1f  r %5.1f  avg %5.1f  ",
                      p.answerMetrics.n, p.answerMetrics.acc, p.answerMetrics.f1, p.answerMetrics.p,
                      p.answerMetrics.r, p.answerMetrics.avg);
        out += buf + p.predictionsPath + "\n";
        if (p.unansweredItems > 0)
            out +=
                "    (" + std::to_string(p.unansweredItems) + " gold items have no prediction)\n";
    }
    return out;
}

}  // namespace ts
