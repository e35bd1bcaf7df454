#include "core/train/training_config.h"

#include <set>

#include "core/util/error.h"

namespace ts::train {

std::string precisionName(Precision p) {
    switch (p) {
        case Precision::Auto:
            return "auto";
        case Precision::Float32:
            return "fp32";
        case Precision::Bf16Autocast:
            return "bf16-autocast";
        case Precision::Bf16:
            return "bf16";
    }
    return "auto";
}

Precision parsePrecision(const std::string& name, const std::string& where) {
    if (name == "auto") return Precision::Auto;
    if (name == "fp32" || name == "float32") return Precision::Float32;
    if (name == "bf16-autocast") return Precision::Bf16Autocast;
    if (name == "bf16" || name == "bfloat16") return Precision::Bf16;
    throw Error("unknown precision '" + name + "' (expected auto, fp32, bf16-autocast or bf16)",
                {where, 0, "precision"});
}

std::string lossOnName(LossOn l) {
    return l == LossOn::All ? "all" : "assistant";
}

LossOn parseLossOn(const std::string& name, const std::string& where) {
    if (name == "assistant") return LossOn::Assistant;
    if (name == "all") return LossOn::All;
    throw Error("unknown loss_on '" + name + "' (expected assistant or all)",
                {where, 0, "loss_on"});
}

void validate(const TrainingConfig& c, const std::string& where) {
    auto fail = [&](const std::string& key, const std::string& what) {
        throw Error(what, {where, 0, key});
    };
    if (!(c.learningRate > 0)) fail("learning_rate", "must be positive");
    if (c.epochs < 1) fail("num_train_epochs", "must be at least 1");
    if (c.microBatchSize < 1) fail("per_device_train_batch_size", "must be at least 1");
    if (c.gradientAccumulation < 1) fail("gradient_accumulation_steps", "must be at least 1");
    if (c.maxLength < 2) fail("max_length", "must be at least 2");
    if (c.warmupRatio < 0 || c.warmupRatio > 1) fail("warmup_ratio", "must lie in [0, 1]");
    if (c.weightDecay < 0) fail("weight_decay", "must not be negative");
    if (c.adamBeta1 < 0 || c.adamBeta1 >= 1) fail("adam_beta1", "must lie in [0, 1)");
    if (c.adamBeta2 < 0 || c.adamBeta2 >= 1) fail("adam_beta2", "must lie in [0, 1)");
    if (!(c.adamEpsilon > 0)) fail("adam_epsilon", "must be positive");
    if (c.maxGradNorm < 0) fail("max_grad_norm", "must not be negative");
    if (c.saveEverySteps < 0) fail("save_steps", "must not be negative");
    if (c.keepCheckpoints < 1) fail("save_total_limit", "must be at least 1");
    if (c.lora.enabled) {
        if (c.lora.r < 1) fail("lora.r", "must be at least 1");
        if (!(c.lora.alpha > 0)) fail("lora.lora_alpha", "must be positive");
        if (c.lora.dropout < 0 || c.lora.dropout >= 1)
            fail("lora.lora_dropout", "must lie in [0, 1)");
        if (c.lora.targetModules.empty())
            fail("lora.target_modules", "must name at least one module");
    }
}

nlohmann::json toJson(const TrainingConfig& c) {
    nlohmann::json lora = nlohmann::json::object();
    lora["enabled"] = c.lora.enabled;
    lora["r"] = c.lora.r;
    lora["lora_alpha"] = c.lora.alpha;
    lora["lora_dropout"] = c.lora.dropout;
    lora["target_modules"] = c.lora.targetModules;
    return {
        {"lora", lora},
        {"learning_rate", c.learningRate},
        {"num_train_epochs", c.epochs},
        {"per_device_train_batch_size", c.microBatchSize},
        {"gradient_accumulation_steps", c.gradientAccumulation},
        {"max_length", c.maxLength},
        {"packing", c.packing},
        {"group_by_length", c.groupByLength},
        {"loss_on", lossOnName(c.lossOn)},
        {"warmup_ratio", c.warmupRatio},
        {"weight_decay", c.weightDecay},
        {"adam_beta1", c.adamBeta1},
        {"adam_beta2", c.adamBeta2},
        {"adam_epsilon", c.adamEpsilon},
        {"max_grad_norm", c.maxGradNorm},
        {"seed", c.seed},
        {"data_seed", c.dataSeed},
        {"precision", precisionName(c.precision)},
        {"save_steps", c.saveEverySteps},
        {"save_total_limit", c.keepCheckpoints},
    };
}

namespace {

template <class T>
void read(const nlohmann::json& j, const char* key, T& out, const std::string& where,
          const std::string& prefix = "") {
    const auto it = j.find(key);
    if (it == j.end()) return;
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error("has the wrong type (" + std::string(it->type_name()) + ")",
                    {where, 0, prefix + key});
    }
}

void rejectUnknown(const nlohmann::json& j, const std::set<std::string>& known,
                   const std::string& where, const std::string& prefix) {
    for (const auto& [key, value] : j.items())
        if (!known.count(key)) throw Error("unknown setting", {where, 0, prefix + key});
}

}  // namespace

