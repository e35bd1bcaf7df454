#include "core/stats/table_report.h"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace ts::stats {

std::optional<TableFormat> parseTableFormat(std::string_view name) {
    if (name == "json") return TableFormat::Json;
    if (name == "csv") return TableFormat::Csv;
    if (name == "markdown") return TableFormat::Markdown;
    if (name == "latex") return TableFormat::Latex;
    return std::nullopt;
}

std::string formatPValue(double p, double logP) {
    char buffer[64];
    if (std::isnan(p)) return "n/a";
    if (p == 0.0 && std::isfinite(logP)) {
        const double log10p = logP / std::numbers::ln10;
        const double exponent = std::floor(log10p);
        std::snprintf(buffer, sizeof buffer, "%.2ge%.0f", std::pow(10.0, log10p - exponent), exponent);
        return buffer;
    }
    std::snprintf(buffer, sizeof buffer, "%.3g", p);
    return buffer;
}

namespace {


std::string fmt(const char* format, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

nlohmann::ordered_json number(double v) {
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}
std::string csvNumber(double v) { return std::isfinite(v) ? fmt("%.17g", v) : std::string(); }
std::string rounded(double v) {
    if (std::isnan(v)) return "n/a";
    // 3 significant digits, but no exponent for values people read as whole numbers.
    if (std::fabs(v) >= 1e3 && std::fabs(v) < 1e7) return fmt("%.0f", v);
    return fmt("%.3g", v);
}

std::string percent(const Proportion& p, bool latex) {
    if (std::isnan(p.estimate)) return "n/a";
    const char* pc = latex ? "\\%" : "%";
    return fmt("%.1f", 100 * p.estimate) + pc + " [" + fmt("%.1f", 100 * p.low) + ", " +
           fmt("%.1f", 100 * p.high) + "]";
}

std::string oddsRatio(const TableStatistics& s) {
    if (std::isnan(s.oddsRatio)) return "n/a";
    return rounded(s.oddsRatio) + " [" + rounded(s.oddsRatioLow) + ", " + rounded(s.oddsRatioHigh) + "]" +
           (s.oddsRatioCorrected ? " (b)" : "");
}

nlohmann::ordered_json proportionJson(const Proportion& p) {
    return {{"successes", p.successes}, {"total", p.total}, {"estimate", number(p.estimate)},
            {"low", number(p.low)}, {"high", number(p.high)}};
}

std::string heading(const TableReport& t) {
    std::string h = "run " + t.run + ", rule " + t.rule + " (retrieval " + t.retrieval +
                    "): " + std::to_string(t.items) + " items, answer correct " + std::to_string(t.answerOk);
    if (t.items > 0) h += " (" + fmt("%.1f", 100.0 * double(t.answerOk) / double(t.items)) + "%)";
    for (const std::string& note : t.headingNotes) h += "; " + note;
    return h;
}

// Sentences under a pooled table: the CMH test and the common odds ratio per step.
std::vector<std::string> cmhLines(const TableReport& t) {
    std::vector<std::string> out;
    for (const StepTableReport& st : t.steps) {
        if (!st.cmh) continue;
        const MantelHaenszel& m = *st.cmh;
        out.push_back(st.step + ": Cochran-Mantel-Haenszel chi2 " +
                      (std::isnan(m.chiSquare) ? std::string("n/a") : fmt("%.2f", m.chiSquare)) + " (p " +
                      formatPValue(m.chiSquareP, std::nan("")) + ", " + std::to_string(m.strata) +
                      " strata), Mantel-Haenszel common odds ratio " + rounded(m.commonOddsRatio) + " [" +
                      rounded(m.oddsRatioLow) + ", " + rounded(m.oddsRatioHigh) + "]");
    }
    return out;
}

std::string csvReport(const TableReport& t) {
    std::string out =
        "run,rule,retrieval,step,ok_ok,ok_bad,bad_ok,bad_bad,n,excluded,chi_square,chi_square_p,"
        "chi_square_yates,chi_square_yates_p,fisher_p,phi,odds_ratio,odds_ratio_low,odds_ratio_high,"
        "odds_ratio_corrected,answer_ok_given_step_ok,answer_ok_given_step_ok_low,"
        "answer_ok_given_step_ok_high,answer_ok_given_step_bad,answer_ok_given_step_bad_low,"
        "answer_ok_given_step_bad_high,step_ok_given_answer_ok,step_ok_given_answer_ok_low,"
        "step_ok_given_answer_ok_high,both_ok_share,both_ok_share_low,both_ok_share_high,min_expected,"
        "low_expected_count\n";
    // Run names are free text: quote them as RFC 4180 asks.
    std::string quotedRun = "\"";
    for (char c : t.run) quotedRun += c == '"' ? std::string("\"\"") : std::string(1, c);
    quotedRun += '"';
    for (const StepTableReport& st : t.steps) {
        const TableStatistics& s = st.statistics;
        const auto& c = s.counts;
        std::string row = quotedRun + "," + t.rule + "," + t.retrieval + "," + st.step;
        for (long long v : {c.ok_ok, c.ok_bad, c.bad_ok, c.bad_bad, s.n, st.excluded}) row += "," + std::to_string(v);
        for (double v : {s.chiSquare, s.chiSquareP, s.chiSquareYates, s.chiSquareYatesP, s.fisherP, s.phi,
                         s.oddsRatio, s.oddsRatioLow, s.oddsRatioHigh})
            row += "," + csvNumber(v);
        row += s.oddsRatioCorrected ? ",1" : ",0";
        for (double v : {s.answerOkGivenStepOk.estimate, s.answerOkGivenStepOk.low, s.answerOkGivenStepOk.high,
                         s.answerOkGivenStepBad.estimate, s.answerOkGivenStepBad.low,
                         s.answerOkGivenStepBad.high, s.stepOkGivenAnswerOk.estimate, s.stepOkGivenAnswerOk.low,
                         s.stepOkGivenAnswerOk.high, s.bothOkShare.estimate, s.bothOkShare.low, s.bothOkShare.high,
                         s.minExpected})
            row += "," + csvNumber(v);
        row += s.lowExpectedCount ? ",1\n" : ",0\n";
        out += row;
    }
    return out;
}

// The columns of the Markdown and LaTeX tables, one vector per step.
std::vector<std::string> humanRow(const StepTableReport& st, bool latex) {
    const TableStatistics& s = st.statistics;
    const auto& c = s.counts;
    std::string fisher = formatPValue(s.fisherP, s.fisherLogP);
    if (s.lowExpectedCount && s.n > 0) fisher += " (a)";
    return {st.step,
            std::to_string(c.ok_ok),
            std::to_string(c.ok_bad),
            std::to_string(c.bad_ok),
            std::to_string(c.bad_bad),
            std::to_string(st.excluded),
            std::isnan(s.chiSquare) ? "n/a" : fmt("%.2f", s.chiSquare),
            formatPValue(s.chiSquareP, s.chiSquareLogP),
            formatPValue(s.chiSquareYatesP, std::nan("")),
            fisher,
            std::isnan(s.phi) ? "n/a" : fmt("%.3f", s.phi),
            oddsRatio(s),
            percent(s.answerOkGivenStepOk, latex),
            percent(s.answerOkGivenStepBad, latex),
            percent(s.stepOkGivenAnswerOk, latex),
            percent(s.bothOkShare, latex)};
}

constexpr const char* kFootnoteA = "(a) an expected count is below 5: read Fisher's exact p.";
constexpr const char* kFootnoteB = "(b) a cell is 0: odds ratio with 0.5 added to every cell (Haldane-Anscombe).";

std::string markdownReport(const TableReport& t) {
    std::string out = "**" + heading(t) + "**\n\n";
    out += "| step | step ok, answer ok | step ok, answer wrong | step wrong, answer ok | "
           "step wrong, answer wrong | excluded | chi2 | p | p (Yates) | Fisher p | phi | "
           "odds ratio [95% CI] | P(answer ok \\| step ok) [95% CI] | P(answer ok \\| step wrong) [95% CI] | "
           "P(step ok \\| answer ok) [95% CI] | P(step ok and answer ok) [95% CI] |\n";
    out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    bool a = false, b = false;
    for (const StepTableReport& st : t.steps) {
        a = a || (st.statistics.lowExpectedCount && st.statistics.n > 0);
        b = b || st.statistics.oddsRatioCorrected;
        out += "|";
        for (const std::string& cell : humanRow(st, false)) out += " " + cell + " |";
        out += "\n";
    }
    if (a) out += std::string("\n") + kFootnoteA + "\n";
    if (b) out += std::string(a ? "" : "\n") + kFootnoteB + "\n";
    const auto cmh = cmhLines(t);
    if (!cmh.empty()) out += "\n";
    for (const std::string& line : cmh) out += "- " + line + "\n";
    return out;
}

std::string latexEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\textbackslash{}"; break;
            case '&': case '%': case '$': case '#': case '_': case '{': case '}':
                out += '\\';
                out += c;
                break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            default: out += c;
        }
    }
    return out;
}

