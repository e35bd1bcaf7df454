#include "core/train/experiment_spec.h"

#include <set>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/paths.h"
#include "core/util/text.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

struct Reader {
    const nlohmann::json& j;
    std::string file;
    std::string prefix;

    void known(const std::set<std::string>& keys) const {
        for (const auto& [key, value] : j.items())
            if (!keys.count(key)) throw Error("unknown setting", {file, 0, prefix + key});
    }
    bool has(const char* key) const { return j.contains(key); }
    const nlohmann::json& at(const char* key) const {
        if (!j.contains(key)) throw Error("is required", {file, 0, prefix + key});
        return j.at(key);
    }
    template <class T>
    T get(const char* key, T fallback) const {
        if (!j.contains(key)) return fallback;
        try {
            return j.at(key).get<T>();
        } catch (const nlohmann::json::exception&) {
            throw Error("has the wrong type (" + std::string(j.at(key).type_name()) + ")",
                        {file, 0, prefix + key});
        }
    }
    Reader child(const char* key) const {
        const auto& c = at(key);
        if (!c.is_object()) throw Error("must be an object", {file, 0, prefix + key});
        return {c, file, prefix + key + "."};
    }
};

BabiItems parseBabiItems(const std::string& v, const std::string& file, const std::string& key) {
    if (v == "first") return BabiItems::FirstQuestionPerStory;
    if (v == "all") return BabiItems::AllQuestions;
    throw Error("expected \"first\" or \"all\"", {file, 0, key});
}

std::string babiItemsName(BabiItems b) {
    return b == BabiItems::AllQuestions ? "all" : "first";
}

MarcoRetrieval parseMarcoRetrieval(const std::string& v, const std::string& file,
                                   const std::string& key) {
    if (v == "overlap") return MarcoRetrieval::MaxWordOverlap;
    if (v == "is-selected") return MarcoRetrieval::IsSelected;
    throw Error("expected \"overlap\" or \"is-selected\"", {file, 0, key});
}

std::string marcoRetrievalName(MarcoRetrieval m) {
    return m == MarcoRetrieval::IsSelected ? "is-selected" : "overlap";
}

fs::path resolvePath(const std::string& p, const fs::path& base) {
    if (startsWith(p, "sample:")) return sampleDataDir() / p.substr(7);
    if (startsWith(p, "shared:")) return sharedDataDir() / p.substr(7);
    const fs::path path(p);
    return path.is_absolute() ? path : base / path;
}

// "traces": {"free-form": "r1.jsonl", ...}, one file per free-form condition.
std::map<SftCondition, fs::path> parseTraceFiles(const Reader& r, const fs::path& base) {
    std::map<SftCondition, fs::path> files;
    if (!r.has("traces")) return files;
    const Reader traces = r.child("traces");
    for (const auto& [key, value] : traces.j.items()) {
        const auto condition = parseSftCondition(key);
        if (!condition || !sftConditionNeedsTraceFile(*condition))
            throw Error("is not a condition with a trace file (" +
                            sftConditionNames(freeFormSftConditions()) + ")",
                        {r.file, 0, traces.prefix + key});
        if (!value.is_string() || value.get<std::string>().empty())
            throw Error("must be a file name", {r.file, 0, traces.prefix + key});
        files[*condition] = resolvePath(value.get<std::string>(), base);
    }
    return files;
}

std::optional<SftCondition> parseSwapFrom(const Reader& r) {
    if (!r.has("swap_from")) return std::nullopt;
    const auto name = r.get<std::string>("swap_from", "");
    const auto condition = parseSftCondition(name);
    if (!condition || !sftConditionIsSwapSource(*condition))
        throw Error("'" + name + "' is not a condition with a trace to swap (any of " +
                        sftConditionNames(everySftCondition()) + " but vanilla and swapped)",
                    {r.file, 0, r.prefix + "swap_from"});
    return condition;
}

