#include "tests/ui/ui_fixtures.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

#include "core/store/project.h"
#include "tests/common/test_support.h"
#include "tests/store/store_fixtures.h"

namespace ts::test {

UiFixture makeUiFixture(const std::string& name, int n, const std::function<void(Dataset&)>& editDataset) {
    UiFixture f;
    const auto dir = scratchDir(name);
    const std::string path = (dir / (name + ".tsproj")).string();
    f.path = QString::fromStdString(path);
    f.dataset = syntheticDataset(name + "-items", n);
    if (editDataset) editDataset(f.dataset);
    f.runA = syntheticPredictions(f.dataset, 0);
    f.runB = syntheticPredictions(f.dataset, 1);
    store::Project project = store::Project::create(path);
    store::RunInfo a;
    a.name = "run-a";
    a.model = "model-a";
    a.condition = "correct-trace";
    store::importRun(project, f.dataset, a, f.runA);
    store::RunInfo b;
    b.name = "run-b";
    b.model = "model-b";
    b.condition = "perturbed-trace";
    store::importRun(project, f.dataset, b, f.runB);
    return f;
}

const ItemVerdict& verdictOf(const store::PredictionRecord& r, ScoringRuleKind rule) {
    for (const auto& v : r.verdicts)
        if (v.rule == rule) return v;
    return r.verdicts.front();
}

void initUiTestSettings(const QString& annotator) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TraceScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TraceScopeTest"));
    QSettings settings;
    settings.clear();
    settings.setValue(QStringLiteral("annotator"), annotator);
}

}  // namespace ts::test
