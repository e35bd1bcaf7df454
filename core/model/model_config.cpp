#include "core/model/model_config.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace ts::model {

using nlohmann::json;

std::string architectureName(Architecture a) {
    return a == Architecture::Qwen3 ? "Qwen3ForCausalLM" : "LlamaForCausalLM";
}

std::string dtypeName(DType d) {
    switch (d) {
        case DType::BFloat16:
            return "bfloat16";
        case DType::Float16:
            return "float16";
        default:
            return "float32";
    }
}

std::optional<DType> parseDType(const std::string& s) {
    if (s == "float32" || s == "fp32" || s == "float") return DType::Float32;
    if (s == "bfloat16" || s == "bf16") return DType::BFloat16;
    if (s == "float16" || s == "fp16" || s == "half") return DType::Float16;
    return std::nullopt;
}

std::vector<WeightSpec> expectedWeights(const ModelConfig& c) {
    const std::int64_t hid = c.hiddenSize, q = c.numHeads * c.headDim,
                       kv = c.numKvHeads * c.headDim;
    std::vector<WeightSpec> w;
    w.push_back({"model.embed_tokens.weight", {c.vocabSize, hid}, false});
    for (std::int64_t i = 0; i < c.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        const auto linear = [&](const std::string& name, std::int64_t out, std::int64_t in,
                                bool bias) {
            w.push_back({p + name + ".weight", {out, in}, false});
            if (bias) w.push_back({p + name + ".bias", {out}, false});
        };
        w.push_back({p + "input_layernorm.weight", {hid}, true});
        linear("self_attn.q_proj", q, hid, c.attentionBias);
        linear("self_attn.k_proj", kv, hid, c.attentionBias);
        linear("self_attn.v_proj", kv, hid, c.attentionBias);
        linear("self_attn.o_proj", hid, q, c.attentionBias);
        if (c.hasQkNorm()) {
            w.push_back({p + "self_attn.q_norm.weight", {c.headDim}, true});
            w.push_back({p + "self_attn.k_norm.weight", {c.headDim}, true});
        }
        w.push_back({p + "post_attention_layernorm.weight", {hid}, true});
        linear("mlp.gate_proj", c.intermediateSize, hid, c.mlpBias);
        linear("mlp.up_proj", c.intermediateSize, hid, c.mlpBias);
        linear("mlp.down_proj", hid, c.intermediateSize, c.mlpBias);
    }
    w.push_back({"model.norm.weight", {hid}, true});
    if (!c.tieWordEmbeddings) w.push_back({"lm_head.weight", {c.vocabSize, hid}, false});
    return w;
}

std::int64_t ModelConfig::parameterCount() const {
    std::int64_t n = 0;
    for (const auto& w : expectedWeights(*this)) {
        std::int64_t e = 1;
        for (auto d : w.shape) e *= d;
        n += e;
    }
    return n;
}

std::uint64_t ModelConfig::weightBytes(DType dtype) const {
    return std::uint64_t(parameterCount()) * (dtype == DType::Float32 ? 4u : 2u);
}

namespace {

class Reader {
public:
    Reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {}

    Error error(const std::string& key, const std::string& msg) const {
        return Error(msg, {where_, 0, key});
    }

