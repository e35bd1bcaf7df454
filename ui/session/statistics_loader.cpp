#include "ui/session/statistics_loader.h"

namespace ts::ui {

StatisticsData loadStatistics(store::Project& project, const StatisticsRequest& request) {
    StatisticsData d;
    d.tables = store::runTables(project, request.runId, request.rule, request.mode);
    for (const auto& [id, name] : request.allRuns) {
        const store::RunTables t =
            id == request.runId ? d.tables : store::runTables(project, id, request.rule, request.mode);
        const auto& s = t.table(request.chartStep).statistics;
        d.runs.push_back({id, name, s.answerOkGivenStepOk, s.answerOkGivenStepBad});
    }
    return d;
}

std::vector<LabelAccuracy> loadLabelAccuracy(store::Project& project, const StatisticsRequest& request) {
    std::vector<LabelAccuracy> out;
    for (const std::string& label : request.labels) {
        store::ItemFilter f;
        f.rule = request.rule;
        f.goldLabel = label;
        LabelAccuracy a;
        a.label = label;
        a.items = store::countItems(project, request.runId, f);
        f.answer = StepVerdict::Ok;
        a.answerOk = store::countItems(project, request.runId, f);
        if (a.items > 0) out.push_back(a);
    }
    return out;
}

}  // namespace ts::ui