TrainingConfig trainingConfigFromJson(const nlohmann::json& j, const std::string& where,
                                      TrainingConfig c) {
    if (!j.is_object()) throw Error("training settings must be a JSON object", {where});
    rejectUnknown(j,
                  {"lora",
                   "learning_rate",
                   "num_train_epochs",
                   "per_device_train_batch_size",
                   "gradient_accumulation_steps",
                   "max_length",
                   "packing",
                   "group_by_length",
                   "loss_on",
                   "warmup_ratio",
                   "weight_decay",
                   "adam_beta1",
                   "adam_beta2",
                   "adam_epsilon",
                   "max_grad_norm",
                   "seed",
                   "data_seed",
                   "precision",
                   "save_steps",
                   "save_total_limit"},
                  where, "");
    if (const auto it = j.find("lora"); it != j.end()) {
        if (it->is_boolean()) {
            c.lora.enabled = it->get<bool>();
        } else if (it->is_object()) {
            rejectUnknown(*it, {"enabled", "r", "lora_alpha", "lora_dropout", "target_modules"},
                          where, "lora.");
            read(*it, "enabled", c.lora.enabled, where, "lora.");
            read(*it, "r", c.lora.r, where, "lora.");
            read(*it, "lora_alpha", c.lora.alpha, where, "lora.");
            read(*it, "lora_dropout", c.lora.dropout, where, "lora.");
            read(*it, "target_modules", c.lora.targetModules, where, "lora.");
        } else {
            throw Error("must be an object or true/false", {where, 0, "lora"});
        }
    }
    read(j, "learning_rate", c.learningRate, where);
    read(j, "num_train_epochs", c.epochs, where);
    read(j, "per_device_train_batch_size", c.microBatchSize, where);
    read(j, "gradient_accumulation_steps", c.gradientAccumulation, where);
    read(j, "max_length", c.maxLength, where);
    read(j, "packing", c.packing, where);
    read(j, "group_by_length", c.groupByLength, where);
    std::string lossOn = lossOnName(c.lossOn);
    read(j, "loss_on", lossOn, where);
    c.lossOn = parseLossOn(lossOn, where);
    read(j, "warmup_ratio", c.warmupRatio, where);
    read(j, "weight_decay", c.weightDecay, where);
    read(j, "adam_beta1", c.adamBeta1, where);
    read(j, "adam_beta2", c.adamBeta2, where);
    read(j, "adam_epsilon", c.adamEpsilon, where);
    read(j, "max_grad_norm", c.maxGradNorm, where);
    read(j, "seed", c.seed, where);
    read(j, "data_seed", c.dataSeed, where);
    std::string precision = precisionName(c.precision);
    read(j, "precision", precision, where);
    c.precision = parsePrecision(precision, where);
    read(j, "save_steps", c.saveEverySteps, where);
    read(j, "save_total_limit", c.keepCheckpoints, where);
    validate(c, where);
    return c;
}

}  // namespace ts::train
