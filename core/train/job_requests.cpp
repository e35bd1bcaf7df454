#include "core/train/job_requests.h"

#include <algorithm>

#include "core/data/dataset_loader.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/model/causal_lm.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/store/project.h"
#include "core/train/chat_format.h"
#include "core/train/run_import.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace ts::train {

std::vector<std::filesystem::path> expandDataPaths(
    const std::vector<std::filesystem::path>& paths) {
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    for (const auto& p : paths) {
        if (!fs::is_directory(p)) {
            out.push_back(p);
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(p)) {
            const auto name = e.path().filename().string();
            if (e.is_regular_file() && !name.empty() && name[0] != '.' &&
                e.path().extension() != ".md")
                files.push_back(e.path());
        }
        if (files.empty()) throw Error("the folder holds no data files", {p.string()});
        std::sort(files.begin(), files.end());
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

Dataset keepSplit(Dataset all, const std::string& split, int limit) {
    Dataset out;
    out.kind = all.kind;
    out.name = all.name;
    out.sourceFiles = std::move(all.sourceFiles);
    for (auto& item : all.items) {
        if (item.split != split) continue;
        if (limit > 0 && static_cast<int>(out.items.size()) >= limit) break;
        out.items.push_back(std::move(item));
    }
    return out;
}

Dataset selectItems(const DataSelection& s, const ProgressSink& progress) {
    if (s.files.empty()) throw Error("no dataset files were given");
    LoadOptions options;
    options.progress = progress;
    Dataset out =
        keepSplit(loadDataset(expandDataPaths(s.files), parseDatasetFormat(s.format), options),
                  s.split, s.limit);
    if (out.items.empty())
        throw Error("the dataset has no items in split '" + s.split + "'",
                    {s.files.front().string(), 0, "split"});
    return out;
}

TokenizedSet fineTuneRows(const FineTuneRequest& r, const ProgressSink& progress) {
    const auto tokenizer = Tokenizer::load(r.modelDir);
    const auto render = chatRendererForModel(r.modelDir);
    std::vector<SftExample> examples;
    if (!r.sftFile.empty()) {
        examples = parseSftJsonl(readFile(r.sftFile), r.sftFile.string());
    } else {
        const Dataset d = selectItems(r.data, progress.stage(0.0, 0.3));
        SftOptions o;
        o.seed = r.config.seed;
        o.modelFamily = r.family;
        o.includeSystemMessage = r.systemMessage;
        examples = buildSftSet(d, r.condition, o, progress.stage(0.3, 0.4));
    }
    return tokenizeSftSet(examples, tokenizer, render, r.config.maxLength, progress.stage(0.4, 1.0),
                          r.config.lossOn);
}

TrainingResult runFineTune(const FineTuneRequest& r, const ProgressSink& progress,
                           const StepCallback& onStep) {
    if (r.outputDir.empty()) throw Error("the fine-tuning job needs an output folder");
    if (auto done = finishedTraining(r.outputDir)) return *done;
    validate(r.config, "fine-tuning settings");
    const auto rows = fineTuneRows(r, progress.stage(0.0, 0.03));
    model::EngineOptions engine;
    engine.device = r.device;
    engine.cpuThreads = r.cpuThreads;
    if (r.config.precision == Precision::Bf16) engine.dtype = model::DType::BFloat16;
    progress.report(0.03, "loading " + r.modelDir.string());
    auto lm = model::CausalLM::load(r.modelDir, engine);
    return trainSft(lm, rows, r.config,
                    {r.outputDir, r.modelDir, r.modelDir.string(), r.distributed},
                    progress.stage(0.03, 1.0), onStep);
}

InferenceOutcome runInferenceRequest(const InferenceRequest& r, const ProgressSink& progress,
                                     const BatchCallback& onBatch) {
    if (r.predictionsFile.empty()) throw Error("the inference job needs a predictions file");
    if (!r.projectPath.empty() && r.runName.empty())
        throw Error("a run name is needed to store the run");
    const Dataset d = selectItems(r.data, progress.stage(0.0, 0.02));
    model::EngineOptions engine;
    engine.device = r.device;
    engine.cpuThreads = r.cpuThreads;
    const auto dtype = model::parseDType(r.dtype);
    if (!dtype) throw Error("unknown dtype '" + r.dtype + "'", {{}, 0, "dtype"});
    engine.dtype = *dtype;
    progress.report(0.02, "loading " + r.modelDir.string());
    auto lm = model::CausalLM::load(r.modelDir, engine);
    if (!r.adapterDir.empty()) lm.loadAdapter(r.adapterDir, model::LoraMode::Merged);
    const auto tokenizer = Tokenizer::load(r.modelDir);
    const auto render = chatRendererForModel(r.modelDir);
    InferenceOutcome out;
    out.inference =
        runInference(lm, tokenizer, render, d.items, d.kind, r.options, r.predictionsFile,
                     progress.stage(0.03, r.projectPath.empty() ? 1.0 : 0.97), onBatch);
    if (!r.projectPath.empty()) {
        store::RunInfo info;
        info.name = r.runName;
        info.model = r.modelDir.string();
        info.checkpoint = r.adapterDir.string();
        info.condition = r.condition;
        if (r.seed) info.seed = *r.seed;
        info.hyperParameters = {
            {"max_new_tokens", r.options.maxNewTokens},
            {"batch_size", r.options.batchSize},
            {"no_generation_prompt", r.options.noGenerationPrompt},
            {"paper_prompts", r.options.promptStyle == PromptStyle::PaperInference},
            {"system_message", r.options.includeSystemMessage}};
        info.source = {{"predictions", r.predictionsFile.string()}};
        auto project = store::Project::openOrCreate(r.projectPath.string());
        out.stored =
            importPredictions(project, d, info, r.predictionsFile, progress.stage(0.97, 1.0));
    }
    return out;
}

}  // namespace ts::train
