#include "core/train/demo_experiment.h"

#include <cstdlib>

#include "core/data/generators/sample_data.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace fs = std::filesystem;

namespace ts {

fs::path demoExperimentFile() {
    if (const char* env = std::getenv("TRACESCOPE_DEMO_EXPERIMENT"); env && *env) return env;
    return sourceDir() / "resources" / "experiments" / "demo.json";
}

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
    return train::runExperiment(spec, options, progress, observer);
}

}  // namespace ts