std::string latexReport(const TableReport& t) {
    std::string out = "% " + heading(t) + "\n% needs \\usepackage{booktabs}\n";
    out += "\\begin{tabular}{lrrrrrrrrrrlllll}\n\\toprule\n";
    out += "step & ok/ok & ok/wrong & wrong/ok & wrong/wrong & excl. & $\\chi^2$ & $p$ & $p$ (Yates) & "
           "Fisher $p$ & $\\phi$ & OR [95\\% CI] & $P(\\mathrm{ans\\ ok} \\mid \\mathrm{step\\ ok})$ & "
           "$P(\\mathrm{ans\\ ok} \\mid \\mathrm{step\\ wrong})$ & "
           "$P(\\mathrm{step\\ ok} \\mid \\mathrm{ans\\ ok})$ & "
           "$P(\\mathrm{step\\ ok} \\wedge \\mathrm{ans\\ ok})$ \\\\\n\\midrule\n";
    bool a = false, b = false;
    for (const StepTableReport& st : t.steps) {
        a = a || (st.statistics.lowExpectedCount && st.statistics.n > 0);
        b = b || st.statistics.oddsRatioCorrected;
        const auto cells = humanRow(st, true);
        for (std::size_t k = 0; k < cells.size(); ++k) out += (k ? " & " : "") + (k >= 12 ? cells[k] : latexEscape(cells[k]));
        out += " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n";
    if (a) out += std::string("% ") + kFootnoteA + "\n";
    if (b) out += std::string("% ") + kFootnoteB + "\n";
    for (const std::string& line : cmhLines(t)) out += "% " + line + "\n";
    return out;
}

nlohmann::ordered_json cmhJson(const MantelHaenszel& m) {
    return {{"strata", m.strata},
            {"strata_dropped", m.strataDropped},
            {"observed", number(m.observed)},
            {"expected", number(m.expected)},
            {"variance", number(m.variance)},
            {"chi_square", number(m.chiSquare)},
            {"chi_square_p", number(m.chiSquareP)},
            {"chi_square_uncorrected", number(m.chiSquareUncorrected)},
            {"chi_square_uncorrected_p", number(m.chiSquareUncorrectedP)},
            {"common_odds_ratio", number(m.commonOddsRatio)},
            {"common_odds_ratio_low", number(m.oddsRatioLow)},
            {"common_odds_ratio_high", number(m.oddsRatioHigh)}};
}

}  // namespace

