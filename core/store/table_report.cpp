#include "core/store/table_report.h"

#include <cmath>
#include <cstdio>

namespace ts::store {

stats::TableReport tableReport(const RunTables& t, const std::string& runName) {
    stats::TableReport r;
    r.run = runName;
    r.rule = std::string(toString(t.view.rule));
    r.retrieval = std::string(toString(t.mode));
    r.items = t.items;
    r.answerOk = t.answerOk;
    for (const StepTable* s : {&t.classStep, &t.retrieval, &t.trace})
        r.steps.push_back({std::string(toString(s->step)), s->statistics, s->excluded, s->excludedAnswerOk, {}});
    if (t.view.rule == VerdictRule::Human) {
        const std::string who = t.view.annotator.empty() ? "majority" : t.view.annotator;
        r.extra["annotator"] = who;
        r.headingNotes.push_back("overrides of " + (t.view.annotator.empty() ? "the annotators' majority" : who));
    }
    r.extra["missing_trace"] = std::string(toString(t.missingTrace));
    if (t.missingTrace == MissingTrace::Exclude) {
        r.extra["missing_trace_excluded"] = t.missingTraceExcluded;
        r.extra["missing_trace_excluded_answer_ok"] = t.missingTraceExcludedAnswerOk;
        r.headingNotes.push_back(std::to_string(t.missingTraceExcluded) +
                                 " items without a trace left out of the step tables");
    }
    return r;
}

nlohmann::ordered_json runTablesJson(const RunTables& t, const std::string& runName) {
    return stats::tableReportJson(tableReport(t, runName));
}

std::string formatRunTables(const RunTables& t, const std::string& runName, TableFormat format) {
    return stats::formatTableReport(tableReport(t, runName), format);
}

namespace {

std::string agreementSection(const std::vector<RuleHumanAgreement>& steps, TableFormat format) {
    const bool latex = format == TableFormat::Latex;
    std::string out = latex ? "% rule versus human (strict rule against the people who judged the step)\n"
                            : "\n**rule versus human** (strict rule against the people who judged the step)\n\n"
                              "| step | judged | agree | rule ok, human wrong | rule wrong, human ok | kappa |\n"
                              "|---|---:|---:|---:|---:|---:|\n";
    for (const RuleHumanAgreement& a : steps) {
        const std::string kappa = std::isnan(a.kappa.kappa) ? "n/a" : [&] {
            char b[32];
            std::snprintf(b, sizeof b, "%.3f", a.kappa.kappa);
            return std::string(b);
        }();
        const std::string step(toString(a.step));
        const std::string counts[] = {std::to_string(a.judged), std::to_string(a.agree()),
                                      std::to_string(a.ruleOkHumanBad), std::to_string(a.ruleBadHumanOk)};
        if (latex)
            out += "% " + step + ": judged " + counts[0] + ", agree " + counts[1] + ", rule ok/human wrong " +
                   counts[2] + ", rule wrong/human ok " + counts[3] + ", kappa " + kappa + "\n";
        else
            out += "| " + step + " | " + counts[0] + " | " + counts[1] + " | " + counts[2] + " | " + counts[3] +
                   " | " + kappa + " |\n";
    }
    return out;
}

}  // namespace

std::string formatTablesDocument(const TablesDocument& d, TableFormat format) {
    const bool human = !d.humanVsRule.empty();
    if (format == TableFormat::Json && human) {
        stats::TableReport report = d.report;
        report.extra["human_vs_rule"] = ruleVersusHumanJson(d.humanVsRule);
        return stats::formatTableReport(report, format);
    }
    std::string out = stats::formatTableReport(d.report, format);
    if (human && (format == TableFormat::Markdown || format == TableFormat::Latex))
        out += agreementSection(d.humanVsRule, format);
    return out;
}

}  // namespace ts::store
