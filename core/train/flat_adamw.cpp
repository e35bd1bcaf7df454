#include "core/train/flat_adamw.h"

#include <ATen/core/grad_mode.h>
#include <torch/version.h>

#include <cmath>
#include <map>

#include "core/model/safetensors.h"
#include "core/model/torch_model.h"
#include "core/util/error.h"

namespace ts::train {

namespace {

std::vector<std::int64_t> contiguousStrides(const std::vector<std::int64_t>& shape) {
    std::vector<std::int64_t> strides(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
    return strides;
}

model::StDType stType(at::ScalarType t) {
    if (t == at::kFloat) return model::StDType::F32;
    if (t == at::kBFloat16) return model::StDType::BF16;
    if (t == at::kHalf) return model::StDType::F16;
    throw Error("optimizer state has an unsupported dtype");
}

}  // namespace

FlatParameters::FlatParameters(std::vector<TrainableTensor> tensors) {
    at::NoGradGuard noGrad;
    // Group by (device, dtype, decay), keeping the given order inside a group.
    std::map<std::tuple<std::string, int, bool>, std::size_t> index;
    std::vector<std::vector<TrainableTensor>> grouped;
    for (auto& t : tensors) {
        if (!t.slot || !t.slot->defined()) throw Error("internal: undefined trainable tensor " + t.name);
        const auto key = std::make_tuple(t.slot->device().str(), static_cast<int>(t.slot->scalar_type()), t.decay);
        auto [it, fresh] = index.emplace(key, grouped.size());
        if (fresh) grouped.emplace_back();
        grouped[it->second].push_back(std::move(t));
    }
    for (auto& list : grouped) {
        Group g;
        g.decay = list.front().decay;
        std::int64_t total = 0;
        for (const auto& t : list) total += t.slot->numel();
        const auto opts = list.front().slot->options().requires_grad(false);
        g.data = at::empty({total}, opts);
        g.grad = at::zeros({total}, opts);
        std::int64_t offset = 0;
        for (auto& t : list) {
            at::Tensor& slot = *t.slot;
            const auto shape = slot.sizes().vec();
            const auto n = slot.numel();
            g.data.narrow(0, offset, n).copy_(slot.detach().reshape({-1}));
            slot.requires_grad_(false);
            slot = slot.detach();  // a plain handle: set_ must not touch autograd history
            slot.set_(g.data.storage(), offset, shape, contiguousStrides(shape));
            slot.requires_grad_(true);
            slot.mutable_grad() = g.grad.narrow(0, offset, n).view(shape);
            g.members.push_back({t.name, t.slot, offset, n});
            offset += n;
        }
        groups_.push_back(std::move(g));
    }
}

std::int64_t FlatParameters::numel() const {
    std::int64_t n = 0;
    for (const auto& g : groups_) n += g.data.numel();
    return n;
}

void FlatParameters::zeroGrad() {
    for (auto& g : groups_) g.grad.zero_();
}

at::Tensor FlatParameters::gradNormTensor() const {
    at::NoGradGuard noGrad;
    at::Tensor sumSquares;
    for (const auto& g : groups_) {
        const auto n = at::linalg_vector_norm(g.grad, 2, {}, false, at::kFloat);
        sumSquares = sumSquares.defined() ? sumSquares + n * n : n * n;
    }
    return sumSquares.sqrt();
}

double FlatParameters::gradNorm() const {
    return gradNormTensor().item<double>();
}

at::Tensor FlatParameters::clipGradNormTensor(double maxNorm) {
    const auto norm = gradNormTensor();
    if (maxNorm > 0) {
        // min(1, max / norm) on the device, as torch's clip_grad_norm_: no
        // host round trip to decide whether to scale (x 1.0 is exact).
        at::NoGradGuard noGrad;
        const auto coef = (maxNorm / (norm + 1e-6)).clamp_max(1.0);
        for (auto& g : groups_) g.grad.mul_(coef);
    }
    return norm;
}

double FlatParameters::clipGradNorm(double maxNorm) {
    return clipGradNormTensor(maxNorm).item<double>();
}

void FlatParameters::release() {
    for (auto& g : groups_)
        for (auto& m : g.members) {
            m.slot->mutable_grad() = at::Tensor();
            m.slot->requires_grad_(false);
        }
}

FlatAdamW::FlatAdamW(FlatParameters& params, AdamwSettings settings) : params_(params), s_(settings) {
    for (const auto& g : params_.groups()) {
        expAvg_.push_back(at::zeros_like(g.data));
        expAvgSq_.push_back(at::zeros_like(g.data));
        scratch_.push_back(g.data.is_cuda() ? at::Tensor() : at::empty_like(g.data));
        // The fused CUDA kernel reads the step count from the device.
        stepCounts_.push_back(at::zeros({}, g.data.options().dtype(at::kFloat)));
    }
}

void FlatAdamW::step(double lr) {
    at::NoGradGuard noGrad;
    ++steps_;
    const double bc1 = 1.0 - std::pow(s_.beta1, static_cast<double>(steps_));
    const double bc2 = 1.0 - std::pow(s_.beta2, static_cast<double>(steps_));
    const double stepSize = lr / bc1;
    const double bc2Sqrt = std::sqrt(bc2);
    auto& groups = params_.groups();
    for (std::size_t i = 0; i < groups.size(); ++i) {
        auto& p = groups[i].data;
        const auto& grad = groups[i].grad;
#if TORCH_VERSION_MAJOR >= 2
        if (p.is_cuda()) {
            // One pass over the weights instead of seven (torch.optim.AdamW(fused=True)).
            stepCounts_[i].add_(1);
            at::_fused_adamw_({p}, {grad}, {expAvg_[i]}, {expAvgSq_[i]}, {}, {stepCounts_[i]}, lr, s_.beta1,
                              s_.beta2, groups[i].decay ? s_.weightDecay : 0.0, s_.eps, false, false);
            continue;
        }
#endif
        if (groups[i].decay && s_.weightDecay != 0.0) p.mul_(1.0 - lr * s_.weightDecay);
        expAvg_[i].mul_(s_.beta1).add_(grad, 1.0 - s_.beta1);
        expAvgSq_[i].mul_(s_.beta2).addcmul_(grad, grad, 1.0 - s_.beta2);
        auto& denom = scratch_[i];
        at::sqrt_out(denom, expAvgSq_[i]);
        denom.div_(bc2Sqrt).add_(s_.eps);
        p.addcdiv_(expAvg_[i], denom, -stepSize);
    }
}

void FlatAdamW::save(const std::filesystem::path& file) const {
    model::SafetensorsWriter w;
    w.setMetadata("format", "pt");
    w.setMetadata("step", std::to_string(steps_));
    std::vector<at::Tensor> host;  // keeps the bytes alive until write()
    const auto& groups = params_.groups();
    for (std::size_t i = 0; i < groups.size(); ++i) {
        for (const auto& m : groups[i].members) {
            const auto shape = m.slot->sizes().vec();
            for (const auto& [prefix, state] : {std::pair{"exp_avg.", &expAvg_[i]}, std::pair{"exp_avg_sq.", &expAvgSq_[i]}}) {
                host.push_back(state->narrow(0, m.offset, m.numel).to(at::kCPU).contiguous());
                const auto& t = host.back();
                w.add(prefix + m.name, stType(t.scalar_type()), shape, t.data_ptr(), t.nbytes());
            }
        }
    }
    w.write(file);
}

void FlatAdamW::load(const std::filesystem::path& file) {
    const auto f = model::SafetensorsFile::open(file);
    const auto meta = f.metadata().find("step");
    if (meta == f.metadata().end()) throw Error("optimizer state has no step count", {file.string(), 0, "step"});
    at::NoGradGuard noGrad;
    const auto& groups = params_.groups();
    for (std::size_t i = 0; i < groups.size(); ++i) {
        for (const auto& m : groups[i].members) {
            for (const auto& [prefix, state] : {std::pair{"exp_avg.", &expAvg_[i]}, std::pair{"exp_avg_sq.", &expAvgSq_[i]}}) {
                const std::string key = prefix + m.name;
                if (!f.contains(key)) throw Error("optimizer state lacks a tensor", {file.string(), 0, key});
                const auto& e = f.entry(key);
                if (e.shape != m.slot->sizes().vec())
                    throw Error("optimizer state has the wrong shape", {file.string(), 0, key});
                const auto t = model::tensorFromBytes(e, f.bytes(e), file.string());
                state->narrow(0, m.offset, m.numel).copy_(t.reshape({-1}));
            }
        }
    }
    steps_ = std::stoll(meta->second);
    for (auto& c : stepCounts_) c.fill_(static_cast<double>(steps_));
}

SingleStepReport fullFineTuneStep(model::CausalLM& lm, const std::vector<std::int64_t>& ids,
                                  const std::vector<std::int64_t>& labels, double learningRate,
                                  const AdamwSettings& settings) {
    if (ids.size() != labels.size() || ids.size() < 2) throw Error("ids and labels must have one length >= 2");
    auto& decoder = lm.impl().decoder;
    std::vector<TrainableTensor> tensors;
    for (const auto& spec : decoder.parameterSpecs()) tensors.push_back({spec.name, spec.slot, true});
    FlatParameters params(std::move(tensors));
    FlatAdamW adamw(params, settings);
    const auto n = static_cast<std::int64_t>(ids.size());
    const auto idsT = at::tensor(ids).view({1, n}).to(decoder.device());
    const auto labelsT = at::tensor(labels).view({1, n}).to(decoder.device());
    decoder.training = true;
    SingleStepReport report;
    {
        const auto loss = model::causalLmLoss(decoder.forward(idsT, {}), labelsT);
        loss.backward();
        report.lossBefore = loss.item<double>();
    }
    report.gradNorm = params.gradNorm();
    adamw.step(learningRate);
    decoder.training = false;
    params.release();
    return report;
}

}  // namespace ts::train
