#pragma once
// What a model directory holds, without loading any weights (torch-free):
// the parsed config, the tensor files and their tensors, parameter counts,
// the dtypes in use, weights the architecture expects but the files lack,
// and whether tokenizer, chat template and generation config are present.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/model_config.h"

namespace ts::model {

struct TensorSummary {
    std::string name;
    std::string dtype;  // safetensors spelling: F32, BF16, ...
    std::vector<std::int64_t> shape;
    std::uint64_t bytes = 0;
};

struct ModelInfo {
    std::filesystem::path dir;
    ModelConfig config;
    bool sharded = false;
    std::vector<std::string> files;      // tensor files, relative to dir
    std::vector<TensorSummary> tensors;  // sorted by name
    std::uint64_t weightBytes = 0;
    std::int64_t parameterCount = 0;  // elements over the expected weights found
    std::map<std::string, std::int64_t> dtypeTensorCounts;
    std::vector<std::string> missingWeights;     // expected by the config, absent
    std::vector<std::string> unexpectedTensors;  // present, not used by the engine
    bool hasTokenizerJson = false;
    bool hasTokenizerConfig = false;
    bool hasChatTemplate = false;  // in tokenizer_config.json or chat_template.jinja
    bool hasGenerationConfig = false;
};

ModelInfo inspectModel(const std::filesystem::path& dir);

}  // namespace ts::model
