#include "core/store/label_accuracy.h"

#include "core/store/effective_verdicts.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

std::vector<LabelAnswerCounts> answerCountsByLabel(Project& project, long long runId,
                                                   const VerdictView& view) {
    Database& db = project.db();
    requireRunExists(db, runId);
    prepareEffectiveVerdicts(db, runId, view);
    const VerdictSql sql = verdictSql(view.rule);
    // The verdicts primary key drives the scan over (run, rule); each item is
    // then one rowid lookup for its label.
    Statement st = db.prepare(
        "SELECT i.gold_label, COUNT(*), SUM(" + sql.answer + " = ?)"
        " FROM verdicts v" + sql.join + " JOIN items i ON i.id = v.item_id"
        " WHERE v.run_id = ? AND v.rule = ? AND i.gold_label <> ''"
        " GROUP BY i.gold_label ORDER BY i.gold_label");
    st.bind(1, encode(StepVerdict::Ok)).bind(2, runId).bind(3, sql.storedRuleCode);
    std::vector<LabelAnswerCounts> out;
    while (st.step()) out.push_back({st.columnText(0), st.columnInt(1), st.columnInt(2)});
    return out;
}

}  // namespace ts::store