    std::int64_t positiveInt(const std::string& key, std::int64_t max) const {
        const auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) throw error(key, "missing required integer");
        return positive(*it, key, max);
    }
    std::int64_t positiveIntOr(const std::string& key, std::int64_t fallback,
                               std::int64_t max) const {
        const auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return fallback;
        return positive(*it, key, max);
    }
    // A count given as a JSON number: an integer, or a float with an integral
    // value (some configs write 8192.0), within [1, max].
    std::int64_t positiveCount(const json& obj, const std::string& key, const std::string& path,
                               std::int64_t max) const {
        const auto it = obj.find(key);
        if (it == obj.end() || !it->is_number()) throw error(path, "missing required number");
        const double v = it->get<double>();
        if (!(v >= 1 && v <= double(max)) || v != static_cast<double>(std::int64_t(v)))
            throw error(path, "expected a positive integer no larger than " + std::to_string(max));
        return static_cast<std::int64_t>(v);
    }
    double numberOr(const json& obj, const std::string& key, double fallback,
                    const std::string& path) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return fallback;
        if (!it->is_number()) throw error(path, "expected a number");
        return it->get<double>();
    }
    double requiredNumber(const json& obj, const std::string& key, const std::string& path) const {
        const auto it = obj.find(key);
        if (it == obj.end() || !it->is_number()) throw error(path, "missing required number");
        return it->get<double>();
    }
    bool boolOr(const std::string& key, bool fallback) const {
        const auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return fallback;
        if (!it->is_boolean()) throw error(key, "expected true or false");
        return it->get<bool>();
    }
    std::vector<std::int64_t> idList(const std::string& key) const {
        std::vector<std::int64_t> out;
        const auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return out;
        const auto one = [&](const json& v) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                throw error(key, "expected a non-negative token id or a list of them");
            out.push_back(v.get<std::int64_t>());
        };
        if (it->is_array()) {
            for (const auto& v : *it) one(v);
        } else {
            one(*it);
        }
        return out;
    }

private:
    std::int64_t positive(const json& v, const std::string& key, std::int64_t max) const {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
            throw error(key, "expected a positive integer");
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() > std::uint64_t(max)
                                   : v.get<std::int64_t>() > max)
            throw error(key, std::to_string(v.get<std::uint64_t>()) +
                                 " is larger than the supported maximum of " + std::to_string(max));
        return v.get<std::int64_t>();
    }
    const json& j_;
    std::string where_;
};

Architecture parseArchitecture(const json& j, const Reader& r) {
    const auto arch = j.find("architectures");
    if (arch != j.end() && !arch->is_null()) {
        if (!arch->is_array() || arch->empty() || !(*arch)[0].is_string())
            throw r.error("architectures", "expected a list with the model class name");
        const std::string name = (*arch)[0].get<std::string>();
        if (name == "LlamaForCausalLM") return Architecture::Llama;
        if (name == "Qwen3ForCausalLM") return Architecture::Qwen3;
        throw r.error("architectures", "unsupported architecture '" + name +
                                           "' (supported: LlamaForCausalLM, Qwen3ForCausalLM)");
    }
    const auto mt = j.find("model_type");
    const std::string type = (mt != j.end() && mt->is_string()) ? mt->get<std::string>() : "";
    if (type == "llama") return Architecture::Llama;
    if (type == "qwen3") return Architecture::Qwen3;
    throw r.error("model_type", "unsupported or missing model type '" + type +
                                    "' and no architectures list (supported: llama, qwen3)");
}

