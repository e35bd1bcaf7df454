// PEFT LoRA adapters on the decoder's projections: loading
// adapter_model.safetensors (keys base_model.model.<module>.lora_{A,B}.weight),
// attaching them unmerged or folding them into the base weights, fresh
// adapters for training (peft's initialisation), and saving in peft's layout.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <map>

#include "core/model/tensor_values.h"
#include "core/model/torch_model.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts::model {

namespace {

struct PairFromFile {
    at::Tensor a, b;
};

void mergeInto(Linear& l) {
    at::NoGradGuard noGrad;
    const auto& lora = *l.lora;
    const auto delta = at::matmul(lora.b.to(at::kFloat), lora.a.to(at::kFloat)) * lora.scaling;
    l.weight.copy_(
        (l.weight.to(at::kFloat) + delta.to(l.weight.device())).to(l.weight.scalar_type()));
    l.lora.reset();
}

}  // namespace

void attachAdapter(Decoder& d, const std::filesystem::path& dir, const AdapterConfig& config,
                   LoraMode mode) {
    const auto path = dir / "adapter_model.safetensors";
    if (!std::filesystem::exists(path))
        throw Error("adapter_model.safetensors not found", {path.string()});
    const auto file = SafetensorsFile::open(path);
    std::map<std::string, Linear*> modules;
    for (const auto& [name, l] : d.projections()) modules[name] = l;

    std::map<std::string, PairFromFile> pairs;
    for (const auto& e : file.tensors()) {
        const std::string& key = e.name;
        std::string module;
        bool isA = false;
        if (startsWith(key, kPeftPrefix) && endsWith(key, ".lora_A.weight")) {
            module = key.substr(std::string(kPeftPrefix).size(),
                                key.size() - std::string(kPeftPrefix).size() -
                                    std::string(".lora_A.weight").size());
            isA = true;
        } else if (startsWith(key, kPeftPrefix) && endsWith(key, ".lora_B.weight")) {
            module = key.substr(std::string(kPeftPrefix).size(),
                                key.size() - std::string(kPeftPrefix).size() -
                                    std::string(".lora_B.weight").size());
        } else {
            throw Error(
                "unsupported adapter tensor (only lora_A/lora_B weights of linear layers are "
                "supported)",
                {path.string(), 0, key});
        }
        if (!modules.count(module))
            throw Error("adapter targets module '" + module + "', which the model does not have",
                        {path.string(), 0, key});
        requireFiniteValues(e, file.bytes(e), path.string());
        const auto t = tensorFromBytes(e, file.bytes(e), path.string());
        if (!at::isFloatingType(t.scalar_type()) || t.dim() != 2)
            throw Error("LoRA weight must be a 2-D floating-point tensor", {path.string(), 0, key});
        (isA ? pairs[module].a : pairs[module].b) = t;
    }
    if (pairs.empty()) throw Error("adapter has no LoRA weights", {path.string()});

    // Validate everything before touching the model, so a bad file leaves it unchanged.
    for (const auto& [module, p] : pairs) {
        const std::string keyBase = kPeftPrefix + module;
        if (!p.a.defined() || !p.b.defined())
            throw Error("lora_A and lora_B must come in pairs", {path.string(), 0, keyBase});
        const Linear& l = *modules[module];
        const auto out = l.weight.size(0), in = l.weight.size(1), r = p.a.size(0);
        if (p.a.size(1) != in || p.b.size(0) != out || p.b.size(1) != r)
            throw Error("LoRA shapes A [" + std::to_string(p.a.size(0)) + ", " +
                            std::to_string(p.a.size(1)) + "], B [" + std::to_string(p.b.size(0)) +
                            ", " + std::to_string(p.b.size(1)) + "] do not fit the [" +
                            std::to_string(out) + ", " + std::to_string(in) + "] projection",
                        {path.string(), 0, keyBase});
        if (r != config.rankFor(module))
            throw Error("rank " + std::to_string(r) + " differs from adapter_config.json's r " +
                            std::to_string(config.rankFor(module)),
                        {path.string(), 0, keyBase + ".lora_A.weight"});
        if (l.lora) throw Error("an adapter is already attached", {path.string()});
    }
    for (const auto& [module, p] : pairs) {
        Linear& l = *modules[module];
        l.lora = LoraWeights{p.a.to(d.device(), at::kFloat), p.b.to(d.device(), at::kFloat),
                             config.scaling(module), config.loraDropout};
        if (mode == LoraMode::Merged) mergeInto(l);
    }
    ++d.structureVersion;
}

void attachFreshAdapter(Decoder& d, const AdapterConfig& config, std::uint64_t seed) {
    const auto gen = at::detail::createCPUGenerator(seed);
    int attached = 0;
    for (auto& [module, l] : d.projections()) {
        if (!config.targets(module)) continue;
        if (l->lora) throw Error("an adapter is already attached", {{}, 0, module});
        const auto r = config.rankFor(module), in = l->weight.size(1), out = l->weight.size(0);
        // peft: kaiming_uniform_(A, a=sqrt(5)) -> U(-1/sqrt(in), 1/sqrt(in)); B = 0.
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        auto a =
            at::empty({r, in}, at::TensorOptions().dtype(at::kFloat)).uniform_(-bound, bound, gen);
        l->lora = LoraWeights{a.to(d.device()),
                              at::zeros({out, r}, at::TensorOptions().device(d.device())),
                              config.scaling(module), config.loraDropout};
        ++attached;
    }
    if (attached == 0)
        throw Error("target_modules match no projection of the model", {{}, 0, "target_modules"});
    ++d.structureVersion;
}

void mergeAdapters(Decoder& d) {
    for (auto& [module, l] : d.projections())
        if (l->lora) mergeInto(*l);
    ++d.structureVersion;
}

void writeAdapter(Decoder& d, const AdapterConfig& config, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::vector<std::pair<std::string, at::Tensor>> host;
    for (const auto& [key, t] : d.loraParameters())
        host.emplace_back(key, t.detach().to(at::kCPU).contiguous());
    if (host.empty()) throw Error("no unmerged adapter to save", {dir.string()});
    SafetensorsWriter w;
    w.setMetadata("format", "pt");
    for (const auto& [key, t] : host)
        w.add(key, StDType::F32, t.sizes().vec(), t.data_ptr(), t.nbytes());
    w.write(dir / "adapter_model.safetensors");
    writeFileAtomic(dir / "adapter_config.json", adapterConfigJson(config));
}

}  // namespace ts::model
