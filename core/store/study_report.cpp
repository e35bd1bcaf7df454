#include "core/store/study_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace ts::store {

namespace {

int ratingOn(const RatingRow& r, const std::string& scale) {
    return scale == "interpretability" ? r.interpretability : r.cognitiveLoad;
}

std::vector<std::vector<double>> byArm(const std::vector<RatingRow>& rows,
                                       const std::vector<std::string>& arms,
                                       const std::string& scale) {
    std::vector<std::vector<double>> out(arms.size());
    for (const auto& r : rows) {
        const auto at = std::find(arms.begin(), arms.end(), r.armLabel);
        out[static_cast<std::size_t>(at - arms.begin())].push_back(ratingOn(r, scale));
    }
    return out;
}

stats::KruskalWallisResult acrossArms(const std::vector<std::vector<double>>& groups) {
    std::vector<std::vector<double>> rated;
    for (const auto& g : groups)
        if (!g.empty()) rated.push_back(g);
    if (rated.size() < 2) return {std::nan(""), 0, std::nan("")};
    return stats::kruskalWallis(rated);
}

std::vector<PairComparison> pairwise(const std::vector<std::vector<double>>& groups,
                                     const std::vector<std::string>& arms) {
    std::vector<PairComparison> pairs;
    for (std::size_t i = 0; i < arms.size(); ++i)
        for (std::size_t j = i + 1; j < arms.size(); ++j)
            if (!groups[i].empty() && !groups[j].empty())
                pairs.push_back({arms[i], arms[j], stats::mannWhitney(groups[i], groups[j]), 0.0});
    std::vector<double> p;
    for (const auto& c : pairs) p.push_back(c.test.p);
    const auto holm = stats::holmAdjust(p);
    for (std::size_t k = 0; k < pairs.size(); ++k) pairs[k].pHolm = holm[k];
    return pairs;
}

// Raters are the participants, units the (item, arm) pairs.
double agreement(const std::vector<RatingRow>& rows, const std::string& scale) {
    std::map<std::string, std::size_t> raters;
    std::map<std::pair<std::string, std::string>, std::size_t> units;
    for (const auto& r : rows) {
        raters.try_emplace(r.participant, raters.size());
        units.try_emplace({r.itemKey, r.armLabel}, units.size());
    }
    std::vector<std::vector<std::optional<double>>> m(
        raters.size(), std::vector<std::optional<double>>(units.size()));
    for (const auto& r : rows)
        m[raters[r.participant]][units[{r.itemKey, r.armLabel}]] = ratingOn(r, scale);
    std::size_t pairable = 0;
    for (std::size_t u = 0; u < units.size(); ++u) {
        std::size_t n = 0;
        for (const auto& rater : m) n += rater[u].has_value() ? 1 : 0;
        pairable += n >= 2 ? 1 : 0;
    }
    if (pairable == 0) return std::nan("");
    return stats::krippendorffAlphaOrdinal(m);
}

std::string num(double v, const char* format = "%.3f") {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

nlohmann::json jsonNumber(double v) {
    return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

}  // namespace

StudyReport studyReport(const std::vector<RatingRow>& rows,
                        const std::vector<std::string>& armOrder, std::uint32_t seed) {
    for (const auto& r : rows)
        if (std::find(armOrder.begin(), armOrder.end(), r.armLabel) == armOrder.end())
            throw Error("rating of item '" + r.itemKey + "' names the trace type '" + r.armLabel +
                        "', which is not an arm of the study");
    StudyReport report;
    report.seed = seed;
    report.ratings = rows.size();
    std::set<std::string> people;
    for (const auto& r : rows) people.insert(r.participant);
    report.participants = people.size();
    for (const char* scale : kStudyScales) {
        ScaleReport s;
        s.scale = scale;
        const auto groups = byArm(rows, armOrder, scale);
        for (std::size_t a = 0; a < armOrder.size(); ++a)
            s.arms.push_back({armOrder[a], stats::summarizeRatings(groups[a], seed)});
        s.kruskalWallis = acrossArms(groups);
        s.pairs = pairwise(groups, armOrder);
        s.krippendorffAlpha = agreement(rows, scale);
        report.scales.push_back(std::move(s));
    }
    return report;
}

std::vector<RatingRow> ratingRows(Project& project, const Study& study) {
    std::vector<RatingRow> rows;
    for (const auto& r : loadRatings(project, study)) {
        RatingRow row;
        row.participant = r.participant;
        row.itemKey = r.itemKey;
        row.armLabel = study.arms[static_cast<std::size_t>(r.arm)].label;
        row.interpretability = r.interpretability;
        row.cognitiveLoad = r.cognitiveLoad;
        row.seconds = r.seconds;
        row.comment = r.comment;
        rows.push_back(row);
    }
    return rows;
}

std::vector<ArmFigure> studyFigures(Project& project, const Study& study) {
    std::vector<ArmFigure> out;
    for (const auto& arm : study.arms) {
        ArmFigure f;
        f.label = arm.label;
        f.runName = arm.runName;
        Statement st = project.db().prepare(
            "SELECT COUNT(*), COALESCE(SUM(answer_verdict = 0), 0) FROM verdicts "
            "WHERE run_id = ? AND rule = 0");
        st.bind(1, arm.runId);
        st.step();
        f.items = st.columnInt(0);
        f.answersCorrect = st.columnInt(1);
        out.push_back(f);
    }
    std::vector<double> sums(out.size(), 0.0);
    for (const auto& r : loadRatings(project, study)) {
        const auto a = static_cast<std::size_t>(r.arm);
        ++out[a].counts[0][r.interpretability - 1];
        ++out[a].counts[1][r.cognitiveLoad - 1];
        sums[a] += r.interpretability;
    }
    for (std::size_t a = 0; a < out.size(); ++a) {
        long long n = 0;
        for (long long c : out[a].counts[0]) n += c;
        out[a].meanInterpretability = n > 0 ? sums[a] / double(n) : std::nan("");
    }
    return out;
}

std::string studyReportText(const StudyReport& report) {
    std::string out = std::to_string(report.ratings) + " rated items from " +
                      std::to_string(report.participants) +
                      " participants (bootstrap: 2000 resamples, seed " +
                      std::to_string(report.seed) + ")\n";
    for (const auto& s : report.scales) {
        out += "\n" + s.scale + "\n";
        char line[256];
        std::snprintf(line, sizeof line, "  %-28s %5s %6s %6s  %s\n", "trace type", "n", "mean",
                      "median", "95% CI of the mean");
        out += line;
        for (const auto& a : s.arms) {
            std::snprintf(
                line, sizeof line, "  %-28s %5zu %6s %6s  [%s, %s]\n", a.label.c_str(), a.summary.n,
                num(a.summary.mean, "%.2f").c_str(), num(a.summary.median, "%.1f").c_str(),
                num(a.summary.ciLow, "%.2f").c_str(), num(a.summary.ciHigh, "%.2f").c_str());
            out += line;
        }
        out += "  Kruskal-Wallis: H = " + num(s.kruskalWallis.h) +
               ", df = " + std::to_string(s.kruskalWallis.df) +
               ", p = " + num(s.kruskalWallis.p, "%.4g") + "\n";
        for (const auto& p : s.pairs)
            out += "  " + p.a + " vs " + p.b + ": W = " + num(p.test.w, "%.1f") +
                   ", p = " + num(p.test.p, "%.4g") + ", Holm p = " + num(p.pHolm, "%.4g") +
                   ", rank-biserial r = " + num(p.test.rankBiserial) + "\n";
        out += "  Krippendorff's alpha (ordinal): " + num(s.krippendorffAlpha) + "\n";
    }
    return out;
}

std::string studyReportJson(const StudyReport& report) {
    nlohmann::json scales = nlohmann::json::array();
    for (const auto& s : report.scales) {
        nlohmann::json arms = nlohmann::json::array(), pairs = nlohmann::json::array();
        for (const auto& a : s.arms)
            arms.push_back({{"trace_type", a.label},
                            {"n", a.summary.n},
                            {"mean", jsonNumber(a.summary.mean)},
                            {"median", jsonNumber(a.summary.median)},
                            {"ci_low", jsonNumber(a.summary.ciLow)},
                            {"ci_high", jsonNumber(a.summary.ciHigh)}});
        for (const auto& p : s.pairs)
            pairs.push_back({{"a", p.a},
                             {"b", p.b},
                             {"w", jsonNumber(p.test.w)},
                             {"p", jsonNumber(p.test.p)},
                             {"p_holm", jsonNumber(p.pHolm)},
                             {"rank_biserial", jsonNumber(p.test.rankBiserial)}});
        scales.push_back({{"scale", s.scale},
                          {"arms", arms},
                          {"kruskal_wallis",
                           {{"h", jsonNumber(s.kruskalWallis.h)},
                            {"df", s.kruskalWallis.df},
                            {"p", jsonNumber(s.kruskalWallis.p)}}},
                          {"pairs", pairs},
                          {"krippendorff_alpha_ordinal", jsonNumber(s.krippendorffAlpha)}});
    }
    return nlohmann::json{{"seed", report.seed},
                          {"ratings", report.ratings},
                          {"participants", report.participants},
                          {"scales", scales}}
        .dump(1);
}

}  // namespace ts::store
