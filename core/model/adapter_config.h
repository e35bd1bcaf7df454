#pragma once
// adapter_config.json of a PEFT LoRA adapter (peft 0.x), torch-free: rank,
// alpha, rsLoRA scaling, target modules, and the options the engine refuses
// (DoRA, LoRA biases, fan_in_fan_out, modules_to_save) with an error naming the key.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ts::model {

struct AdapterConfig {
    std::int64_t r = 8;
    double loraAlpha = 8.0;
    double loraDropout = 0.0;
    bool useRslora = false;
    std::vector<std::string> targetModules;  // e.g. q_proj, v_proj (matched as name suffixes)
    std::string targetModulesRegex;          // when PEFT was given a regex string instead
    std::map<std::string, std::int64_t> rankPattern;  // module-name suffix -> r
    std::map<std::string, double> alphaPattern;       // module-name suffix -> alpha
    std::string baseModelNameOrPath;
    std::string taskType = "CAUSAL_LM";

    // alpha / r, or alpha / sqrt(r) with rsLoRA, for a module (patterns applied).
    double scaling(const std::string& moduleName) const;
    std::int64_t rankFor(const std::string& moduleName) const;
    double alphaFor(const std::string& moduleName) const;
    // Whether PEFT would put an adapter on this module (e.g. model.layers.0.self_attn.q_proj).
    bool targets(const std::string& moduleName) const;
};

AdapterConfig parseAdapterConfig(const std::string& jsonText, const std::string& where);
AdapterConfig loadAdapterConfig(const std::filesystem::path& adapterDir);
// adapter_config.json text that peft's LoraConfig.from_pretrained accepts.
std::string adapterConfigJson(const AdapterConfig& config);

// PEFT's saved key prefix: base_model.model.<module>.lora_A.weight
inline constexpr const char* kPeftPrefix = "base_model.model.";

}  // namespace ts::model
