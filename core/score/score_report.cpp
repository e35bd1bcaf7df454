#include "core/score/score_report.h"

#include <cmath>
#include <cstdio>

namespace ts {
namespace {

nlohmann::ordered_json tableJson(const StepTable& t) {
    const stats::TableStatistics& s = t.statistics;
    nlohmann::ordered_json j;
    j["ok_ok"] = t.counts.ok_ok;
    j["ok_bad"] = t.counts.ok_bad;
    j["bad_ok"] = t.counts.bad_ok;
    j["bad_bad"] = t.counts.bad_bad;
    j["chi2"] = s.chiSquare;
    j["p"] = s.chiSquareP;
    j["chi2_yates"] = s.chiSquareYates;
    j["p_yates"] = s.chiSquareYatesP;
    j["fisher_p"] = s.fisherP;
    j["phi"] = s.phi;
    j["odds_ratio"] = s.oddsRatio;
    j["or_ci95"] = {s.oddsRatioLow, s.oddsRatioHigh};
    j["p_answer_given_ok"] = s.answerOkGivenStepOk.estimate;
    j["p_answer_given_bad"] = s.answerOkGivenStepBad.estimate;
    return j;
}

std::string fmt(const char* format, double v) {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string tableText(const char* name, const StepTable& t) {
    const stats::TableStatistics& s = t.statistics;
    std::string out = std::string(name) + " x answer:\n";
    char buf[256];
    std::snprintf(buf, sizeof buf, "  %-12s %10s %12s\n", "", "answer ok", "answer wrong");
    out += buf;
    std::snprintf(buf, sizeof buf, "  %-12s %10lld %12lld\n", "step ok", t.counts.ok_ok,
                  t.counts.ok_bad);
    out += buf;
    std::snprintf(buf, sizeof buf, "  %-12s %10lld %12lld\n", "step wrong", t.counts.bad_ok,
                  t.counts.bad_bad);
    out += buf;
    out += "  chi2 " + fmt("%.3f", s.chiSquare) + " (p " + fmt("%.3g", s.chiSquareP) + "), Yates " +
           fmt("%.3f", s.chiSquareYates) + " (p " + fmt("%.3g", s.chiSquareYatesP) +
           "), Fisher p " + fmt("%.3g", s.fisherP) + ", phi " + fmt("%.3f", s.phi) + "\n";
    out += "  odds ratio " + fmt("%.3f", s.oddsRatio) + " [" + fmt("%.3f", s.oddsRatioLow) + ", " +
           fmt("%.3f", s.oddsRatioHigh) + "], P(answer ok | step ok) " +
           fmt("%.3f", s.answerOkGivenStepOk.estimate) + ", P(answer ok | step wrong) " +
           fmt("%.3f", s.answerOkGivenStepBad.estimate) + "\n";
    if (s.lowExpectedCount) out += "  (an expected count is below 5: read Fisher's p)\n";
    return out;
}

}  // namespace

nlohmann::ordered_json runScoreToJson(const RunScore& run) {
    nlohmann::ordered_json j;
    j["rule"] = std::string(toString(run.config.rule));
    j["items"] = run.items;
    j["unevaluated"] = run.unevaluated;
    if (run.config.rule == ScoringRuleKind::Strict) j["no_trace"] = run.noTrace;
    j["answer_correct"] = run.answerCorrect;
    j["class_correct"] = run.classCorrect;
    j["retrieval_correct"] = run.retrievalCorrect;
    j["trace_correct"] = run.traceCorrect;
    j["tables"]["trace"] = tableJson(run.traceTable);
    j["tables"]["class"] = tableJson(run.classTable);
    j["tables"]["retrieval"] = tableJson(run.retrievalTable);
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
    out += ", " + std::to_string(run.noTrace) + " without a parsable trace\n";
    out += "correct: answer " + std::to_string(run.answerCorrect) + ", class " +
           std::to_string(run.classCorrect) + ", retrieval " +
           std::to_string(run.retrievalCorrect) + ", trace " + std::to_string(run.traceCorrect) +
           "\n\n";
    out += tableText("trace", run.traceTable) + "\n";
    out += tableText("class", run.classTable) + "\n";
    out += tableText("retrieval", run.retrievalTable) + "\n";
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
