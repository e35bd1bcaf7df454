#include "core/store/class_confusion.h"

#include <algorithm>

#include "core/score/error_taxonomy.h"
#include "core/store/effective_verdicts.h"
#include "core/store/error_type_store.h"
#include "core/store/verdict_codec.h"

namespace ts::store {

namespace {

std::size_t indexOf(std::vector<std::string>& list, const std::string& name) {
    const auto it = std::find(list.begin(), list.end(), name);
    if (it != list.end()) return static_cast<std::size_t>(it - list.begin());
    list.push_back(name);
    return list.size() - 1;
}

long long datasetOfRun(Database& db, long long runId) {
    Statement st = db.prepare("SELECT dataset_id FROM runs WHERE id = ?");
    st.bind(1, runId);
    return st.step() ? st.columnInt(0) : 0;
}

// The gold label the rule compared with: the verdict's evidence, else the item's.
std::string confusionSql(const VerdictSql& sql) {
    return "SELECT v.predicted_label,"
           " COALESCE(json_extract(d.details, '$.evidence.gold_label'), i.gold_label),"
           " v.class_verdict, " +
           sql.classStep + ", " + sql.humanSteps + ", i.item_key" +
           " FROM verdicts v JOIN items i ON i.id = v.item_id"
           " LEFT JOIN verdict_details d ON d.run_id = v.run_id AND d.rule = v.rule"
           "   AND d.item_id = v.item_id" +
           sql.join + " WHERE v.run_id = ? AND v.rule = ?";
}

}  // namespace

ClassConfusion classConfusion(Project& project, long long runId, const VerdictView& view) {
    Database& db = project.db();
    const std::vector<std::string> labels = datasetLabels(db, datasetOfRun(db, runId));
    ClassConfusion c;
    c.goldLabels = labels;
    c.predicted = labels;
    for (const char* extra : {kNoLabelRow, kNotInDatasetRow}) c.predicted.emplace_back(extra);
    std::vector<std::vector<long long>> cells;  // [row][column], columns may grow
    std::vector<std::vector<std::vector<std::string>>> ids;
    prepareEffectiveVerdicts(db, runId, view);
    const VerdictSql sql = verdictSql(view.rule);
    Statement st = db.prepare(confusionSql(sql));
    st.bind(1, runId).bind(2, sql.storedRuleCode);
    cells.assign(c.predicted.size(), {});
    ids.assign(c.predicted.size(), {});
    while (st.step()) {
        if (decodeStepVerdict(st.columnInt(2)) == StepVerdict::Unevaluated) {
            ++c.unevaluated;
            continue;
        }
        const std::string label = st.columnText(0), gold = st.columnText(1);
        std::string canonical;
        const LabelReading reading = readLabel(label, labels, &canonical);
        std::size_t row = labels.size() + (reading == LabelReading::None ? 0 : 1);
        if (reading == LabelReading::Known) row = indexOf(c.predicted, canonical);
        if (reading == LabelReading::NotInDataset) ++c.notInDataset[label];
        std::string goldCanonical;
        readLabel(gold, labels, &goldCanonical);
        const std::size_t column =
            indexOf(c.goldLabels, gold.empty() ? kNoGoldColumn : goldCanonical);
        if (cells[row].size() <= column) cells[row].resize(column + 1, 0);
        if (ids[row].size() <= column) ids[row].resize(column + 1);
        ++cells[row][column];
        ids[row][column].push_back(st.columnText(5));
        ++c.items;
        if (reading == LabelReading::Known && canonical == goldCanonical) ++c.diagonal;
        if (decodeStepVerdict(st.columnInt(3)) == StepVerdict::Ok) ++c.classOk;
        if (st.columnInt(4) & kHumanClass) ++c.humanOverridden;
    }
    for (auto& row : cells) row.resize(c.goldLabels.size(), 0);
    for (auto& row : ids) row.resize(c.goldLabels.size());
    c.counts = std::move(cells);
    c.itemIds = std::move(ids);
    return c;
}

}  // namespace ts::store
