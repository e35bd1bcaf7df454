#include "core/train/demo_experiment.h"

#include <cstdlib>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data/generators/sample_data.h"
#include "core/score/native_predictions.h"
#include "core/store/run_lookup.h"
#include "core/train/run_import.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/paths.h"

namespace fs = std::filesystem;

namespace ts {

fs::path demoExperimentFile() {
    if (const char* env = std::getenv("TRACESCOPE_DEMO_EXPERIMENT"); env && *env) return env;
    return sourceDir() / "resources" / "experiments" / "demo.json";
}

namespace {

// The generators' free-form run (sample_data/runs/babi: template-made R1-style
// thinking over the bAbI test items), so the Read and Analyse workspaces and
// a study can be tried on a free-form trace without outside data. Imported
// once, next to the trained runs of the same items.
void importSampleFreeFormRun(const fs::path& projectPath, const train::ExperimentSpec& spec,
                             const fs::path& workDir) {
    fs::path file = sampleDataDir() / "runs" / "babi" / "free-form-predictions.jsonl";
    if (!fs::exists(file))
        file = workDir / "sample_data" / "runs" / "babi" / "free-form-predictions.jsonl";
    const auto babi = std::find_if(spec.datasets.begin(), spec.datasets.end(),
                                   [](const auto& d) { return d.name == "sample-babi"; });
    if (!fs::exists(file) || babi == spec.datasets.end()) return;
    store::RunInfo run;
    run.name = spec.name + "/sample-babi/free-form-sample";
    auto project = store::Project::open(projectPath.string());
    if (store::findRunId(project.db(), run.name)) return;
    run.model = "template-generator (sample data)";
    run.condition = "free-form";
    run.traceType = TraceType::FreeForm;
    run.source = {{"sample_data", file.string()}};
    // The predictions of the items the experiment tests (a reduced experiment
    // tests fewer than the sample run answers).
    const Dataset test = train::loadExperimentTestSplit(*babi);
    std::set<std::string> ids;
    for (const auto& item : test.items) ids.insert(item.id);
    std::string kept;
    for (const auto& p : readNativePredictions(file))
        if (ids.count(p.itemId))
            kept +=
                nlohmann::json{{"item_id", p.itemId}, {"prediction", p.prediction}}.dump() + "\n";
    const fs::path subset = workDir / "free-form-sample.jsonl";
    fs::create_directories(workDir);
    writeFileAtomic(subset, kept);
    train::importPredictions(project, test, run, subset);
}

}  // namespace

train::ExperimentReport runDemoExperiment(const fs::path& projectPath, const ProgressSink& progress,
                                          const train::ExperimentObserver& observer, int cpuThreads,
                                          std::optional<std::uint64_t> seed) {
    const fs::path file = demoExperimentFile();
    if (!fs::is_regular_file(file))
        throw Error("the demo experiment file is missing", {file.string()});
    train::ExperimentSpec spec = train::loadExperimentSpec(file);
    if (seed) spec.seeds = {*seed};
    train::ExperimentOptions options;
    options.projectPath = projectPath;
    options.device = "cpu";
    if (cpuThreads > 0) options.cpuThreads = cpuThreads;
    // Sample data that is not there (an installed copy without the source
    // tree) is regenerated: the generators are deterministic by seed.
    const fs::path workDir = train::defaultWorkDir(projectPath, spec.name);
    for (auto& d : spec.datasets) {
        for (auto& p : d.paths) {
            if (fs::exists(p)) continue;
            const fs::path rel = p.lexically_relative(sampleDataDir());
            if (rel.empty() || *rel.begin() == "..")
                throw Error("dataset path not found", {p.string()});
            const fs::path regenerated = workDir / "sample_data";
            if (!fs::exists(regenerated / rel)) writeSampleData(regenerated);
            p = regenerated / rel;
        }
    }
    auto report = train::runExperiment(spec, options, progress, observer);
    importSampleFreeFormRun(projectPath, spec, workDir);
    return report;
}

}  // namespace ts
