// CausalLM: the torch-free facade over Decoder (load, adapters, logits, loss,
// generation, saving). Device and dtype are fixed here, once.
#include "core/model/causal_lm.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <thread>

#if defined(TS_TORCH_CUDA)
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

#include "core/model/load_check.h"
#include "core/model/memory_estimate.h"
#include "core/model/torch_model.h"
#include "core/util/error.h"

namespace ts::model {

bool cudaAvailable() {
    return torch::cuda::is_available();
}
int cudaDeviceCount() {
    return static_cast<int>(torch::cuda::device_count());
}
std::string torchVersion() {
    return TORCH_VERSION;
}

std::optional<std::uint64_t> deviceFreeBytes(const std::string& device) {
    if (device == "cpu") return std::nullopt;
#if defined(TS_TORCH_CUDA)
    const at::Device d = parseDevice(device);
    c10::cuda::CUDAGuard guard(d.index() < 0 ? 0 : d.index());
    std::size_t freeBytes = 0, totalBytes = 0;
    if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess) return std::nullopt;
    return static_cast<std::uint64_t>(freeBytes);
#else
    return std::nullopt;
#endif
}

at::Device parseDevice(const std::string& spec) {
    if (spec == "cpu") return at::Device(at::kCPU);
    if (spec == "cuda" || spec.rfind("cuda:", 0) == 0) {
        if (!cudaAvailable())
            throw Error("device '" + spec + "' requested but this libtorch (" + torchVersion() +
                        ") has no usable CUDA device");
        at::Device d(at::kCUDA, 0);
        if (spec.size() > 5) {
            try {
                d = at::Device(spec);
            } catch (const std::exception&) {
                throw Error("invalid device '" + spec + "'");
            }
        }
        if (d.index() >= cudaDeviceCount()) throw Error("device '" + spec + "' does not exist");
        return d;
    }
    throw Error("unknown device '" + spec + "' (expected cpu, cuda or cuda:N)");
}

namespace {

std::unique_ptr<CausalLM::Impl> makeImpl(const ModelConfig& config, const EngineOptions& options) {
    const at::Device device = parseDevice(options.device);
#if TORCH_VERSION_MAJOR < 2
    if (device.is_cpu() && options.dtype == DType::Float16)
        throw Error("float16 on the CPU needs libtorch 2.x (this is " + torchVersion() +
                    ", which has no float16 matmul on the CPU); use bfloat16 or float32");
#endif
    if (device.is_cpu()) {
        const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
        at::set_num_threads(options.cpuThreads > 0 ? options.cpuThreads : static_cast<int>(hw));
    }
    return std::make_unique<CausalLM::Impl>(config, options, device, toScalarType(options.dtype));
}

at::Tensor idsTensor(const std::vector<std::vector<std::int64_t>>& rows, const std::string& what,
                     std::int64_t vocab, bool checkVocab) {
    if (rows.empty() || rows[0].empty()) throw Error(what + " is empty");
    const auto T = rows[0].size();
    std::vector<std::int64_t> flat;
    flat.reserve(rows.size() * T);
    for (std::size_t b = 0; b < rows.size(); ++b) {
        if (rows[b].size() != T)
            throw Error(what + " rows differ in length (pad them to one length)");
        for (auto v : rows[b]) {
            if (checkVocab && (v < 0 || v >= vocab))
                throw Error(what + " has token id " + std::to_string(v) +
                            " outside the vocabulary (" + std::to_string(vocab) + ")");
            flat.push_back(v);
        }
    }
    return at::tensor(flat).view(
        {static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(T)});
}

Logits toHost(const at::Tensor& logits) {
    const auto t = logits.detach().to(at::kCPU, at::kFloat).contiguous();
    Logits out;
    out.batch = t.size(0);
    out.seq = t.size(1);
    out.vocab = t.size(2);
    out.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    return out;
}

}  // namespace

