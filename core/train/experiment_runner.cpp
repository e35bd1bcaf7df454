#include "core/train/experiment_runner.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "core/data/dataset_loader.h"
#include "core/decompose/sft_builder.h"
#include "core/model/causal_lm.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/store/run_lookup.h"
#include "core/train/chat_format.h"
#include "core/train/job_requests.h"
#include "core/train/run_bundle.h"
#include "core/train/run_import.h"
#include "core/train/scratch_model.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// One dataset's two splits, and its free-form conditions' trace files.
struct SplitData {
    Dataset train, test;
    TraceTextFiles traces;
};

Dataset loadSplit(const ExperimentDataset& d, BabiItems babiItems, const std::string& split,
                  int limit, const ProgressSink& progress) {
    LoadOptions options;
    options.babiItems = babiItems;
    options.marcoRetrieval = d.marcoRetrieval;
    options.progress = progress;
    Dataset out = keepSplit(
        loadDataset(expandDataPaths(d.paths), parseDatasetFormat(d.format), options), split, limit);
    out.name = d.name;
    if (out.items.empty())
        throw Error(
            "dataset '" + d.name + "' has no items in split '" + split + "'",
            {d.paths.front().string(), 0, split == d.trainSplit ? "train_split" : "test_split"});
    return out;
}

}  // namespace

Dataset loadExperimentTestSplit(const ExperimentDataset& d, const ProgressSink& progress) {
    return loadSplit(d, d.testBabiItems, d.testSplit, d.maxTestItems, progress);
}

namespace {

SftOptions sftOptionsFor(const ExperimentSpec& spec, const ExperimentDataset& d,
                         const SplitData& data, std::uint64_t seed) {
    SftOptions o;
    o.seed = seed;
    o.modelFamily = spec.model.family;
    o.includeSystemMessage = spec.systemMessage;
    o.promptStyle = PromptStyle::Training;
    o.traceTexts = &data.traces;
    // The trace files cover the dataset's files; a cell trains on one split.
    o.allowTracesOfOtherItems = true;
    o.swapSource = d.swapFrom;
    return o;
}

// Where a cell's base weights, tokenizer and chat template come from.
struct ModelSource {
    fs::path dir;  // HF folder (scratch: tokenizer + config, no weights)
    bool scratch = false;
    model::ModelConfig scratchConfig;
    std::unique_ptr<Tokenizer> tokenizer;
    ChatRenderer render;
};

class Runner {
public:
    Runner(const ExperimentSpec& spec, const ExperimentOptions& options,
           const ProgressSink& progress, const ExperimentObserver& observer)
        : spec_(spec), options_(options), progress_(progress), observer_(observer) {
        work_ = options.workDir.empty() ? defaultWorkDir(options.projectPath, spec.name)
                                        : options.workDir;
        engine_.device = options.device.value_or(spec.device);
        engine_.cpuThreads = options.cpuThreads.value_or(spec.cpuThreads);
        engine_.dtype =
            spec.model.dtype == "bfloat16" ? model::DType::BFloat16 : model::DType::Float32;
        if (spec.training.precision == Precision::Bf16) engine_.dtype = model::DType::BFloat16;
    }

