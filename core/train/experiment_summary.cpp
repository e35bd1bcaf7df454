#include "core/train/experiment_summary.h"

#include <cmath>
#include <cstdio>

#include "core/store/run_lookup.h"
#include "core/store/run_tables.h"

namespace ts::train {

namespace {

void addInto(stats::TwoByTwo& to, const stats::TwoByTwo& t) {
    to.ok_ok += t.ok_ok;
    to.ok_bad += t.ok_bad;
    to.bad_ok += t.bad_ok;
    to.bad_bad += t.bad_bad;
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string proportionText(const stats::Proportion& p) {
    if (p.total == 0) return "   n/a";
    return fmt("%5.1f%%", 100.0 * p.estimate);
}

}  // namespace

ExperimentSummary summarizeExperiment(store::Project& project, const ExperimentSpec& spec) {
    ExperimentSummary out;
    for (const auto& d : spec.datasets) {
        for (auto condition : spec.conditions) {
            ConditionRow cond;
            cond.dataset = d.name;
            cond.condition = std::string(sftConditionName(condition));
            stats::TwoByTwo pooled;
            std::vector<double> accuracies;
            double traceSum = 0.0;
            for (auto seed : spec.seeds) {
                const std::string name = runName(spec, d, condition, seed);
                if (!store::findRunId(project.db(), name)) {
                    out.missingRuns.push_back(name);
                    continue;
                }
                const auto t = store::runTables(project, name, ScoringRuleKind::Strict, RetrievalMode::All);
                RunRow row;
                row.runName = name;
                row.dataset = d.name;
                row.condition = cond.condition;
                row.seed = seed;
                row.items = t.items;
                row.answerOk = t.answerOk;
                row.classOk = t.classStep.statistics.counts.stepOk();
                row.retrievalOk = t.retrieval.statistics.counts.stepOk();
                row.traceOk = t.trace.statistics.counts.stepOk();
                row.trace = t.trace.statistics;
                addInto(pooled, t.trace.statistics.counts);
                accuracies.push_back(row.answerAccuracy());
                traceSum += row.traceAccuracy();
                out.runs.push_back(std::move(row));
            }
            if (accuracies.empty()) continue;
            cond.runs = static_cast<int>(accuracies.size());
            double mean = 0.0;
            for (double a : accuracies) mean += a;
            mean /= static_cast<double>(accuracies.size());
            double var = 0.0;
            for (double a : accuracies) var += (a - mean) * (a - mean);
            cond.answerAccuracyMean = mean;
            cond.answerAccuracySd = accuracies.size() > 1 ? std::sqrt(var / static_cast<double>(accuracies.size() - 1)) : 0.0;
            cond.traceAccuracyMean = traceSum / static_cast<double>(accuracies.size());
            cond.pooledTrace = stats::analyze(pooled);
            out.conditions.push_back(std::move(cond));
        }
    }
    return out;
}

std::string formatSummary(const ExperimentSummary& s) {
    std::string out;
    out += "Answer accuracy per condition (strict rule; mean over seeds)\n";
    out += "  " + pad("dataset", 12) + pad("condition", 22) + "runs  answer acc   sd     trace ok\n";
    for (const auto& c : s.conditions) {
        out += "  " + pad(c.dataset, 12) + pad(c.condition, 22) + pad(std::to_string(c.runs), 6) +
               fmt("%6.1f%%", 100.0 * c.answerAccuracyMean) + fmt("  %5.1f", 100.0 * c.answerAccuracySd) +
               fmt("   %6.1f%%", 100.0 * c.traceAccuracyMean) + "\n";
    }
    out += "\nTrace x answer per run (rows: trace ok / bad; columns: answer ok / bad)\n";
    out += "  " + pad("run", 44) + "  ok/ok ok/bad bad/ok bad/bad   chi2     p        phi    P(ans|trace ok) P(ans|trace bad)\n";
    for (const auto& r : s.runs) {
        const auto& t = r.trace;
        char line[400];
        std::snprintf(line, sizeof line, "  %s %6lld %6lld %6lld %7lld %7.2f %9.3g %7.3f   %s          %s%s\n",
                      pad(r.runName, 44).c_str(), t.counts.ok_ok, t.counts.ok_bad, t.counts.bad_ok,
                      t.counts.bad_bad, t.chiSquare, t.chiSquareP, t.phi,
                      proportionText(t.answerOkGivenStepOk).c_str(),
                      proportionText(t.answerOkGivenStepBad).c_str(),
                      t.degenerate ? "  (degenerate table)" : (t.lowExpectedCount ? "  (expected count < 5)" : ""));
        out += line;
    }
    out += "\nPooled over seeds per condition\n";
    for (const auto& c : s.conditions) {
        const auto& t = c.pooledTrace;
        char line[400];
        std::snprintf(line, sizeof line,
                      "  %s %s  table [%lld %lld; %lld %lld]  chi2 %.2f (p %.3g, critical 3.841)  phi %.3f  "
                      "P(answer ok | trace ok) %s\n",
                      pad(c.dataset, 12).c_str(), pad(c.condition, 22).c_str(), t.counts.ok_ok, t.counts.ok_bad,
                      t.counts.bad_ok, t.counts.bad_bad, t.chiSquare, t.chiSquareP, t.phi,
                      proportionText(t.answerOkGivenStepOk).c_str());
        out += line;
    }
    if (!s.missingRuns.empty()) {
        out += "\nNot in the project yet:";
        for (const auto& m : s.missingRuns) out += " " + m;
        out += "\n";
    }
    return out;
}

}  // namespace ts::train
