#include "ui/session/agreement_loader.h"

#include <map>
#include <set>

namespace ts::ui {

AgreementData loadAgreement(store::Project& project, long long runId, store::AnnotationTarget target) {
    AgreementData d;
    std::set<std::string> names;
    std::map<std::string, std::map<std::string, StepVerdict>> byItem;  // item -> annotator -> verdict
    std::vector<std::string> itemOrder;
    for (const auto& a : store::annotationsOfRun(project, runId)) {
        if (a.target != target || !a.verdictOverride) continue;
        names.insert(a.annotator);
        if (!byItem.count(a.itemId)) itemOrder.push_back(a.itemId);
        byItem[a.itemId][a.annotator] = *a.verdictOverride;
    }
    d.annotators.assign(names.begin(), names.end());
    for (const std::string& item : itemOrder) {
        AgreementRow row;
        row.itemId = item;
        std::set<int> seen;
        for (const std::string& who : d.annotators) {
            const auto& m = byItem[item];
            const auto it = m.find(who);
            row.verdicts.push_back(it == m.end() ? std::nullopt : std::optional(it->second));
            if (it != m.end()) seen.insert(int(it->second));
        }
        row.disagree = seen.size() > 1;
        d.rows.push_back(std::move(row));
    }
    for (std::size_t i = 0; i < d.annotators.size(); ++i)
        for (std::size_t j = i + 1; j < d.annotators.size(); ++j)
            d.pairs.push_back({d.annotators[i], d.annotators[j],
                               store::annotatorAgreement(project, runId, target, d.annotators[i],
                                                         d.annotators[j])});
    if (d.annotators.size() >= 2) {
        // Fleiss needs the same raters on every item: the items all annotators rated.
        std::vector<std::vector<long long>> counts;
        for (const AgreementRow& row : d.rows) {
            std::vector<long long> c(4, 0);
            bool complete = true;
            for (const auto& v : row.verdicts) {
                if (!v) complete = false;
                else ++c[int(*v)];
            }
            if (complete) counts.push_back(std::move(c));
        }
        if (!counts.empty()) d.fleiss = stats::fleissKappa(counts);
    }
    return d;
}

}  // namespace ts::ui
