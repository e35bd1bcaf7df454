#pragma once
// Options shared by the commands that load a model (generate, logits):
// --model, --adapter, --merge-adapter, --device, --dtype, --threads.
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/model/causal_lm.h"
#include "core/util/text.h"

namespace ts::cli {

inline void addModelOptions(ArgParser& p) {
    p.option("--model", "DIR", "Hugging Face model directory (config.json + safetensors)")
        .option("--adapter", "DIR",
                "PEFT LoRA adapter directory (adapter_config.json + adapter_model.safetensors)")
        .flag("--merge-adapter", "fold the adapter into the weights instead of keeping it apart")
        .option("--device", "DEV", "cpu, cuda or cuda:N", "cpu")
        .option("--dtype", "D", "float32, bfloat16 or float16", "float32")
        .option("--threads", "N", "CPU threads (0: all)", "0");
}

// "1,2,3" -> {1, 2, 3}
inline std::vector<std::int64_t> parseIdList(const std::string& text, const std::string& option) {
    std::vector<std::int64_t> ids;
    for (const auto& part : split(text, ',')) {
        const std::string t = trim(part);
        try {
            std::size_t pos = 0;
            const long long v = std::stoll(t, &pos);
            if (pos != t.size() || v < 0) throw std::invalid_argument(t);
            ids.push_back(v);
        } catch (const std::exception&) {
            throw UsageError(option + " expects comma-separated non-negative token ids, got '" + t +
                             "'");
        }
    }
    if (ids.empty()) throw UsageError(option + " is empty");
    return ids;
}

inline model::CausalLM loadModel(const ParsedArgs& a) {
    model::EngineOptions opt;
    opt.device = a.get("--device");
    const auto dtype = model::parseDType(a.get("--dtype"));
    if (!dtype)
        throw UsageError("--dtype expects float32, bfloat16 or float16, got '" + a.get("--dtype") +
                         "'");
    opt.dtype = *dtype;
    opt.cpuThreads = a.getInt("--threads");
    auto lm = model::CausalLM::load(a.get("--model"), opt);
    if (const auto adapter = a.find("--adapter"))
        lm.loadAdapter(*adapter, a.flag("--merge-adapter") ? model::LoraMode::Merged
                                                           : model::LoraMode::Unmerged);
    return lm;
}

}  // namespace ts::cli
