// ProcessGroupNCCL behind CollectiveGroup (c10d_group.h): data-parallel
// training on CUDA devices, one rank per GPU. Compiled with TS_C10D_NCCL where
// the libtorch has CUDA and NCCL's headers are found (the PyTorch wheel with
// its nvidia-nccl wheel; core/train/CMakeLists.txt).
#include "core/train/c10d_group.h"
#include "core/util/error.h"

#if defined(TS_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace ts::train {

#if defined(TS_C10D_NCCL)

bool ncclCompiled() {
    return true;
}

std::unique_ptr<CollectiveGroup> makeNcclGroup(const c10::intrusive_ptr<c10d::Store>& store,
                                               const DistributedEnv& env, at::Device device,
                                               std::chrono::milliseconds timeout) {
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = timeout;
    auto group =
        c10::make_intrusive<c10d::ProcessGroupNCCL>(store, env.rank, env.worldSize, options);
    // Bound to this rank's GPU and connected now, so that a peer that cannot
    // reach NCCL fails at start-up rather than in the first step.
    group->setBoundDeviceId(device);
    group->eagerConnectSingleDevice(device);
    return std::make_unique<ProcessGroupCollectives<c10d::ProcessGroupNCCL>>(std::move(group));
}

#else

bool ncclCompiled() {
    return false;
}

std::unique_ptr<CollectiveGroup> makeNcclGroup(const c10::intrusive_ptr<c10d::Store>&,
                                               const DistributedEnv&, at::Device,
                                               std::chrono::milliseconds) {
    throw Error(
        "this build has no c10d with NCCL for data-parallel training on CUDA (it needs a CUDA "
        "libtorch, the PyTorch wheel, with NCCL's headers; see docs/cluster.md)");
}

#endif

}  // namespace ts::train
