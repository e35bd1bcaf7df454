#include "core/store/gold_labels.h"

#include "core/store/run_lookup.h"

namespace ts::store {

std::vector<std::string> goldLabelsOfRun(Project& project, long long runId) {
    Database& db = project.db();
    requireRunExists(db, runId);
    // items_by_label (dataset_id, gold_label) answers this from the index.
    Statement st = db.prepare(
        "SELECT DISTINCT i.gold_label FROM items i JOIN runs r ON r.dataset_id = i.dataset_id"
        " WHERE r.id = ? AND i.gold_label <> '' ORDER BY i.gold_label");
    st.bind(1, runId);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.columnText(0));
    return out;
}

}  // namespace ts::store
