#include "core/store/taxonomy_report.h"

#include <algorithm>
#include <cmath>

#include "core/score/citation_similarity.h"
#include "core/stats/table_report.h"
#include "core/store/error_type_store.h"

namespace ts::store {

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) {
    return std::isfinite(v) ? Json(v) : Json();
}

Json proportion(const stats::Proportion& p) {
    return {{"successes", p.successes},
            {"total", p.total},
            {"estimate", number(p.estimate)},
            {"low", number(p.low)},
            {"high", number(p.high)}};
}

// A rank, or null for a type that is not ranked.
Json rankValue(int rank) {
    return rank > 0 ? Json(rank) : Json();
}

// The 2x2 with the type's own names, then the shared statistics block.
Json typeCells(const std::string& name, const stats::TableStatistics& s) {
    const stats::TwoByTwo& c = s.counts;
    return {{"present_answer_ok", c.bad_ok},
            {"present_answer_wrong", c.bad_bad},
            {"absent_answer_ok", c.ok_ok},
            {"absent_answer_wrong", c.ok_bad},
            {"answer_ok_given_present", proportion(s.answerOkGivenStepBad)},
            {"answer_ok_given_absent", proportion(s.answerOkGivenStepOk)},
            {"statistics", stats::stepTableJson({name, s, 0, 0, std::nullopt})}};
}

Json typeJson(const TypeTable& t) {
    const std::string name(toString(t.type));
    Json j = {{"type", name},
              {"group", std::string(toString(groupOf(t.type)))},
              {"present", t.present},
              {"population", t.population},
              {"rank", rankValue(t.rank)},
              {"accuracy_drop", number(t.accuracyDrop)},
              {"odds_ratio", number(t.statistics.oddsRatio)},
              {"fisher_p", number(t.statistics.fisherP)},
              {"fisher_p_holm", number(t.fisherPHolm)}};
    j.update(typeCells(name, t.statistics));
    return j;
}

Json confusionJson(const ClassConfusion& c, bool human) {
    Json rows = Json::array();
    for (std::size_t r = 0; r < c.predicted.size(); ++r) {
        long long total = 0;
        for (const long long n : c.counts[r]) total += n;
        rows.push_back({{"predicted", c.predicted[r]}, {"counts", c.counts[r]}, {"total", total}});
    }
    Json j = {
        {"gold_labels", c.goldLabels},     {"rows", rows},          {"items", c.items},
        {"diagonal", c.diagonal},          {"class_ok", c.classOk}, {"unevaluated", c.unevaluated},
        {"not_in_dataset", c.notInDataset}};
    if (human) j["human_overridden"] = c.humanOverridden;
    return j;
}

// The ranked types' names in rank order.
template <typename T>
Json rankingJson(const std::vector<T>& types) {
    std::vector<const T*> ranked;
    for (const T& t : types)
        if (t.rank > 0) ranked.push_back(&t);
    std::sort(ranked.begin(), ranked.end(),
              [](const T* a, const T* b) { return a->rank < b->rank; });
    Json names = Json::array();
    for (const T* t : ranked) names.push_back(std::string(toString(t->type)));
    return names;
}

Json runJson(const RunTaxonomy& r) {
    Json types = Json::array();
    for (const TypeTable& t : r.types) types.push_back(typeJson(t));
    return {{"run", r.run},
            {"dataset", r.dataset},
            {"items", r.items},
            {"answer_ok", r.answerOk},
            {"class_confusion", confusionJson(r.confusion, r.view.rule == VerdictRule::Human)},
            {"types", types},
            {"ranking", rankingJson(r.types)}};
}

Json pooledJson(const PooledTaxonomy& p) {
    Json types = Json::array();
    for (const PooledTypeTable& t : p.types) {
        const std::string name(toString(t.type));
        Json j = {{"type", name},
                  {"group", std::string(toString(groupOf(t.type)))},
                  {"present", t.present},
                  {"population", t.population},
                  {"rank", rankValue(t.rank)},
                  {"accuracy_drop", number(t.accuracyDrop)}};
        j.update(typeCells(name, t.pooled));
        j["statistics"] = stats::stepTableJson({name, t.pooled, 0, 0, t.cmh});
        types.push_back(j);
    }
    return {{"runs", p.runs}, {"types", types}, {"ranking", rankingJson(p.types)}};
}

Json comparisonJson(const TaxonomyComparison& c) {
    Json types = Json::array();
    for (const TypeComparison& t : c.types)
        types.push_back({{"type", std::string(toString(t.type))},
                         {"pairs", t.pairs},
                         {"present_a", t.presentA},
                         {"present_b", t.presentB},
                         {"both", t.both},
                         {"only_a", t.onlyA},
                         {"only_b", t.onlyB},
                         {"mcnemar_exact_p", number(t.mcnemar.exactP)},
                         {"mcnemar_exact_p_holm", number(t.exactPHolm)},
                         {"mcnemar_chi_square", number(t.mcnemar.chiSquare)},
                         {"mcnemar_chi_square_p", number(t.mcnemar.chiSquareP)}});
    const PairedComparison& a = c.answer;
    return {{"run_a", c.runA},
            {"run_b", c.runB},
            {"answer",
             {{"pairs", a.pairs},
              {"both_ok", a.bothOk},
              {"only_a", a.onlyA},
              {"only_b", a.onlyB},
              {"both_wrong", a.bothBad},
              {"mcnemar_exact_p", number(a.mcnemar.exactP)}}},
            {"types", types}};
}

}  // namespace

std::optional<TaxonomyFormat> parseTaxonomyFormat(std::string_view name) {
    if (name == "json") return TaxonomyFormat::Json;
    if (name == "csv") return TaxonomyFormat::Csv;
    if (name == "markdown") return TaxonomyFormat::Markdown;
    return std::nullopt;
}

nlohmann::ordered_json taxonomyJson(const TaxonomyDocument& d) {
    Json runs = Json::array();
    for (const RunTaxonomy& r : d.runs) runs.push_back(runJson(r));
    Json j = {{"rule", std::string(toString(d.view.rule))}};
    if (!d.view.annotator.empty()) j["annotator"] = d.view.annotator;
    j["taxonomy"] = {{"version", kErrorTaxonomyVersion},
                     {"similarity", "token-set jaccard"},
                     {"hallucination_threshold", kHallucinationThreshold}};
    j["runs"] = runs;
    if (d.pooled) j["pooled"] = pooledJson(*d.pooled);
    if (d.comparison) j["comparison"] = comparisonJson(*d.comparison);
    if (!d.comparisonNote.empty()) j["comparison_note"] = d.comparisonNote;
    return j;
}

std::string formatTaxonomy(const TaxonomyDocument& d, TaxonomyFormat format) {
    switch (format) {
        case TaxonomyFormat::Json:
            return taxonomyJson(d).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
        case TaxonomyFormat::Csv:
            return taxonomyCsv(d);
        case TaxonomyFormat::Markdown:
            return taxonomyMarkdown(d);
    }
    return {};
}

}  // namespace ts::store
