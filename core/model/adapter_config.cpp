#include "core/model/adapter_config.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts::model {

using nlohmann::json;

namespace {

// PEFT matches rank/alpha pattern keys as regexes anchored at a dot boundary
// at the end of the module name: re.match(rf"(^|.*\.){key}$", name).
bool patternMatches(const std::string& pattern, const std::string& name) {
    try {
        return std::regex_match(name, std::regex("(^|.*\\.)" + pattern + "$"));
    } catch (const std::regex_error&) {
        return name == pattern || endsWith(name, "." + pattern);
    }
}

}  // namespace

std::int64_t AdapterConfig::rankFor(const std::string& m) const {
    for (const auto& [k, v] : rankPattern)
        if (patternMatches(k, m)) return v;
    return r;
}

double AdapterConfig::alphaFor(const std::string& m) const {
    for (const auto& [k, v] : alphaPattern)
        if (patternMatches(k, m)) return v;
    return loraAlpha;
}

double AdapterConfig::scaling(const std::string& m) const {
    const double rank = static_cast<double>(rankFor(m));
    return useRslora ? alphaFor(m) / std::sqrt(rank) : alphaFor(m) / rank;
}

bool AdapterConfig::targets(const std::string& m) const {
    if (!targetModulesRegex.empty()) {
        try {
            return std::regex_match(m, std::regex(targetModulesRegex));
        } catch (const std::regex_error&) {
            return false;
        }
    }
    for (const auto& t : targetModules)
        if (m == t || endsWith(m, "." + t)) return true;
    return false;
}

AdapterConfig parseAdapterConfig(const std::string& text, const std::string& where) {
    requireJsonDepthWithin(text, where);
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error("not a JSON object", {where});
    const auto err = [&](const std::string& key, const std::string& msg) {
        return Error(msg, {where, 0, key});
    };
    const auto get = [&](const char* key) -> const json* {
        const auto it = j.find(key);
        return (it == j.end() || it->is_null()) ? nullptr : &*it;
    };
    AdapterConfig c;
    if (const json* v = get("peft_type"); v && (!v->is_string() || v->get<std::string>() != "LORA"))
        throw err("peft_type", "only LORA adapters are supported");
    const json* r = get("r");
    if (!r || !r->is_number_integer() || r->get<std::int64_t>() <= 0)
        throw err("r", "expected a positive integer");
    c.r = r->get<std::int64_t>();
    if (const json* v = get("lora_alpha")) {
        if (!v->is_number()) throw err("lora_alpha", "expected a number");
        c.loraAlpha = v->get<double>();
    } else {
        c.loraAlpha = 8.0;  // peft's default
    }
    if (const json* v = get("lora_dropout")) {
        if (!v->is_number()) throw err("lora_dropout", "expected a number");
        c.loraDropout = v->get<double>();
    }
    if (const json* v = get("use_rslora")) {
        if (!v->is_boolean()) throw err("use_rslora", "expected true or false");
        c.useRslora = v->get<bool>();
    }
    if (const json* v = get("use_dora"); v && v->is_boolean() && v->get<bool>())
        throw err("use_dora", "DoRA adapters are not supported");
    if (const json* v = get("lora_bias"); v && v->is_boolean() && v->get<bool>())
        throw err("lora_bias", "LoRA bias terms are not supported");
    if (const json* v = get("bias"); v && (!v->is_string() || v->get<std::string>() != "none"))
        throw err("bias", "only bias 'none' is supported");
    if (const json* v = get("fan_in_fan_out"); v && v->is_boolean() && v->get<bool>())
        throw err("fan_in_fan_out", "fan_in_fan_out (Conv1D layers) is not supported");
    if (const json* v = get("modules_to_save"); v && !(v->is_array() && v->empty()))
        throw err("modules_to_save", "fully trained extra modules are not supported");
    if (get("layers_to_transform"))
        throw err("layers_to_transform", "adapters restricted to some layers are not supported");
    const json* tm = get("target_modules");
    if (!tm) throw err("target_modules", "missing");
    if (tm->is_string()) {
        c.targetModulesRegex = tm->get<std::string>();
    } else if (tm->is_array()) {
        for (const auto& t : *tm) {
            if (!t.is_string()) throw err("target_modules", "expected module names");
            c.targetModules.push_back(t.get<std::string>());
        }
    } else {
        throw err("target_modules", "expected a list of module names or a regex string");
    }
    if (const json* v = get("rank_pattern")) {
        if (!v->is_object()) throw err("rank_pattern", "expected an object");
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (!it->is_number_integer() || it->get<std::int64_t>() <= 0)
                throw err("rank_pattern." + it.key(), "expected a positive integer");
            c.rankPattern[it.key()] = it->get<std::int64_t>();
        }
    }
    if (const json* v = get("alpha_pattern")) {
        if (!v->is_object()) throw err("alpha_pattern", "expected an object");
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (!it->is_number()) throw err("alpha_pattern." + it.key(), "expected a number");
            c.alphaPattern[it.key()] = it->get<double>();
        }
    }
    if (const json* v = get("base_model_name_or_path"); v && v->is_string())
        c.baseModelNameOrPath = v->get<std::string>();
    if (const json* v = get("task_type"); v && v->is_string()) c.taskType = v->get<std::string>();
    return c;
}

AdapterConfig loadAdapterConfig(const std::filesystem::path& dir) {
    const auto path = dir / "adapter_config.json";
    if (!std::filesystem::exists(path))
        throw Error("adapter_config.json not found", {path.string()});
    return parseAdapterConfig(readFile(path, kConfigFileLimit), path.string());
}

std::string adapterConfigJson(const AdapterConfig& c) {
    json j;
    j["peft_type"] = "LORA";
    j["task_type"] = c.taskType;
    j["r"] = c.r;
    // Integral alphas are written as integers, as peft itself does.
    if (c.loraAlpha == std::floor(c.loraAlpha))
        j["lora_alpha"] = static_cast<std::int64_t>(c.loraAlpha);
    else
        j["lora_alpha"] = c.loraAlpha;
    j["lora_dropout"] = c.loraDropout;
    j["use_rslora"] = c.useRslora;
    j["use_dora"] = false;
    j["bias"] = "none";
    j["fan_in_fan_out"] = false;
    j["inference_mode"] = true;
    j["init_lora_weights"] = true;
    j["modules_to_save"] = nullptr;
    j["layers_to_transform"] = nullptr;
    j["layers_pattern"] = nullptr;
    j["revision"] = nullptr;
    j["base_model_name_or_path"] =
        c.baseModelNameOrPath.empty() ? json(nullptr) : json(c.baseModelNameOrPath);
    if (!c.targetModulesRegex.empty())
        j["target_modules"] = c.targetModulesRegex;
    else
        j["target_modules"] = c.targetModules;
    j["rank_pattern"] = c.rankPattern;
    j["alpha_pattern"] = c.alphaPattern;
    return j.dump(2) + "\n";
}

}  // namespace ts::model
