#include "core/model/load_check.h"

#include <algorithm>

#include "core/util/error.h"
#include "core/util/memory.h"

namespace ts::model {

namespace {

std::string shapeText(const std::vector<std::int64_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

}  // namespace

void requireMemoryForWeights(const ModelConfig& config, DType dtype, bool onCpu,
                             const std::filesystem::path& dir) {
    // parseModelConfig bounds every size, so these products cannot overflow.
    const std::uint64_t elementBytes = dtype == DType::Float32 ? 4 : 2;
    std::uint64_t bytes = config.weightBytes(dtype);
    if (!onCpu) {
        std::uint64_t largest = 0;
        for (const auto& w : expectedWeights(config)) {
            std::uint64_t n = elementBytes;
            for (auto d : w.shape) n *= std::uint64_t(d);
            largest = std::max(largest, n);
        }
        bytes = largest;
    }
    requireAvailableMemory(
        bytes,
        std::string(onCpu ? "loading the " : "staging the largest tensor of the ") +
            std::to_string(config.parameterCount()) + "-parameter model in " + dtypeName(dtype),
        {(dir / "config.json").string()});
}

void requireCheckpointMatchesConfig(const ModelConfig& config, const CheckpointFiles& files,
                                    const std::filesystem::path& dir) {
    for (const auto& spec : expectedWeights(config)) {
        if (!files.contains(spec.name))
            throw Error("checkpoint has no tensor '" + spec.name + "' required by " +
                            architectureName(config.architecture),
                        {dir.string(), 0, spec.name});
        const auto& e = files.entry(spec.name);
        if (e.shape != spec.shape)
            throw Error("shape " + shapeText(e.shape) + " does not match " + shapeText(spec.shape) +
                            " implied by config.json",
                        {files.fileOf(spec.name).path(), 0, spec.name});
    }
}

}  // namespace ts::model
