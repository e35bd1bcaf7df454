#include "core/store/taxonomy.h"

#include <algorithm>
#include <cmath>

#include "core/stats/p_adjust.h"
#include "core/store/effective_verdicts.h"
#include "core/store/error_type_store.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

struct Tally {
    long long n = 0, ok = 0;
};

std::size_t groupIndex(ErrorGroup g) {
    return static_cast<std::size_t>(g);
}

// Items per group population (class judged, retrieval judged, all) and how
// many answered right, in one GROUP BY over the run's verdicts.
std::array<Tally, 3> populations(Database& db, long long runId, const VerdictSql& sql,
                                 RunTaxonomy& t) {
    Statement st = db.prepare("SELECT v.class_verdict <> 3, v.retrieval_verdict <> 3, " +
                              sql.answer + " = 0, COUNT(*) FROM verdicts v" + sql.join +
                              " WHERE v.run_id = ? AND v.rule = ? AND " + sql.answer +
                              " <> 3 GROUP BY 1, 2, 3");
    st.bind(1, runId).bind(2, sql.storedRuleCode);
    std::array<Tally, 3> pop;
    while (st.step()) {
        const long long n = st.columnInt(3);
        const bool ok = st.columnInt(2) != 0;
        const bool judged[3] = {st.columnInt(0) != 0, st.columnInt(1) != 0, true};
        for (std::size_t g = 0; g < 3; ++g) {
            if (!judged[g]) continue;
            pop[g].n += n;
            if (ok) pop[g].ok += n;
        }
    }
    t.items = pop[2].n;
    t.answerOk = pop[2].ok;
    return pop;
}

// Items with each type and how many of them answered right.
std::vector<Tally> presence(Database& db, long long runId, const VerdictSql& sql) {
    Statement st = db.prepare(
        "SELECT e.type, " + sql.answer +
        " = 0, COUNT(*) FROM item_error_types e"
        " JOIN verdicts v ON v.run_id = e.run_id AND v.rule = e.rule AND v.item_id = e.item_id" +
        sql.join + " WHERE e.run_id = ? AND e.rule = ? AND " + sql.answer + " <> 3 GROUP BY 1, 2");
    st.bind(1, runId).bind(2, sql.storedRuleCode);
    std::vector<Tally> out(allErrorTypes().size());
    while (st.step()) {
        const auto type = parseErrorType(st.columnText(0));
        if (!type) continue;  // a type of a newer taxonomy: not counted
        Tally& t = out[static_cast<std::size_t>(*type)];
        t.n += st.columnInt(2);
        if (st.columnInt(1) != 0) t.ok += st.columnInt(2);
    }
    return out;
}

stats::TwoByTwo typeTable(const Tally& population, const Tally& present) {
    stats::TwoByTwo t;
    t.bad_ok = present.ok;
    t.bad_bad = present.n - present.ok;
    t.ok_ok = population.ok - present.ok;
    t.ok_bad = (population.n - population.ok) - t.bad_bad;
    return t;
}

double accuracyDrop(const stats::TableStatistics& s) {
    return s.answerOkGivenStepOk.estimate - s.answerOkGivenStepBad.estimate;
}

// Ranks the types that can co-occur with a right answer by key, largest
// first (NaN last), then by p, smallest first, then in the taxonomy's order;
// the others get rank 0.
template <typename T, typename K, typename P>
void assignRanks(std::vector<T>& types, K keyOf, P pOf) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < types.size(); ++i) {
        types[i].rank = 0;
        if (canCoOccurWithRightAnswer(types[i].type)) order.push_back(i);
    }
    auto nanLast = [](double a, double b) {  // a before b?
        if (std::isnan(a) != std::isnan(b)) return std::isnan(b) ? -1 : 1;
        return 0;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double ka = keyOf(types[a]), kb = keyOf(types[b]);
        if (const int n = nanLast(ka, kb)) return n < 0;
        if (!std::isnan(ka) && ka != kb) return ka > kb;
        const double pa = pOf(types[a]), pb = pOf(types[b]);
        if (const int n = nanLast(pa, pb)) return n < 0;
        return !std::isnan(pa) && pa < pb;
    });
    for (std::size_t r = 0; r < order.size(); ++r) types[order[r]].rank = static_cast<int>(r + 1);
}

void holm(std::vector<TypeTable>& types) {
    std::vector<double> p;
    for (const TypeTable& t : types)
        p.push_back(t.present > 0 && canCoOccurWithRightAnswer(t.type) ? t.statistics.fisherP
                                                                       : std::nan(""));
    const std::vector<double> adjusted = stats::holmAdjust(p);
    for (std::size_t i = 0; i < types.size(); ++i) types[i].fisherPHolm = adjusted[i];
}

std::string datasetName(Database& db, long long runId) {
    Statement st = db.prepare(
        "SELECT d.name FROM runs r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?");
    st.bind(1, runId);
    return st.step() ? st.columnText(0) : std::string();
}

}  // namespace

RunTaxonomy runTaxonomy(Project& project, const std::string& runName, const VerdictView& view) {
    Database& db = project.db();
    RunTaxonomy t;
    t.run = runName;
    t.runId = requireRunId(db, runName);
    t.dataset = datasetName(db, t.runId);
    t.view = view;
    t.confusion = classConfusion(project, t.runId, view);
    prepareEffectiveVerdicts(db, t.runId, view);
    const VerdictSql sql = verdictSql(view.rule);
    const std::array<Tally, 3> pop = populations(db, t.runId, sql, t);
    const std::vector<Tally> present = presence(db, t.runId, sql);
    for (const ErrorType type : allErrorTypes()) {
        TypeTable tt;
        tt.type = type;
        const Tally& population = pop[groupIndex(groupOf(type))];
        const Tally& with = present[static_cast<std::size_t>(type)];
        tt.present = with.n;
        tt.population = population.n;
        tt.statistics = stats::analyze(typeTable(population, with));
        tt.accuracyDrop = accuracyDrop(tt.statistics);
        t.types.push_back(tt);
    }
    holm(t.types);
    assignRanks(
        t.types, [](const TypeTable& x) { return x.accuracyDrop; },
        [](const TypeTable& x) { return x.statistics.fisherP; });
    return t;
}

PooledTaxonomy pooledTaxonomy(const std::vector<RunTaxonomy>& runs) {
    if (runs.size() < 2) throw Error("pooling needs two or more runs");
    PooledTaxonomy p;
    for (const RunTaxonomy& r : runs) p.runs.push_back(r.run);
    for (std::size_t k = 0; k < allErrorTypes().size(); ++k) {
        PooledTypeTable t;
        t.type = allErrorTypes()[k];
        for (const RunTaxonomy& r : runs) {
            t.strata.push_back(r.types[k].statistics.counts);
            t.present += r.types[k].present;
            t.population += r.types[k].population;
        }
        t.pooled = stats::analyze(stats::pooled(t.strata));
        t.cmh = stats::mantelHaenszel(t.strata);
        t.accuracyDrop = accuracyDrop(t.pooled);
        p.types.push_back(std::move(t));
    }
    // Within runs, not across them: the Mantel-Haenszel common odds ratio.
    assignRanks(
        p.types, [](const PooledTypeTable& x) { return x.cmh.commonOddsRatio; },
        [](const PooledTypeTable& x) { return x.cmh.chiSquareP; });
    return p;
}

}  // namespace ts::store
