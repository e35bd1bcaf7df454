#include "core/train/precision_scopes.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace ts::train {

namespace {

void setAutocast(at::DeviceType device, bool on) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(device, on);
    if (on) at::autocast::set_autocast_dtype(device, at::kBFloat16);
#else
    if (device == at::kCUDA) {
        at::autocast::set_enabled(on);
        if (on) at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    } else {
        at::autocast::set_cpu_enabled(on);
        if (on) at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    }
#endif
}

}  // namespace

AutocastScope::AutocastScope(std::optional<at::DeviceType> device) : device_(device) {
    if (!device_) return;
    setAutocast(*device_, true);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!device_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    setAutocast(*device_, false);
}

Tf32Scope::Tf32Scope(const model::Decoder& d)
    : active_(d.device().is_cuda() && d.dtype() == at::kFloat),
      previous_(at::globalContext().allowTF32CuBLAS()) {
    if (active_) at::globalContext().setAllowTF32CuBLAS(true);
}

Tf32Scope::~Tf32Scope() {
    if (active_) at::globalContext().setAllowTF32CuBLAS(previous_);
}

std::optional<at::DeviceType> autocastDevice(const TrainingConfig& c, const model::Decoder& d) {
    if (c.precision == Precision::Bf16Autocast) return d.device().type();
    if (c.precision == Precision::Auto && d.device().is_cuda() && d.dtype() == at::kFloat)
        return at::kCUDA;
    return std::nullopt;
}

}  // namespace ts::train