// The conditions' inputs must be named by every dataset they are built on.
void requireConditionInputs(const ExperimentDataset& d, const std::vector<SftCondition>& conditions,
                            const std::string& file, const std::string& prefix) {
    for (auto c : conditions) {
        if (c == SftCondition::Swapped && !d.swapFrom)
            throw Error("is required by condition swapped", {file, 0, prefix + "swap_from"});
        const auto needsFile = [&](SftCondition f, const std::string& why) {
            if (sftConditionNeedsTraceFile(f) && !d.traceFiles.count(f))
                throw Error("is required by " + why,
                            {file, 0, prefix + "traces." + std::string(sftConditionName(f))});
        };
        needsFile(c, "condition " + std::string(sftConditionName(c)));
        if (c == SftCondition::Swapped) needsFile(*d.swapFrom, "swap_from");
    }
}

ExperimentDataset parseDataset(const Reader& r, const fs::path& base) {
    r.known({"name", "paths", "format", "train_split", "test_split", "train_babi_items",
             "test_babi_items", "max_train_items", "max_test_items", "marco_retrieval", "traces",
             "swap_from"});
    ExperimentDataset d;
    d.name = r.get<std::string>("name", "");
    if (d.name.empty() || d.name.find('/') != std::string::npos)
        throw Error("must be a non-empty name without '/'", {r.file, 0, r.prefix + "name"});
    const auto& paths = r.at("paths");
    if (!paths.is_array() || paths.empty())
        throw Error("must be a non-empty list", {r.file, 0, r.prefix + "paths"});
    for (const auto& p : paths) {
        if (!p.is_string()) throw Error("must hold strings", {r.file, 0, r.prefix + "paths"});
        d.paths.push_back(resolvePath(p.get<std::string>(), base));
    }
    d.format = r.get<std::string>("format", d.format);
    d.trainSplit = r.get<std::string>("train_split", d.trainSplit);
    d.testSplit = r.get<std::string>("test_split", d.testSplit);
    d.trainBabiItems = parseBabiItems(r.get<std::string>("train_babi_items", "first"), r.file,
                                      r.prefix + "train_babi_items");
    d.testBabiItems = parseBabiItems(r.get<std::string>("test_babi_items", "first"), r.file,
                                     r.prefix + "test_babi_items");
    d.marcoRetrieval = parseMarcoRetrieval(r.get<std::string>("marco_retrieval", "overlap"), r.file,
                                           r.prefix + "marco_retrieval");
    d.maxTrainItems = r.get<int>("max_train_items", 0);
    d.maxTestItems = r.get<int>("max_test_items", 0);
    if (d.maxTrainItems < 0 || d.maxTestItems < 0)
        throw Error("item limits must not be negative", {r.file, 0, r.prefix + "max_train_items"});
    d.traceFiles = parseTraceFiles(r, base);
    d.swapFrom = parseSwapFrom(r);
    return d;
}

ScratchModelSpec parseScratch(const Reader& r) {
    r.known({"vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
             "num_key_value_heads", "intermediate_size", "max_position_embeddings", "rope_theta"});
    ScratchModelSpec s;
    s.vocabSize = r.get<std::int64_t>("vocab_size", s.vocabSize);
    s.hiddenSize = r.get<std::int64_t>("hidden_size", s.hiddenSize);
    s.numLayers = r.get<std::int64_t>("num_hidden_layers", s.numLayers);
    s.numHeads = r.get<std::int64_t>("num_attention_heads", s.numHeads);
    s.numKvHeads = r.get<std::int64_t>("num_key_value_heads", s.numKvHeads);
    s.intermediateSize = r.get<std::int64_t>("intermediate_size", s.intermediateSize);
    s.maxPositions = r.get<std::int64_t>("max_position_embeddings", s.maxPositions);
    s.ropeTheta = r.get<double>("rope_theta", s.ropeTheta);
    if (s.vocabSize < 300)
        throw Error("must be at least 300 (256 bytes + special tokens + merges)",
                    {r.file, 0, r.prefix + "vocab_size"});
    if (s.hiddenSize < 8 || s.numLayers < 1 || s.numHeads < 1 || s.numKvHeads < 1 ||
        s.intermediateSize < 1)
        throw Error("model sizes must be positive", {r.file, 0, r.prefix + "hidden_size"});
    if (s.hiddenSize % s.numHeads != 0 || s.numHeads % s.numKvHeads != 0 ||
        (s.hiddenSize / s.numHeads) % 2 != 0)
        throw Error("hidden_size must split into an even head size and heads into KV groups",
                    {r.file, 0, r.prefix + "num_attention_heads"});
    return s;
}

}  // namespace