RopeConfig parseRope(const json& j, const Reader& r) {
    RopeConfig rope;
    // transformers 5: rope_parameters holds theta and scaling; 4.x: rope_theta + rope_scaling.
    const json* params = nullptr;
    std::string prefix;
    if (const auto rp = j.find("rope_parameters"); rp != j.end() && !rp->is_null()) {
        if (!rp->is_object()) throw r.error("rope_parameters", "expected an object");
        params = &*rp;
        prefix = "rope_parameters.";
    } else if (const auto rs = j.find("rope_scaling"); rs != j.end() && !rs->is_null()) {
        if (!rs->is_object()) throw r.error("rope_scaling", "expected an object or null");
        params = &*rs;
        prefix = "rope_scaling.";
    }
    rope.theta = r.numberOr(j, "rope_theta", 10000.0, "rope_theta");
    if (params) rope.theta = r.numberOr(*params, "rope_theta", rope.theta, prefix + "rope_theta");
    if (!(rope.theta > 0)) throw r.error("rope_theta", "must be positive");
    if (!params) return rope;

    std::string type = "default";
    for (const char* key : {"rope_type", "type"}) {
        const auto t = params->find(key);
        if (t != params->end() && !t->is_null()) {
            if (!t->is_string()) throw r.error(prefix + key, "expected a string");
            type = t->get<std::string>();
            break;
        }
    }
    rope.type = type;
    if (type == "default") return rope;
    if (type == "linear") {
        rope.factor = r.requiredNumber(*params, "factor", prefix + "factor");
    } else if (type == "llama3") {
        rope.factor = r.requiredNumber(*params, "factor", prefix + "factor");
        rope.lowFreqFactor =
            r.requiredNumber(*params, "low_freq_factor", prefix + "low_freq_factor");
        rope.highFreqFactor =
            r.requiredNumber(*params, "high_freq_factor", prefix + "high_freq_factor");
        rope.originalMaxPositions =
            r.positiveCount(*params, "original_max_position_embeddings",
                            prefix + "original_max_position_embeddings", kMaxPositions);
        if (!(rope.highFreqFactor > rope.lowFreqFactor))
            throw r.error(prefix + "high_freq_factor", "must exceed low_freq_factor");
    } else {
        throw r.error(prefix + "rope_type",
                      "unsupported RoPE type '" + type + "' (supported: default, linear, llama3)");
    }
    if (!(rope.factor > 0)) throw r.error(prefix + "factor", "must be positive");
    return rope;
}

}  // namespace

ModelConfig parseModelConfig(const std::string& text, const std::string& where) {
    requireJsonDepthWithin(text, where);
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw Error("not valid JSON", {where});
    if (!j.is_object()) throw Error("expected a JSON object", {where});
    const Reader r(j, where);
    ModelConfig c;
    c.sourceJson = text;
    c.architecture = parseArchitecture(j, r);
    c.vocabSize = r.positiveInt("vocab_size", kMaxVocabSize);
    c.hiddenSize = r.positiveInt("hidden_size", kMaxHiddenSize);
    c.intermediateSize = r.positiveInt("intermediate_size", kMaxIntermediateSize);
    c.numLayers = r.positiveInt("num_hidden_layers", kMaxLayers);
    c.numHeads = r.positiveInt("num_attention_heads", kMaxAttentionHeads);
    c.numKvHeads = r.positiveIntOr("num_key_value_heads", c.numHeads, kMaxAttentionHeads);
    if (c.numHeads % c.numKvHeads != 0)
        throw r.error("num_key_value_heads",
                      "must divide num_attention_heads (" + std::to_string(c.numHeads) + ")");
    if (c.hiddenSize % c.numHeads != 0 &&
        (j.find("head_dim") == j.end() || j["head_dim"].is_null()))
        throw r.error("head_dim",
                      "missing and hidden_size is not a multiple of num_attention_heads");
    c.headDim = r.positiveIntOr("head_dim", c.hiddenSize / c.numHeads, kMaxHeadDim);
    if (c.headDim % 2 != 0) throw r.error("head_dim", "must be even for rotary embeddings");
    c.maxPositionEmbeddings = r.positiveIntOr("max_position_embeddings", 2048, kMaxPositions);
    c.rmsNormEps = r.numberOr(j, "rms_norm_eps", 1e-6, "rms_norm_eps");
    if (!(c.rmsNormEps > 0)) throw r.error("rms_norm_eps", "must be positive");
    c.rope = parseRope(j, r);
    if (const auto pr = j.find("partial_rotary_factor");
        pr != j.end() && pr->is_number() && pr->get<double>() != 1.0)
        throw r.error("partial_rotary_factor", "partial rotary embeddings are not supported");
    if (const auto act = j.find("hidden_act"); act != j.end() && !act->is_null()) {
        if (!act->is_string() || act->get<std::string>() != "silu")
            throw r.error("hidden_act", "only 'silu' (SwiGLU) is supported");
    }
    if (r.boolOr("use_sliding_window", false))
        throw r.error("use_sliding_window", "sliding-window attention is not supported");
    if (const auto lt = j.find("layer_types"); lt != j.end() && lt->is_array()) {
        for (const auto& t : *lt)
            if (!t.is_string() || t.get<std::string>() != "full_attention")
                throw r.error("layer_types", "only full_attention layers are supported");
    }
    c.tieWordEmbeddings = r.boolOr("tie_word_embeddings", false);
    c.attentionBias = r.boolOr("attention_bias", false);
    c.mlpBias = r.boolOr("mlp_bias", false);
    if (auto ids = r.idList("bos_token_id"); !ids.empty()) c.bosTokenId = ids.front();
    c.eosTokenIds = r.idList("eos_token_id");
    if (auto ids = r.idList("pad_token_id"); !ids.empty()) c.padTokenId = ids.front();
    for (const char* key : {"dtype", "torch_dtype"}) {
        const auto d = j.find(key);
        if (d == j.end() || d->is_null()) continue;
        if (!d->is_string()) throw r.error(key, "expected a dtype name");
        c.torchDtype = parseDType(d->get<std::string>());
        if (!c.torchDtype) throw r.error(key, "unsupported dtype '" + d->get<std::string>() + "'");
        break;
    }
    return c;
}

