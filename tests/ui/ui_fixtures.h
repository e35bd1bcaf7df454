#pragma once
// A project for the UI tests: the store's synthetic dataset (labels alpha,
// beta, gamma; unit 1 gold) with two runs ("run-a", "run-b") whose strict and
// legacy verdicts are deterministic functions of the item index, so a test
// can count what a filter must list from the same vectors.
#include <QString>

#include <functional>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/store/run_writer.h"

namespace ts::test {

struct UiFixture {
    QString path;
    Dataset dataset;
    std::vector<store::PredictionRecord> runA, runB;
};

// Creates <scratch>/<name>.tsproj with n items and the two runs; editDataset
// may change the items (labels, questions) before the runs are made from them.
UiFixture makeUiFixture(const std::string& name, int n,
                        const std::function<void(Dataset&)>& editDataset = {});

// The verdict of a record under a rule.
const ItemVerdict& verdictOf(const store::PredictionRecord& r, ScoringRuleKind rule);

// Sets up QSettings in test mode (no user settings touched) with an annotator.
void initUiTestSettings(const QString& annotator = QStringLiteral("tester"));

}  // namespace ts::test
