#pragma once
// Everything the item view shows about one item of a run (or of a bare
// dataset): the item, the raw prediction, its verdicts under every rule and
// the annotations of every annotator. Loaded on the query worker in one go.
#include <string>
#include <vector>

#include <optional>

#include "core/store/annotations.h"
#include "core/store/effective_verdicts.h"
#include "core/store/item_query.h"
#include "core/store/verdict_rule.h"

namespace ts::ui {

struct ItemViewData {
    long long runId = 0;  // 0: a bare dataset item (no prediction, no verdicts)
    std::string runName;
    Item item;
    std::string prediction;
    std::vector<ItemVerdict> verdicts;
    std::vector<store::Annotation> annotations;

    bool hasRun() const { return runId != 0; }
    const ItemVerdict* verdict(ScoringRuleKind rule) const {
        for (const auto& v : verdicts)
            if (v.rule == rule) return &v;
        return nullptr;
    }
    // The verdict under a view: the stored rule's, and under the human rule
    // with the annotators' overrides laid over it by core's policy - the same
    // decision the tables and the item list make.
    std::optional<ItemVerdict> shownVerdict(const store::VerdictView& view) const {
        const ItemVerdict* v = verdict(store::storedRule(view.rule));
        if (!v) return std::nullopt;
        ItemVerdict shown = *v;
        if (view.rule != store::VerdictRule::Human) return shown;
        const store::StepOverrides o = store::decideOverrides(store::overrideVotes(annotations), view.annotator);
        const store::StepVerdicts steps =
            store::applyOverrides({shown.classStep, shown.retrievalStep, shown.trace, shown.answer}, o);
        shown.classStep = steps.classStep;
        shown.retrievalStep = steps.retrievalStep;
        shown.trace = steps.trace;
        shown.answer = steps.answer;
        return shown;
    }
    // The annotation of one annotator on one target, if any.
    const store::Annotation* annotation(store::AnnotationTarget target,
                                        const std::string& annotator) const {
        for (const auto& a : annotations)
            if (a.target == target && a.annotator == annotator) return &a;
        return nullptr;
    }
};

inline ItemViewData loadItemView(store::Project& project, long long runId, const std::string& runName,
                                 const std::string& itemId) {
    store::ItemDetail detail = store::loadItemDetail(project, runId, itemId);
    ItemViewData d;
    d.runId = runId;
    d.runName = runName;
    d.item = std::move(detail.item);
    d.prediction = std::move(detail.prediction);
    d.verdicts = std::move(detail.verdicts);
    d.annotations = store::annotationsForItem(project, runId, itemId);
    return d;
}

}  // namespace ts::ui
