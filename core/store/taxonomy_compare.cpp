#include "core/store/taxonomy_compare.h"

#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "core/stats/p_adjust.h"
#include "core/store/effective_verdicts.h"
#include "core/store/run_lookup.h"

namespace ts::store {

namespace {

// One item of a run: which groups were looked at, and its types as bits.
struct ItemTypes {
    bool judged[3] = {false, false, false};  // class, retrieval, answer
    std::uint32_t types = 0;
};

std::unordered_map<long long, ItemTypes> loadItemTypes(Database& db, long long runId,
                                                       const VerdictView& view) {
    prepareEffectiveVerdicts(db, runId, view);
    const VerdictSql sql = verdictSql(view.rule);
    std::unordered_map<long long, ItemTypes> items;
    Statement st = db.prepare("SELECT v.item_id, v.class_verdict <> 3, v.retrieval_verdict <> 3, " +
                              sql.answer + " <> 3 FROM verdicts v" + sql.join +
                              " WHERE v.run_id = ? AND v.rule = ?");
    st.bind(1, runId).bind(2, sql.storedRuleCode);
    while (st.step()) {
        ItemTypes& it = items[st.columnInt(0)];
        for (int g = 0; g < 3; ++g) it.judged[g] = st.columnInt(g + 1) != 0;
    }
    Statement types =
        db.prepare("SELECT item_id, type FROM item_error_types WHERE run_id = ? AND rule = ?");
    types.bind(1, runId).bind(2, sql.storedRuleCode);
    while (types.step()) {
        const auto type = parseErrorType(types.columnText(1));
        const auto it = items.find(types.columnInt(0));
        if (type && it != items.end()) it->second.types |= 1u << static_cast<unsigned>(*type);
    }
    return items;
}

bool inPopulation(const ItemTypes& item, ErrorType type) {
    return item.judged[static_cast<int>(groupOf(type))] && item.judged[2];
}

void count(TypeComparison& c, const ItemTypes& a, const ItemTypes& b) {
    if (!inPopulation(a, c.type) || !inPopulation(b, c.type)) return;
    const std::uint32_t bit = 1u << static_cast<unsigned>(c.type);
    const bool inA = (a.types & bit) != 0, inB = (b.types & bit) != 0;
    ++c.pairs;
    c.presentA += inA;
    c.presentB += inB;
    c.both += inA && inB;
    c.onlyA += inA && !inB;
    c.onlyB += inB && !inA;
}

}  // namespace

TaxonomyComparison compareTaxonomies(Project& project, const std::string& runA,
                                     const std::string& runB, const VerdictView& view) {
    TaxonomyComparison r;
    r.runA = runA;
    r.runB = runB;
    // Also refuses runs on different datasets.
    r.answer = comparePairedRuns(project, runA, runB, view, PairedOutcome::Answer);
    Database& db = project.db();
    const auto a = loadItemTypes(db, requireRunId(db, runA), view);
    const auto b = loadItemTypes(db, requireRunId(db, runB), view);
    std::vector<double> p;
    for (const ErrorType type : allErrorTypes()) {
        TypeComparison c;
        c.type = type;
        for (const auto& [item, typesA] : a) {
            const auto other = b.find(item);
            if (other != b.end()) count(c, typesA, other->second);
        }
        c.mcnemar = stats::mcnemar(c.onlyA, c.onlyB);
        p.push_back(c.onlyA + c.onlyB > 0 ? c.mcnemar.exactP : std::nan(""));
        r.types.push_back(c);
    }
    const std::vector<double> adjusted = stats::holmAdjust(p);
    for (std::size_t i = 0; i < r.types.size(); ++i) r.types[i].exactPHolm = adjusted[i];
    return r;
}

}  // namespace ts::store