ExperimentSpec parseExperimentSpec(const nlohmann::json& j, const fs::path& sourceFile) {
    const std::string file = sourceFile.string();
    if (!j.is_object()) throw Error("an experiment file must hold a JSON object", {file});
    const Reader r{j, file, ""};
    r.known({"name", "datasets", "conditions", "seeds", "model", "training", "inference",
             "system_message", "device", "cpu_threads", "description"});
    const fs::path base =
        sourceFile.has_parent_path() ? sourceFile.parent_path() : fs::current_path();
    ExperimentSpec s;
    s.sourceFile = sourceFile;
    s.name = r.get<std::string>("name", s.name);
    if (s.name.empty() || s.name.find('/') != std::string::npos)
        throw Error("must be a non-empty name without '/'", {file, 0, "name"});

    const auto& datasets = r.at("datasets");
    if (!datasets.is_array() || datasets.empty())
        throw Error("must be a non-empty list", {file, 0, "datasets"});
    std::set<std::string> names;
    for (std::size_t i = 0; i < datasets.size(); ++i) {
        if (!datasets[i].is_object())
            throw Error("must be an object", {file, 0, "datasets[" + std::to_string(i) + "]"});
        s.datasets.push_back(
            parseDataset({datasets[i], file, "datasets[" + std::to_string(i) + "]."}, base));
        if (!names.insert(s.datasets.back().name).second)
            throw Error("dataset names must be unique",
                        {file, 0, "datasets[" + std::to_string(i) + "].name"});
    }

    const auto& conditions = r.at("conditions");
    if (!conditions.is_array() || conditions.empty())
        throw Error("must be a non-empty list", {file, 0, "conditions"});
    for (const auto& c : conditions) {
        const auto parsed = c.is_string() ? parseSftCondition(c.get<std::string>()) : std::nullopt;
        if (!parsed)
            throw Error("unknown condition " + c.dump() + " (" +
                            sftConditionNames(everySftCondition()) + ")",
                        {file, 0, "conditions"});
        s.conditions.push_back(*parsed);
    }
    for (std::size_t i = 0; i < s.datasets.size(); ++i)
        requireConditionInputs(s.datasets[i], s.conditions, file,
                               "datasets[" + std::to_string(i) + "].");
    s.seeds = r.get<std::vector<std::uint64_t>>("seeds", s.seeds);
    if (s.seeds.empty()) throw Error("must name at least one seed", {file, 0, "seeds"});

    const Reader m = r.child("model");
    m.known({"path", "scratch", "family", "dtype"});
    if (m.has("path") == m.has("scratch"))
        throw Error("needs exactly one of path and scratch", {file, 0, "model"});
    if (m.has("path"))
        s.model.path = resolvePath(m.get<std::string>("path", ""), base);
    else
        s.model.scratch = parseScratch(m.child("scratch"));
    s.model.family = m.get<std::string>("family", s.model.family);
    s.model.dtype = m.get<std::string>("dtype", s.model.dtype);
    if (s.model.dtype != "float32" && s.model.dtype != "bfloat16")
        throw Error("expected float32 or bfloat16", {file, 0, "model.dtype"});

    if (r.has("training")) s.training = trainingConfigFromJson(r.at("training"), file);
    if (r.has("inference")) {
        const Reader inf = r.child("inference");
        inf.known({"batch_size", "max_new_tokens", "no_generation_prompt", "prompt_style"});
        s.inference.batchSize = inf.get<int>("batch_size", s.inference.batchSize);
        s.inference.maxNewTokens = inf.get<int>("max_new_tokens", s.inference.maxNewTokens);
        s.inference.noGenerationPrompt =
            inf.get<bool>("no_generation_prompt", s.inference.noGenerationPrompt);
        const auto style = inf.get<std::string>("prompt_style", "training");
        if (style == "training")
            s.inference.promptStyle = PromptStyle::Training;
        else if (style == "paper-inference")
            s.inference.promptStyle = PromptStyle::PaperInference;
        else
            throw Error("expected \"training\" or \"paper-inference\"",
                        {file, 0, "inference.prompt_style"});
        if (s.inference.batchSize < 1 || s.inference.maxNewTokens < 1)
            throw Error("batch_size and max_new_tokens must be at least 1", {file, 0, "inference"});
    }
    s.systemMessage = r.get<bool>("system_message", s.systemMessage);
    s.inference.includeSystemMessage = s.systemMessage;
    s.inference.modelFamily = s.model.family;
    s.device = r.get<std::string>("device", s.device);
    s.cpuThreads = r.get<int>("cpu_threads", s.cpuThreads);
    return s;
}