CausalLM::CausalLM(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CausalLM::CausalLM(CausalLM&&) noexcept = default;
CausalLM& CausalLM::operator=(CausalLM&&) noexcept = default;
CausalLM::~CausalLM() = default;

CausalLM CausalLM::load(const std::filesystem::path& dir, const EngineOptions& options) {
    const ModelConfig config = loadModelConfig(dir);
    // Everything that can be refused is refused before the first allocation.
    requireMemoryForWeights(config, options.dtype, options.device == "cpu", dir);
    const CheckpointFiles files = CheckpointFiles::open(dir);
    requireCheckpointMatchesConfig(config, files, dir);
    if (const auto freeBytes = deviceFreeBytes(options.device))
        requireDeviceMemory(estimateInferenceMemory(config, options.dtype, 0, 0), *freeBytes,
                            options.device, "loading " + dir.string(),
                            "use bfloat16 weights, a smaller model, or free the device");
    auto impl = makeImpl(config, options);
    at::NoGradGuard noGrad;
    loadWeights(impl->decoder, files, dir.string());
    return CausalLM(std::move(impl));
}

CausalLM CausalLM::randomInit(const ModelConfig& config, const EngineOptions& options,
                              std::uint64_t seed) {
    auto impl = makeImpl(config, options);
    at::NoGradGuard noGrad;
    randomWeights(impl->decoder, seed);
    return CausalLM(std::move(impl));
}

const ModelConfig& CausalLM::config() const {
    return impl_->decoder.config();
}
const EngineOptions& CausalLM::options() const {
    return impl_->options;
}
std::string CausalLM::deviceName() const {
    return impl_->decoder.device().str();
}
std::int64_t CausalLM::parameterCount() const {
    return impl_->decoder.parameterCount();
}

void CausalLM::loadAdapter(const std::filesystem::path& dir, LoraMode mode) {
    if (impl_->adapter) throw Error("an adapter is already loaded", {dir.string()});
    AdapterConfig config = loadAdapterConfig(dir);
    at::NoGradGuard noGrad;
    attachAdapter(impl_->decoder, dir, config, mode);
    impl_->adapter = std::move(config);
    impl_->adapterMerged = mode == LoraMode::Merged;
    impl_->session.reset();
}

void CausalLM::addAdapter(const AdapterConfig& config, std::uint64_t seed) {
    if (impl_->adapter) throw Error("an adapter is already attached");
    attachFreshAdapter(impl_->decoder, config, seed);
    impl_->adapter = config;
    impl_->adapterMerged = false;
    impl_->session.reset();
}

void CausalLM::mergeAdapter() {
    if (!impl_->adapter) throw Error("no adapter to merge");
    mergeAdapters(impl_->decoder);
    impl_->adapterMerged = true;
    impl_->session.reset();
}

bool CausalLM::hasAdapter() const {
    return impl_->adapter.has_value();
}
bool CausalLM::adapterMerged() const {
    return impl_->adapterMerged;
}

const AdapterConfig& CausalLM::adapterConfig() const {
    if (!impl_->adapter) throw Error("no adapter is loaded");
    return *impl_->adapter;
}

void CausalLM::saveAdapter(const std::filesystem::path& dir) const {
    if (!impl_->adapter) throw Error("no adapter to save", {dir.string()});
    if (impl_->adapterMerged)
        throw Error("the adapter was merged into the weights and cannot be saved apart",
                    {dir.string()});
    writeAdapter(impl_->decoder, *impl_->adapter, dir);
}

void CausalLM::saveCheckpoint(const std::filesystem::path& dir, DType dtype,
                              std::uint64_t maxShardBytes) const {
    writeWeights(impl_->decoder, dir, dtype, maxShardBytes);
}

Logits CausalLM::logits(const std::vector<std::int64_t>& ids) const {
    return logits(std::vector<std::vector<std::int64_t>>{ids}, {});
}

Logits CausalLM::logits(const std::vector<std::vector<std::int64_t>>& ids,
                        const std::vector<std::vector<std::int64_t>>& attentionMask) const {
    const auto& d = impl_->decoder;
    c10::InferenceMode inference;
    const auto idsT = idsTensor(ids, "input ids", d.config().vocabSize, true).to(d.device());
    at::Tensor maskT;
    if (!attentionMask.empty()) {
        if (attentionMask.size() != ids.size())
            throw Error("attention mask and ids differ in batch size");
        maskT = idsTensor(attentionMask, "attention mask", 2, true).to(d.device());
        if (maskT.sizes() != idsT.sizes()) throw Error("attention mask and ids differ in shape");
        if (!maskT.narrow(1, maskT.size(1) - 1, 1).all().item<bool>())
            throw Error("attention mask must end in 1 on every row (left padding)");
    }
    return toHost(d.forward(idsT, maskT));
}

double CausalLM::loss(const std::vector<std::int64_t>& ids,
                      const std::vector<std::int64_t>& labels) const {
    if (ids.size() != labels.size()) throw Error("ids and labels differ in length");
    if (ids.size() < 2) throw Error("a loss needs at least two tokens");
    const auto& d = impl_->decoder;
    c10::InferenceMode inference;
    const auto idsT = idsTensor({ids}, "input ids", d.config().vocabSize, true).to(d.device());
    const auto labelsT =
        at::tensor(labels).view({1, static_cast<std::int64_t>(labels.size())}).to(d.device());
    return causalLmLoss(d.forward(idsT, {}), labelsT).item<double>();
}

GenerationResult CausalLM::generate(const std::vector<std::vector<std::int64_t>>& prompts,
                                    const GenerationOptions& options,
                                    const ProgressSink& progress) {
    return runGeneration(*impl_, prompts, options, progress);
}

void CausalLM::overrideGraphCaptureForTesting(std::function<void()> capture) {
    impl_->session.reset();
    impl_->graphCaptureFailure.clear();
    impl_->captureOverride = [capture = std::move(capture)](
                                 const Decoder& d, StaticStepState& state, KvCache& cache) {
        capture();
        return eagerDecodeStep(d, state, cache);
    };
}

}  // namespace ts::model
