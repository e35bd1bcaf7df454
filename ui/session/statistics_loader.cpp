#include "ui/session/statistics_loader.h"

#include "core/store/label_accuracy.h"

namespace ts::ui {

StatisticsData loadStatistics(store::Project& project, const StatisticsRequest& request) {
    StatisticsData d;
    d.tables = store::runTables(project, request.runId, request.view, request.mode, request.missingTrace);
    if (request.pooledRuns.size() >= 2) {
        d.pooled = store::pooledTables(project, request.pooledRuns, request.view, request.mode, request.missingTrace);
        d.tables = d.pooled->pooled;
    } else if (request.view.rule == store::VerdictRule::Human) {
        d.agreement = store::ruleVersusHuman(project, request.runId, request.view.annotator, request.mode);
    }
    for (const auto& [id, name] : request.allRuns) {
        const store::RunTables t =
            id == request.runId && !d.pooled
                ? d.tables
                : store::runTables(project, id, request.view, request.mode, request.missingTrace);
        const auto& s = t.table(request.chartStep).statistics;
        d.runs.push_back({id, name, s.answerOkGivenStepOk, s.answerOkGivenStepBad,
                          stats::wilsonProportion(t.answerOk, t.items)});
    }
    return d;
}

std::vector<LabelAccuracy> loadLabelAccuracy(store::Project& project, const StatisticsRequest& request) {
    std::vector<LabelAccuracy> out;
    for (store::LabelAnswerCounts& c : store::answerCountsByLabel(project, request.runId, request.view))
        out.push_back({std::move(c.label), c.answerOk, c.items});
    return out;
}

}  // namespace ts::ui
