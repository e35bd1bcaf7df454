// adapter_config.json (PEFT LoRA): any text is a config whose scaling and
// targeting can be asked for every module name and whose re-emitted JSON
// parses back the same, or a ts::Error.
#include <cmath>

#include "core/model/adapter_config.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(ts::fuzz::asText(data, size));
    ts::fuzz::expectCleanErrors([&] {
        const ts::model::AdapterConfig c = ts::model::parseAdapterConfig(text, "fuzz/adapter_config.json");
        for (const char* module : {"model.layers.0.self_attn.q_proj", "model.layers.11.mlp.down_proj",
                                   "lm_head", "model.embed_tokens"}) {
            (void)c.targets(module);
            if (c.rankFor(module) <= 0) __builtin_trap();
            (void)c.scaling(module);
        }
        const ts::model::AdapterConfig back =
            ts::model::parseAdapterConfig(ts::model::adapterConfigJson(c), "fuzz/saved.json");
        if (back.r != c.r || back.targetModules != c.targetModules ||
            back.targetModulesRegex != c.targetModulesRegex || back.rankPattern != c.rankPattern)
            __builtin_trap();
    });
    return 0;
}