    ExperimentReport run() {
        const auto started = Clock::now();
        fs::create_directories(work_);
        writeFileAtomic(work_ / "experiment.json", spec_.toJson().dump(2) + "\n");
        if (!options_.writeBundles)
            store::Project::openOrCreate(
                options_.projectPath.string());  // fail early on a bad project path

        ExperimentReport report;
        report.workDir = work_;
        const std::size_t cellsPerDataset = spec_.conditions.size() * spec_.seeds.size();
        const double totalCells = static_cast<double>(spec_.datasets.size() * cellsPerDataset);
        std::size_t index = 0;
        for (const auto& d : spec_.datasets) {
            if (options_.onlyCell &&
                (*options_.onlyCell < index || *options_.onlyCell >= index + cellsPerDataset)) {
                index += cellsPerDataset;  // the one cell asked for is another dataset's
                continue;
            }
            // Loading and (for scratch models) the tokenizer count as a small first slice.
            const double base = static_cast<double>(index) / totalCells;
            const auto prep = progress_.stage(base, base + 0.02 / totalCells);
            SplitData data{
                loadSplit(d, d.trainBabiItems, d.trainSplit, d.maxTrainItems, prep.stage(0, 0.2)),
                loadSplit(d, d.testBabiItems, d.testSplit, d.maxTestItems, prep.stage(0.2, 0.4)),
                readTraceTextFiles(d.traceFiles)};
            ModelSource source = prepareModel(d, data, prep.stage(0.4, 1.0));
            for (auto condition : spec_.conditions) {
                for (auto seed : spec_.seeds) {
                    if (options_.onlyCell && *options_.onlyCell != index) {
                        ++index;
                        continue;
                    }
                    const double from = static_cast<double>(index) / totalCells + 0.02 / totalCells;
                    const double to = static_cast<double>(index + 1) / totalCells;
                    report.cells.push_back(
                        runCell(d, data, source, condition, seed, progress_.stage(from, to)));
                    ++index;
                }
            }
        }
        if (!options_.writeBundles) {
            auto project = store::Project::open(options_.projectPath.string());
            report.summary = summarizeExperiment(project, spec_);
        }
        report.seconds = since(started);
        progress_.report(1.0, "experiment finished");
        return report;
    }

private:
    ModelSource prepareModel(const ExperimentDataset& d, const SplitData& data,
                             const ProgressSink& progress) {
        ModelSource s;
        if (spec_.model.scratch) {
            s.scratch = true;
            s.dir = work_ / d.name / "scratch-model";
            // The tokenizer learns from every chat the conditions will train on.
            std::vector<std::string> texts;
            const DecompositionRule& rule = ruleFor(data.train.kind);
            const SftOptions options = sftOptionsFor(spec_, d, data, spec_.seeds.front());
            const auto chatText = [](const SftExample& ex) {
                std::string text;
                for (const auto& m : ex.messages) text += m.content + "\n";
                return text;
            };
            for (auto condition : spec_.conditions) {
                if (condition == SftCondition::Swapped) {  // dealt out over the whole set
                    for (const auto& ex : buildSftSet(data.train, condition, options))
                        texts.push_back(chatText(ex));
                    continue;
                }
                for (const auto& item : data.train.items)
                    texts.push_back(chatText(buildSftExample(item, rule, condition, options)));
            }
            progress.report(0.0, "training the tokenizer of the scratch model");
            s.scratchConfig = prepareScratchModel(s.dir, *spec_.model.scratch, texts, progress);
        } else {
            s.dir = options_.modelPath.empty() ? spec_.model.path : options_.modelPath;
            if (!fs::is_directory(s.dir))
                throw Error("model folder not found", {s.dir.string(), 0, "model.path"});
        }
        s.tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(s.dir));
        s.render = chatRendererForModel(s.dir);
        return s;
    }

    model::CausalLM baseModel(const ModelSource& s, std::uint64_t seed) const {
        if (s.scratch) return model::CausalLM::randomInit(s.scratchConfig, engine_, seed);
        return model::CausalLM::load(s.dir, engine_);
    }

    TrainingConfig cellTraining(std::uint64_t seed) const {
        TrainingConfig c = spec_.training;
        c.seed = seed;
        c.dataSeed = seed;
        // A model trained from scratch has no base weights to keep frozen.
        if (spec_.model.scratch) c.lora.enabled = false;
        return c;
    }

    void stage(const CellKey& key, CellStage st) const {
        if (observer_.onStage) observer_.onStage(key, st);
    }

