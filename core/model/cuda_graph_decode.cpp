// The decode step as a CUDA graph: Decoder::staticDecodeStep has fixed shapes
// and reads its column and positions from device tensors, so it is captured
// once (on a side stream, after warm-up runs that initialise cuBLAS and the
// allocator) and replayed per token, which removes the per-kernel launch cost
// that dominates small-batch decoding. Compiled only against a CUDA libtorch 2.x
// (TS_TORCH_CUDA is set by core/model/CMakeLists.txt); elsewhere the engine
// runs the same static step eagerly.
#include <ATen/ATen.h>
#include <torch/version.h>

#include "core/model/torch_model.h"
#include "core/util/error.h"

#if defined(TS_TORCH_CUDA) && TORCH_VERSION_MAJOR >= 2 && __has_include(<ATen/cuda/CUDAGraph.h>)
#define TS_HAVE_CUDA_GRAPHS 1
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace ts::model {

namespace {

class EagerDecodeStep final : public CapturedDecodeStep {
public:
    EagerDecodeStep(const Decoder& d, StaticStepState& state, KvCache& cache)
        : decoder_(d), state_(state), cache_(cache) {}
    at::Tensor replay() override { return decoder_.staticDecodeStep(state_, cache_); }

private:
    const Decoder& decoder_;
    StaticStepState& state_;
    KvCache& cache_;
};

}  // namespace

std::unique_ptr<CapturedDecodeStep> eagerDecodeStep(const Decoder& d, StaticStepState& state,
                                                    KvCache& cache) {
    return std::make_unique<EagerDecodeStep>(d, state, cache);
}

#ifdef TS_HAVE_CUDA_GRAPHS

namespace {

class GraphDecodeStep final : public CapturedDecodeStep {
public:
    GraphDecodeStep(const Decoder& d, StaticStepState& state, KvCache& cache) {
        const auto index =
            d.device().index() < 0 ? c10::cuda::current_device() : d.device().index();
        c10::cuda::CUDAGuard deviceGuard(static_cast<c10::DeviceIndex>(index));
        c10::cuda::device_synchronize();
        auto stream = c10::cuda::getStreamFromPool(false, static_cast<c10::DeviceIndex>(index));
        {
            c10::cuda::CUDAStreamGuard streamGuard(stream);
            for (int i = 0; i < 2; ++i) d.staticDecodeStep(state, cache);  // warm-up
            stream.synchronize();
            graph_.capture_begin();
            logits_ = d.staticDecodeStep(state, cache);
            graph_.capture_end();
        }
        stream.synchronize();
    }
    at::Tensor replay() override {
        graph_.replay();
        return logits_;
    }

private:
    at::cuda::CUDAGraph graph_;
    at::Tensor logits_;
};

}  // namespace

bool cudaGraphsCompiled() {
    return true;
}

std::unique_ptr<CapturedDecodeStep> captureDecodeStep(const Decoder& d, StaticStepState& state,
                                                      KvCache& cache) {
    if (!d.device().is_cuda()) throw Error("CUDA graphs need a CUDA device");
    return std::make_unique<GraphDecodeStep>(d, state, cache);
}

#else

bool cudaGraphsCompiled() {
    return false;
}

std::unique_ptr<CapturedDecodeStep> captureDecodeStep(const Decoder&, StaticStepState&, KvCache&) {
    throw Error("this build has no CUDA graph support (needs a CUDA libtorch 2.x)");
}

#endif

}  // namespace ts::model
