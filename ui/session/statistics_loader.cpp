#include "ui/session/statistics_loader.h"

#include "core/store/label_accuracy.h"

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
    for (store::LabelAnswerCounts& c : store::answerCountsByLabel(project, request.runId, request.rule))
        out.push_back({std::move(c.label), c.answerOk, c.items});
    return out;
}

}  // namespace ts::ui
