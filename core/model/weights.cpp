// Weights between safetensors files and tensors: loading a checkpoint (with
// shape checks against the config), random initialisation for benchmarks, and
// saving in the Hugging Face layout (sharded with an index when large).
#include <ATen/ATen.h>

#include <cstring>

#include "core/model/tensor_values.h"
#include "core/model/torch_model.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace ts::model {

namespace {

at::ScalarType scalarTypeOf(StDType t, const std::string& where, const std::string& name) {
    switch (t) {
        case StDType::F32:
            return at::kFloat;
        case StDType::F16:
            return at::kHalf;
        case StDType::BF16:
            return at::kBFloat16;
        case StDType::F64:
            return at::kDouble;
        case StDType::I64:
            return at::kLong;
        case StDType::I32:
            return at::kInt;
        case StDType::I16:
            return at::kShort;
        case StDType::I8:
            return at::kChar;
        case StDType::U8:
            return at::kByte;
        case StDType::Bool:
            return at::kBool;
        default:
            throw Error("dtype " + std::string(dtypeName(t)) + " cannot be converted to a tensor",
                        {where, 0, name});
    }
}

StDType stDTypeOf(at::ScalarType t) {
    switch (t) {
        case at::kFloat:
            return StDType::F32;
        case at::kHalf:
            return StDType::F16;
        case at::kBFloat16:
            return StDType::BF16;
        case at::kDouble:
            return StDType::F64;
        case at::kLong:
            return StDType::I64;
        case at::kInt:
            return StDType::I32;
        case at::kShort:
            return StDType::I16;
        case at::kChar:
            return StDType::I8;
        case at::kByte:
            return StDType::U8;
        case at::kBool:
            return StDType::Bool;
        default:
            throw Error("tensor dtype cannot be stored in safetensors");
    }
}

std::string shapeText(const std::vector<std::int64_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

}  // namespace

at::ScalarType toScalarType(DType d) {
    switch (d) {
        case DType::BFloat16:
            return at::kBFloat16;
        case DType::Float16:
            return at::kHalf;
        default:
            return at::kFloat;
    }
}

DType fromScalarType(at::ScalarType t) {
    if (t == at::kBFloat16) return DType::BFloat16;
    if (t == at::kHalf) return DType::Float16;
    return DType::Float32;
}

at::Tensor tensorFromBytes(const TensorEntry& e, std::string_view bytes, const std::string& where) {
    const auto type = scalarTypeOf(e.dtype, where, e.name);
    // A fresh, aligned CPU tensor: the mapped bytes may sit at any offset and
    // must not outlive the file.
    auto t = at::empty(e.shape, at::TensorOptions().dtype(type));
    if (!bytes.empty()) std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
    return t;
}

void loadWeights(Decoder& d, const CheckpointFiles& files, const std::string& where) {
    for (const auto& spec : d.parameterSpecs()) {
        if (!files.contains(spec.name))
            throw Error("checkpoint has no tensor '" + spec.name + "' required by " +
                            architectureName(d.config().architecture),
                        {where, 0, spec.name});
        const auto& e = files.entry(spec.name);
        if (e.shape != spec.shape)
            throw Error("shape " + shapeText(e.shape) + " does not match " + shapeText(spec.shape) +
                            " implied by config.json",
                        {files.fileOf(spec.name).path(), 0, spec.name});
        const auto type = scalarTypeOf(e.dtype, files.fileOf(spec.name).path(), spec.name);
        if (!at::isFloatingType(type))
            throw Error("weight has integer dtype " + std::string(dtypeName(e.dtype)),
                        {files.fileOf(spec.name).path(), 0, spec.name});
        requireFiniteValues(e, files.bytes(spec.name), files.fileOf(spec.name).path());
        *spec.slot = tensorFromBytes(e, files.bytes(spec.name), files.fileOf(spec.name).path())
                         .to(d.device(), d.dtype())
                         .contiguous();
    }
}

void randomWeights(Decoder& d, std::uint64_t seed) {
    at::manual_seed(seed);
    for (const auto& spec : d.parameterSpecs()) {
        if (spec.isNorm)
            *spec.slot = at::ones(spec.shape, d.options());
        else if (spec.shape.size() == 1)
            *spec.slot = at::zeros(spec.shape, d.options());  // biases
        else
            *spec.slot = at::empty(spec.shape, d.options()).normal_(0.0, 0.02);
    }
}

void writeWeights(Decoder& d, const std::filesystem::path& dir, DType dtype,
                  std::uint64_t maxShardBytes) {
    std::filesystem::create_directories(dir);
    const auto target = toScalarType(dtype);
    std::vector<std::string> names;
    std::vector<at::Tensor> host;
    std::vector<std::uint64_t> sizes;
    for (const auto& [name, t] : d.namedParameters()) {
        names.push_back(name);
        host.push_back(t.detach().to(at::kCPU, target).contiguous());
        sizes.push_back(static_cast<std::uint64_t>(host.back().nbytes()));
    }
    const ShardPlan plan = planShards(sizes, maxShardBytes);
    std::uint64_t total = 0;
    for (std::size_t s = 0; s < plan.members.size(); ++s) {
        SafetensorsWriter w;
        w.setMetadata("format", "pt");
        for (auto i : plan.members[s]) {
            const auto& t = host[i];
            w.add(names[i], stDTypeOf(t.scalar_type()), t.sizes().vec(), t.data_ptr(), t.nbytes());
            total += t.nbytes();
        }
        w.write(dir / plan.fileNames[s]);
    }
    if (plan.members.size() > 1)
        writeShardIndex(dir, plan, names, total);
    else
        std::filesystem::remove(dir /
                                "model.safetensors.index.json");  // a stale index would win on load
    writeFileAtomic(dir / "config.json", modelConfigJson(d.config(), dtype));
}

}  // namespace ts::model