ModelConfig loadModelConfig(const std::filesystem::path& modelDir) {
    const auto path = modelDir / "config.json";
    if (!std::filesystem::exists(path)) throw Error("config.json not found", {path.string()});
    return parseModelConfig(readFile(path, kConfigFileLimit), path.string());
}

std::string modelConfigJson(const ModelConfig& c, DType saved) {
    json j = c.sourceJson.empty() ? json::object() : json::parse(c.sourceJson, nullptr, false);
    if (j.is_discarded() || !j.is_object()) j = json::object();
    if (c.sourceJson.empty()) {
        j["architectures"] = {architectureName(c.architecture)};
        j["model_type"] = c.architecture == Architecture::Qwen3 ? "qwen3" : "llama";
        j["vocab_size"] = c.vocabSize;
        j["hidden_size"] = c.hiddenSize;
        j["intermediate_size"] = c.intermediateSize;
        j["num_hidden_layers"] = c.numLayers;
        j["num_attention_heads"] = c.numHeads;
        j["num_key_value_heads"] = c.numKvHeads;
        j["head_dim"] = c.headDim;
        j["max_position_embeddings"] = c.maxPositionEmbeddings;
        j["rms_norm_eps"] = c.rmsNormEps;
        j["hidden_act"] = "silu";
        j["rope_theta"] = c.rope.theta;
        if (c.rope.type == "llama3") {
            j["rope_scaling"] = {{"rope_type", "llama3"},
                                 {"factor", c.rope.factor},
                                 {"low_freq_factor", c.rope.lowFreqFactor},
                                 {"high_freq_factor", c.rope.highFreqFactor},
                                 {"original_max_position_embeddings", c.rope.originalMaxPositions}};
        } else if (c.rope.type == "linear") {
            j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", c.rope.factor}};
        }
        j["tie_word_embeddings"] = c.tieWordEmbeddings;
        j["attention_bias"] = c.attentionBias;
        if (c.architecture == Architecture::Llama) j["mlp_bias"] = c.mlpBias;
        if (c.bosTokenId) j["bos_token_id"] = *c.bosTokenId;
        if (c.eosTokenIds.size() == 1)
            j["eos_token_id"] = c.eosTokenIds[0];
        else if (!c.eosTokenIds.empty())
            j["eos_token_id"] = c.eosTokenIds;
    }
    const bool hasNew = j.contains("dtype"), hasOld = j.contains("torch_dtype");
    if (hasNew || !hasOld) j["dtype"] = dtypeName(saved);
    if (hasOld || !hasNew) j["torch_dtype"] = dtypeName(saved);
    return j.dump(2) + "\n";
}

}  // namespace ts::model
