#include "core/model/model_info.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/model/checkpoint_files.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace ts::model {

namespace fs = std::filesystem;

ModelInfo inspectModel(const fs::path& dir) {
    ModelInfo info;
    info.dir = dir;
    info.config = loadModelConfig(dir);
    const CheckpointFiles files = CheckpointFiles::open(dir);
    info.sharded = files.sharded();
    for (const auto& f : files.files())
        info.files.push_back(fs::path(f.path()).filename().string());
    std::set<std::string> expected;
    for (const auto& w : expectedWeights(info.config)) expected.insert(w.name);
    for (const auto& name : files.names()) {
        const auto& e = files.entry(name);
        info.tensors.push_back({name, std::string(dtypeName(e.dtype)), e.shape, e.byteSize()});
        info.weightBytes += e.byteSize();
        ++info.dtypeTensorCounts[std::string(dtypeName(e.dtype))];
        if (expected.count(name))
            info.parameterCount += static_cast<std::int64_t>(e.numel());
        else
            info.unexpectedTensors.push_back(name);
    }
    for (const auto& name : expected)
        if (!files.contains(name)) info.missingWeights.push_back(name);

    info.hasTokenizerJson = fs::exists(dir / "tokenizer.json");
    info.hasGenerationConfig = fs::exists(dir / "generation_config.json");
    info.hasChatTemplate = fs::exists(dir / "chat_template.jinja");
    const auto tc = dir / "tokenizer_config.json";
    if (fs::exists(tc)) {
        info.hasTokenizerConfig = true;
        // Only a hint here (a malformed file is reported when the tokenizer loads).
        const std::string text = readFile(tc, kTokenizerFileLimit);
        const auto j = jsonDepthExceededAt(text) ? nlohmann::json()
                                                 : nlohmann::json::parse(text, nullptr, false);
        if (j.is_object() && j.contains("chat_template") && !j["chat_template"].is_null())
            info.hasChatTemplate = true;
    }
    return info;
}

}  // namespace ts::model