    CellOutcome runCell(const ExperimentDataset& d, const SplitData& data,
                        const ModelSource& source, SftCondition condition, std::uint64_t seed,
                        const ProgressSink& progress) {
        CellOutcome out;
        out.key = {d.name, condition, seed, runName(spec_, d, condition, seed)};
        if (alreadyDone(out.key.runName)) {
            out.skipped = true;
            stage(out.key, CellStage::Done);
            progress.report(
                1.0, out.key.runName + (options_.writeBundles ? ": its bundle is already written"
                                                              : ": already in the project"));
            return out;
        }
        const fs::path cellDir = work_ / d.name / std::string(sftConditionName(condition)) /
                                 ("s" + std::to_string(seed));
        const fs::path trainDir = cellDir / "train";
        const TrainingConfig training = cellTraining(seed);
        const std::string label = out.key.runName + ": ";

        // Train (or pick up the finished result).
        stage(out.key, CellStage::Training);
        progress.report(0.0, label + "training");
        auto t0 = Clock::now();
        std::optional<model::CausalLM> lm;
        if (auto done = finishedTraining(trainDir)) {
            out.training = *done;
        } else {
            const auto trainSink = progress.stage(0.0, 0.75);
            const auto examples =
                buildSftSet(data.train, condition, sftOptionsFor(spec_, d, data, seed),
                            trainSink.stage(0, 0.01));
            const auto rows =
                tokenizeSftSet(examples, *source.tokenizer, source.render, training.maxLength,
                               trainSink.stage(0.01, 0.03), training.lossOn);
            lm.emplace(baseModel(source, seed));
            out.training =
                trainSft(*lm, rows, training, {trainDir, source.dir, source.dir.string()},
                         trainSink.stage(0.03, 1.0), [&](const StepRecord& r, std::int64_t total) {
                             if (observer_.onTrainingStep)
                                 observer_.onTrainingStep(out.key, r, total);
                         });
        }
        out.trainSeconds = since(t0);

        // Infer on the test split.
        stage(out.key, CellStage::Inference);
        progress.report(0.75, label + "inference");
        t0 = Clock::now();
        if (!lm) {
            if (out.training.lora) {
                lm.emplace(baseModel(source, seed));
                lm->loadAdapter(out.training.finalDir, model::LoraMode::Merged);
            } else {
                lm.emplace(model::CausalLM::load(out.training.finalDir, engine_));
            }
        } else if (lm->hasAdapter()) {
            lm->mergeAdapter();  // one matmul per projection instead of three
        }
        const fs::path predictions = cellDir / "predictions.jsonl";
        out.inference =
            runInference(*lm, *source.tokenizer, source.render, data.test.items, data.test.kind,
                         spec_.inference, predictions, progress.stage(0.75, 0.97),
                         [&](const std::vector<std::string>&, const LiveScore& s) {
                             if (observer_.onPredictions) observer_.onPredictions(out.key, s);
                         });
        out.inferSeconds = since(t0);
        lm.reset();

        // Score and store, in one transaction (or leave a bundle to collect).
        stage(out.key, CellStage::Import);
        t0 = Clock::now();
        store::RunInfo info = runInfo(out, source, condition, seed, training, predictions, cellDir);
        info.traceType = traceTypeOf(condition, d.swapFrom);
        if (options_.writeBundles) {
            writeRunBundle(bundleRoot(work_), info, d.name, d.testSplit, predictions,
                           toJson(out.training));
        } else {
            auto project = store::Project::open(options_.projectPath.string());
            importPredictions(project, data.test, info, predictions, progress.stage(0.97, 1.0));
        }
        out.importSeconds = since(t0);
        stage(out.key, CellStage::Done);
        progress.report(1.0, label + (options_.writeBundles ? "bundle written" : "stored"));
        return out;
    }

    // A cell is done when its run is in the project (or, writing bundles,
    // when its bundle reads back complete).
    bool alreadyDone(const std::string& name) const {
        if (options_.writeBundles) {
            try {
                readRunBundle(bundleRoot(work_) / bundleFolderName(name));
                return true;
            } catch (const Error&) {
                return false;
            }
        }
        auto project = store::Project::open(options_.projectPath.string());
        return store::findRunId(project.db(), name).has_value();
    }

    // What a model trained on the condition writes: free text after the
    // free-form conditions (and after swapped ones dealt from them), the
    // checkable template otherwise (swapped rule-based traces stay checkable).
    static TraceType traceTypeOf(SftCondition c, std::optional<SftCondition> swapFrom) {
        switch (c) {
            case SftCondition::FreeForm:
                return TraceType::FreeForm;
            case SftCondition::Summary:
                return TraceType::Summary;
            case SftCondition::Explanation:
                return TraceType::Explanation;
            case SftCondition::Swapped:
                return swapFrom && sftConditionNeedsTraceFile(*swapFrom) ? TraceType::Swapped
                                                                         : TraceType::RuleBased;
            default:
                return TraceType::RuleBased;
        }
    }

