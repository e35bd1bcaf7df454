#include "ui/jobs/demo_project_job.h"

#include <QDir>
#include <QStandardPaths>

#include <algorithm>
#include <filesystem>

#include "core/data/dataset_loader.h"
#include "core/store/catalog.h"
#include "core/store/dataset_writer.h"
#include "core/util/error.h"
#include "core/util/paths.h"
#ifdef TRACESCOPE_HAVE_GENERATORS
#include "core/data/generators/sample_data.h"
#endif

namespace ts::ui {

namespace fs = std::filesystem;

namespace {

DemoRunProvider& providerSlot() {
    static DemoRunProvider provider;
    return provider;
}

std::vector<fs::path> filesUnder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return files;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.' &&
            e.path().extension() != ".md")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// sample_data/ of the source tree, or a generated copy in the cache.
fs::path sampleRoot(const JobContext& context) {
    const fs::path root = sampleDataDir();
    if (!filesUnder(root / "babi").empty() || !filesUnder(root / "cotempqa").empty()) return root;
#ifdef TRACESCOPE_HAVE_GENERATORS
    const fs::path cache =
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath("sample_data").toStdString();
    context.log(QObject::tr("sample_data/ is empty: generating the sample datasets into %1")
                    .arg(QString::fromStdString(cache.string())));
    writeSampleData(cache);
    return cache;
#else
    throw Error("no sample data found (sample_data/ is empty) and this build has no generators",
                {root.string()});
#endif
}

}  // namespace

void setDemoRunProvider(DemoRunProvider provider) { providerSlot() = std::move(provider); }
const DemoRunProvider& demoRunProvider() { return providerSlot(); }

DemoProjectJob::DemoProjectJob(QString projectPath) : projectPath_(std::move(projectPath)) {}

void DemoProjectJob::run(const JobContext& context) {
    const std::string path = projectPath_.toStdString();
    fs::create_directories(fs::path(path).parent_path());
    store::Project project = store::Project::openOrCreate(path);
    const ProgressSink& progress = context.progress();
    if (store::listDatasets(project).empty()) {
        const fs::path root = sampleRoot(context);
        const std::pair<const char*, const char*> sets[] = {{"sample-cotempqa", "cotempqa"},
                                                            {"sample-babi", "babi"}};
        int k = 0;
        for (const auto& [name, folder] : sets) {
            const auto files = filesUnder(root / folder);
            const ProgressSink stage = progress.stage(0.5 * k, 0.5 * (k + 1));
            ++k;
            if (files.empty()) continue;
            stage.report(0.0, std::string("loading ") + name);
            LoadOptions options;
            options.progress = stage.stage(0.0, 0.6);
            Dataset dataset = loadDataset(files, DatasetFormat::Auto, options);
            dataset.name = name;
            stage.report(0.6, std::string("storing ") + name);
            const auto written = store::addDataset(project, dataset);
            context.log(tr("%1: %2 items from %3 files").arg(QString::fromUtf8(name)).arg(written.itemsAdded).arg(files.size()));
        }
    }
    const auto datasets = store::listDatasets(project);
    const auto runs = store::listRuns(project);
    summary_ = tr("%1 datasets, %2 runs").arg(datasets.size()).arg(runs.size());
    progress.report(1.0, "demo project ready");
}

}  // namespace ts::ui