ExperimentSpec loadExperimentSpec(const fs::path& file) {
    const nlohmann::json j = parseJsonChecked(readFile(file, kConfigFileLimit), file.string());
    return parseExperimentSpec(j, file);
}

nlohmann::json ExperimentSpec::toJson() const {
    nlohmann::json ds = nlohmann::json::array();
    for (const auto& d : datasets) {
        std::vector<std::string> paths;
        for (const auto& p : d.paths) paths.push_back(p.string());
        ds.push_back({{"name", d.name},
                      {"paths", paths},
                      {"format", d.format},
                      {"train_split", d.trainSplit},
                      {"test_split", d.testSplit},
                      {"train_babi_items", babiItemsName(d.trainBabiItems)},
                      {"test_babi_items", babiItemsName(d.testBabiItems)},
                      {"marco_retrieval", marcoRetrievalName(d.marcoRetrieval)},
                      {"max_train_items", d.maxTrainItems},
                      {"max_test_items", d.maxTestItems}});
        // Written only when set, so the files of experiments without them stay as they were.
        if (!d.traceFiles.empty()) {
            nlohmann::json traces = nlohmann::json::object();
            for (const auto& [c, p] : d.traceFiles)
                traces[std::string(sftConditionName(c))] = p.string();
            ds.back()["traces"] = traces;
        }
        if (d.swapFrom) ds.back()["swap_from"] = std::string(sftConditionName(*d.swapFrom));
    }
    std::vector<std::string> conds;
    for (auto c : conditions) conds.emplace_back(sftConditionName(c));
    nlohmann::json m = {{"family", model.family}, {"dtype", model.dtype}};
    if (model.scratch) {
        const auto& s = *model.scratch;
        m["scratch"] = {{"vocab_size", s.vocabSize},
                        {"hidden_size", s.hiddenSize},
                        {"num_hidden_layers", s.numLayers},
                        {"num_attention_heads", s.numHeads},
                        {"num_key_value_heads", s.numKvHeads},
                        {"intermediate_size", s.intermediateSize},
                        {"max_position_embeddings", s.maxPositions},
                        {"rope_theta", s.ropeTheta}};
    } else {
        m["path"] = model.path.string();
    }
    return {{"name", name},
            {"datasets", ds},
            {"conditions", conds},
            {"seeds", seeds},
            {"model", m},
            {"training", train::toJson(training)},
            {"inference",
             {{"batch_size", inference.batchSize},
              {"max_new_tokens", inference.maxNewTokens},
              {"no_generation_prompt", inference.noGenerationPrompt},
              {"prompt_style",
               inference.promptStyle == PromptStyle::Training ? "training" : "paper-inference"}}},
            {"system_message", systemMessage},
            {"device", device},
            {"cpu_threads", cpuThreads}};
}

std::string runName(const ExperimentSpec& spec, const ExperimentDataset& dataset,
                    SftCondition condition, std::uint64_t seed) {
    return spec.name + "/" + dataset.name + "/" + std::string(sftConditionName(condition)) + "/s" +
           std::to_string(seed);
}

}  // namespace ts::train