    store::RunInfo runInfo(const CellOutcome& out, const ModelSource& source,
                           SftCondition condition, std::uint64_t seed,
                           const TrainingConfig& training, const fs::path& predictions,
                           const fs::path& cellDir) const {
        store::RunInfo info;
        info.name = out.key.runName;
        info.model = spec_.model.scratch ? "scratch:" + source.dir.string() : source.dir.string();
        info.checkpoint = out.training.finalDir.string();
        info.condition = std::string(sftConditionName(condition));
        info.seed = static_cast<long long>(seed);
        info.hyperParameters = {{"training", toJson(training)},
                                {"inference", spec_.toJson().at("inference")},
                                {"system_message", spec_.systemMessage},
                                {"truncated_rows", out.training.truncatedRows},
                                {"final_loss", out.training.finalLoss()}};
        info.source = {{"experiment", spec_.sourceFile.string()},
                       {"predictions", predictions.string()},
                       {"work_dir", cellDir.string()}};
        return info;
    }

    const ExperimentSpec& spec_;
    const ExperimentOptions& options_;
    const ProgressSink& progress_;
    const ExperimentObserver& observer_;
    fs::path work_;
    model::EngineOptions engine_;
};

}  // namespace

std::string cellStageName(CellStage s) {
    switch (s) {
        case CellStage::Training:
            return "training";
        case CellStage::Inference:
            return "inference";
        case CellStage::Import:
            return "import";
        case CellStage::Done:
            return "done";
    }
    return "done";
}

fs::path defaultWorkDir(const fs::path& projectPath, const std::string& experimentName) {
    fs::path base = projectPath;
    base.replace_extension();
    return base.parent_path() / (base.filename().string() + ".runs") / experimentName;
}

ExperimentReport runExperiment(const ExperimentSpec& spec, const ExperimentOptions& options,
                               const ProgressSink& progress, const ExperimentObserver& observer) {
    if (options.writeBundles ? options.workDir.empty() : options.projectPath.empty())
        throw Error(options.writeBundles ? "writing run bundles needs a work folder (--work-dir)"
                                         : "an experiment needs a project file (--project)");
    if (options.onlyCell && *options.onlyCell >= experimentCellCount(spec))
        throw Error("cell " + std::to_string(*options.onlyCell) +
                    " does not exist (the experiment has " +
                    std::to_string(experimentCellCount(spec)) + ": 0 to " +
                    std::to_string(experimentCellCount(spec) - 1) + ")");
    Runner runner(spec, options, progress, observer);
    return runner.run();
}

std::size_t experimentCellCount(const ExperimentSpec& spec) {
    return spec.datasets.size() * spec.conditions.size() * spec.seeds.size();
}

fs::path bundleRoot(const fs::path& workDir) {
    return workDir / "bundles";
}

CollectReport collectBundles(const ExperimentSpec& spec, const fs::path& projectPath,
                             const fs::path& bundles, const ProgressSink& progress) {
    // Every bundle is read and verified before anything is imported: a corrupt
    // one stops the collection with the project as it was.
    std::vector<RunBundle> found;
    for (const auto& dir : findRunBundles(bundles)) {
        found.push_back(readRunBundle(dir));
        const auto& b = found.back();
        if (std::none_of(spec.datasets.begin(), spec.datasets.end(),
                         [&](const ExperimentDataset& x) { return x.name == b.dataset; }))
            throw Error("the bundle's dataset '" + b.dataset + "' is not in the experiment file",
                        {(b.dir / "manifest.json").string(), 0, "dataset.name"});
    }
    CollectReport report;
    auto project = store::Project::openOrCreate(projectPath.string());
    std::map<std::string, Dataset> tests;  // each dataset's test split, loaded once
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& b = found[i];
        const auto sink = progress.stage(double(i) / found.size(), double(i + 1) / found.size());
        if (store::findRunId(project.db(), b.run.name)) {
            report.alreadyPresent.push_back(b.run.name);
            continue;
        }
        const auto d =
            std::find_if(spec.datasets.begin(), spec.datasets.end(),
                         [&](const ExperimentDataset& x) { return x.name == b.dataset; });
        if (!tests.count(d->name))
            tests.emplace(d->name, loadSplit(*d, d->testBabiItems, d->testSplit, d->maxTestItems,
                                             sink.stage(0, 0.5)));
        importPredictions(project, tests.at(d->name), b.run, b.predictions(), sink.stage(0.5, 1));
        report.imported.push_back(b.run.name);
    }
    progress.report(1.0, "collected " + std::to_string(report.imported.size()) + " run(s)");
    return report;
}

}  // namespace ts::train
