// The taxonomy document as CSV and Markdown (taxonomy_report.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/data/csv.h"
#include "core/stats/table_report.h"
#include "core/store/taxonomy_report.h"

namespace ts::store {

namespace {

std::string fmt(const char* format, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

std::string csvNumber(double v) {
    return std::isfinite(v) ? fmt("%.17g", v) : std::string();
}

std::string percent(double v) {
    return std::isnan(v) ? "n/a" : fmt("%.1f%%", 100.0 * v);
}

std::string points(double v) {
    return std::isnan(v) ? "n/a" : fmt("%+.1f", 100.0 * v);
}

std::string ratio(double v) {
    return std::isnan(v) ? "n/a" : std::isinf(v) ? "inf" : fmt("%.2f", v);
}

std::string pValue(double p) {
    return stats::formatPValue(p, std::nan(""));
}

std::string n(long long v) {
    return std::to_string(v);
}

// Ranked types first, in rank order, then the unranked ones in taxonomy order.
template <typename T>
std::vector<const T*> byRank(const std::vector<T>& types) {
    std::vector<const T*> out;
    for (const T& t : types) out.push_back(&t);
    std::stable_sort(out.begin(), out.end(), [](const T* a, const T* b) {
        return (a->rank == 0 ? 1000 : a->rank) < (b->rank == 0 ? 1000 : b->rank);
    });
    return out;
}

std::string rankCell(int rank) {
    return rank > 0 ? std::to_string(rank) : "-";
}

std::vector<std::string> cellFields(const stats::TwoByTwo& c) {
    return {n(c.bad_ok), n(c.bad_bad), n(c.ok_ok), n(c.ok_bad)};
}

void csvTypes(const TaxonomyDocument& d, std::string& out) {
    out += csvRecord({"run", "type", "group", "present", "population", "present_answer_ok",
                      "present_answer_wrong", "absent_answer_ok", "absent_answer_wrong",
                      "accuracy_drop", "odds_ratio", "fisher_p", "fisher_p_holm", "cmh_p",
                      "common_odds_ratio", "rank"});
    for (const RunTaxonomy& r : d.runs)
        for (const TypeTable& t : r.types) {
            std::vector<std::string> f = {r.run, std::string(toString(t.type)),
                                          std::string(toString(groupOf(t.type))), n(t.present),
                                          n(t.population)};
            for (std::string& c : cellFields(t.statistics.counts)) f.push_back(std::move(c));
            for (const double v :
                 {t.accuracyDrop, t.statistics.oddsRatio, t.statistics.fisherP, t.fisherPHolm})
                f.push_back(csvNumber(v));
            f.insert(f.end(), {"", "", t.rank > 0 ? n(t.rank) : ""});
            out += csvRecord(f);
        }
    if (!d.pooled) return;
    for (const PooledTypeTable& t : d.pooled->types) {
        std::vector<std::string> f = {"pooled", std::string(toString(t.type)),
                                      std::string(toString(groupOf(t.type))), n(t.present),
                                      n(t.population)};
        for (std::string& c : cellFields(t.pooled.counts)) f.push_back(std::move(c));
        for (const double v : {t.accuracyDrop, t.pooled.oddsRatio, t.pooled.fisherP})
            f.push_back(csvNumber(v));
        f.insert(f.end(), {"", csvNumber(t.cmh.chiSquareP), csvNumber(t.cmh.commonOddsRatio),
                           t.rank > 0 ? n(t.rank) : ""});
        out += csvRecord(f);
    }
}

void csvConfusion(const TaxonomyDocument& d, std::string& out) {
    out += csvRecord({"run", "predicted", "gold", "count"});
    for (const RunTaxonomy& r : d.runs) {
        const ClassConfusion& c = r.confusion;
        for (std::size_t i = 0; i < c.predicted.size(); ++i)
            for (std::size_t k = 0; k < c.goldLabels.size(); ++k)
                out += csvRecord({r.run, c.predicted[i], c.goldLabels[k], n(c.counts[i][k])});
    }
}

void csvComparison(const TaxonomyComparison& c, std::string& out) {
    out += csvRecord({"run_a", "run_b", "type", "pairs", "present_a", "present_b", "both", "only_a",
                      "only_b", "mcnemar_exact_p", "mcnemar_exact_p_holm"});
    for (const TypeComparison& t : c.types)
        out += csvRecord({c.runA, c.runB, std::string(toString(t.type)), n(t.pairs), n(t.presentA),
                          n(t.presentB), n(t.both), n(t.onlyA), n(t.onlyB),
                          csvNumber(t.mcnemar.exactP), csvNumber(t.exactPHolm)});
}

std::string row(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const std::string& c : cells) s += " " + c + " |";
    return s + "\n";
}

std::string rule(std::size_t columns) {
    std::string s = "|";
    for (std::size_t i = 0; i < columns; ++i) s += "---|";
    return s + "\n";
}

void markdownConfusion(const ClassConfusion& c, std::string& out) {
    std::vector<std::string> head = {"predicted \\ gold"};
    head.insert(head.end(), c.goldLabels.begin(), c.goldLabels.end());
    out += row(head) + rule(head.size());
    for (std::size_t i = 0; i < c.predicted.size(); ++i) {
        std::vector<std::string> cells = {c.predicted[i]};
        for (const long long v : c.counts[i]) cells.push_back(n(v));
        out += row(cells);
    }
    out += "\n";
    out += n(c.items) + " items in the matrix, " + n(c.diagonal) + " on the diagonal, " +
           n(c.classOk) + " class steps ok";
    if (c.unevaluated > 0) out += ", " + n(c.unevaluated) + " unevaluated left out";
    out += ".\n\n";
}

// The columns a run's table and the pooled table share: which type, how
// common, and the answer accuracy with and without it.
std::vector<std::string> typeHead() {
    return {"rank",                  // "-": counted, not ranked
            "type",                  // its name (core/score/error_types.h)
            "present / population",  // how common
            "P(ok \\| present)",     // answer accuracy with the type
            "P(ok \\| absent)",      // and without it
            "drop (points)"};
}

std::vector<std::string> typeCells(int rank, ErrorType type, long long present,
                                   long long population, const stats::TableStatistics& s,
                                   double drop) {
    return {rankCell(rank),
            std::string(toString(type)),
            n(present) + " / " + n(population),
            percent(s.answerOkGivenStepBad.estimate),
            percent(s.answerOkGivenStepOk.estimate),
            points(drop)};
}

void markdownRun(const RunTaxonomy& r, std::string& out) {
    out += "## " + r.run + " (" + r.dataset + ", rule " + std::string(toString(r.view.rule)) +
           "): " + n(r.items) + " items, answer ok " + n(r.answerOk) + "\n\n";
    markdownConfusion(r.confusion, out);
    std::vector<std::string> head = typeHead();
    head.insert(head.end(), {"odds ratio", "Fisher p", "Holm p"});
    out += row(head) + rule(head.size());
    for (const TypeTable* t : byRank(r.types)) {
        std::vector<std::string> cells =
            typeCells(t->rank, t->type, t->present, t->population, t->statistics, t->accuracyDrop);
        cells.insert(cells.end(), {ratio(t->statistics.oddsRatio), pValue(t->statistics.fisherP),
                                   pValue(t->fisherPHolm)});
        out += row(cells);
    }
    out +=
        "\nRank -: the answer types that say how an answer is wrong (never with a right "
        "answer), counted, not ranked. Drop = P(ok | absent) - P(ok | present).\n\n";
}

void markdownPooled(const PooledTaxonomy& p, std::string& out) {
    out += "## Pooled over " + n(static_cast<long long>(p.runs.size())) + " runs\n\n";
    std::vector<std::string> head = typeHead();
    head.insert(head.end(), {"CMH chi2", "CMH p", "common OR"});
    out += row(head) + rule(head.size());
    for (const PooledTypeTable* t : byRank(p.types)) {
        std::vector<std::string> cells =
            typeCells(t->rank, t->type, t->present, t->population, t->pooled, t->accuracyDrop);
        cells.insert(cells.end(),
                     {std::isnan(t->cmh.chiSquare) ? "n/a" : fmt("%.2f", t->cmh.chiSquare),
                      pValue(t->cmh.chiSquareP), ratio(t->cmh.commonOddsRatio)});
        out += row(cells);
    }
    out +=
        "\nRanked by the Mantel-Haenszel common odds ratio (the association within the runs); "
        "the proportions and the drop are those of the summed table.\n\n";
}

void markdownComparison(const TaxonomyComparison& c, std::string& out) {
    out += "## " + c.runA + " (A) vs " + c.runB + " (B), paired items\n\n";
    out += "Answers: " + n(c.answer.bothOk) + " both ok, " + n(c.answer.onlyA) + " only A, " +
           n(c.answer.onlyB) + " only B, " + n(c.answer.bothBad) + " both wrong (McNemar exact p " +
           pValue(c.answer.mcnemar.exactP) + ").\n\n";
    const std::vector<std::string> head = {
        "type", "pairs", "A", "B", "both", "only A", "only B", "McNemar exact p", "Holm p"};
    out += row(head) + rule(head.size());
    for (const TypeComparison& t : c.types)
        out +=
            row({std::string(toString(t.type)), n(t.pairs), n(t.presentA), n(t.presentB), n(t.both),
                 n(t.onlyA), n(t.onlyB), pValue(t.mcnemar.exactP), pValue(t.exactPHolm)});
    out += "\n";
}

}  // namespace

std::string taxonomyCsv(const TaxonomyDocument& d) {
    std::string out;
    csvTypes(d, out);
    out += "\n";
    csvConfusion(d, out);
    if (d.comparison) {
        out += "\n";
        csvComparison(*d.comparison, out);
    }
    return out;
}

std::string taxonomyMarkdown(const TaxonomyDocument& d) {
    std::string out = "# Error taxonomy, rule " + std::string(toString(d.view.rule)) + "\n\n";
    for (const RunTaxonomy& r : d.runs) markdownRun(r, out);
    if (d.pooled) markdownPooled(*d.pooled, out);
    if (d.comparison) markdownComparison(*d.comparison, out);
    if (!d.comparisonNote.empty()) out += "Note: " + d.comparisonNote + "\n";
    return out;
}

}  // namespace ts::store