nlohmann::ordered_json stepTableJson(const StepTableReport& st) {
    const TableStatistics& s = st.statistics;
    nlohmann::ordered_json j = {
        {"step", st.step},
        {"ok_ok", s.counts.ok_ok}, {"ok_bad", s.counts.ok_bad},
        {"bad_ok", s.counts.bad_ok}, {"bad_bad", s.counts.bad_bad},
        {"n", s.n}, {"excluded", st.excluded}, {"excluded_answer_ok", st.excludedAnswerOk},
        {"expected", {{number(s.expected[0][0]), number(s.expected[0][1])},
                      {number(s.expected[1][0]), number(s.expected[1][1])}}},
        {"min_expected", number(s.minExpected)}, {"low_expected_count", s.lowExpectedCount},
        {"degenerate", s.degenerate},
        {"chi_square", number(s.chiSquare)}, {"chi_square_p", number(s.chiSquareP)},
        {"chi_square_log10_p", number(s.chiSquareLogP / std::numbers::ln10)},
        {"chi_square_yates", number(s.chiSquareYates)}, {"chi_square_yates_p", number(s.chiSquareYatesP)},
        {"fisher_p", number(s.fisherP)}, {"fisher_log10_p", number(s.fisherLogP / std::numbers::ln10)},
        {"phi", number(s.phi)},
        {"odds_ratio", number(s.oddsRatio)}, {"odds_ratio_low", number(s.oddsRatioLow)},
        {"odds_ratio_high", number(s.oddsRatioHigh)}, {"odds_ratio_corrected", s.oddsRatioCorrected},
        {"answer_ok_given_step_ok", proportionJson(s.answerOkGivenStepOk)},
        {"answer_ok_given_step_bad", proportionJson(s.answerOkGivenStepBad)},
        {"step_ok_given_answer_ok", proportionJson(s.stepOkGivenAnswerOk)},
        {"both_ok_share", proportionJson(s.bothOkShare)},
    };
    if (st.cmh) j["cmh"] = cmhJson(*st.cmh);
    return j;
}

nlohmann::ordered_json tableReportJson(const TableReport& t) {
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (const StepTableReport& st : t.steps) tables.push_back(stepTableJson(st));
    nlohmann::ordered_json j = {{"run", t.run},
                                {"rule", t.rule},
                                {"retrieval", t.retrieval},
                                {"items", t.items},
                                {"answer_ok", t.answerOk}};
    for (const auto& [key, value] : t.extra.items()) j[key] = value;
    j["tables"] = tables;
    return j;
}

std::string formatTableReport(const TableReport& t, TableFormat format) {
    switch (format) {
        case TableFormat::Json:
            return tableReportJson(t).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        case TableFormat::Csv: return csvReport(t);
        case TableFormat::Markdown: return markdownReport(t);
        case TableFormat::Latex: return latexReport(t);
    }
    return {};
}

}  // namespace ts::stats
