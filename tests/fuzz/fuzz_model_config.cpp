// config.json: any text is a config whose derived facts (the weights the
// architecture expects, the parameter count, the re-emitted config.json)
// can be computed and parse back the same, or a ts::Error.
#include <nlohmann/json.hpp>

#include "core/model/model_config.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(ts::fuzz::asText(data, size));
    ts::fuzz::expectCleanErrors([&] {
        const ts::model::ModelConfig c = ts::model::parseModelConfig(text, "fuzz/config.json");
        const auto weights = ts::model::expectedWeights(c);
        for (const auto& w : weights)
            for (auto d : w.shape)
                if (d <= 0) __builtin_trap();  // every declared weight has a real shape
        (void)c.parameterCount();
        const std::string saved = ts::model::modelConfigJson(c, ts::model::DType::BFloat16);
        const ts::model::ModelConfig back = ts::model::parseModelConfig(saved, "fuzz/saved.json");
        if (back.vocabSize != c.vocabSize || back.numLayers != c.numLayers ||
            back.headDim != c.headDim || back.architecture != c.architecture)
            __builtin_trap();
    });
    return 0;
}
