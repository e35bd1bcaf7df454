// ProcessGroupGloo behind CollectiveGroup (c10d_group.h): data-parallel
// training on the CPU. Compiled with TS_C10D_GLOO where Debian's libtorch and
// libgloo-dev are both present (core/train/CMakeLists.txt).
#include "core/train/c10d_group.h"
#include "core/util/error.h"

#if defined(TS_C10D_GLOO)
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif

namespace ts::train {

#if defined(TS_C10D_GLOO)

bool glooCompiled() {
    return true;
}

std::unique_ptr<CollectiveGroup> makeGlooGroup(const c10::intrusive_ptr<c10d::Store>& store,
                                               const DistributedEnv& env,
                                               std::chrono::milliseconds timeout) {
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->timeout = timeout;
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(env.masterAddr));
    // Two worker threads (Gloo's default count): the bucketed sums of one
    // step run two at a time.
    options->threads = 2;
    return std::make_unique<ProcessGroupCollectives<c10d::ProcessGroupGloo>>(
        c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.worldSize, options));
}

#else

bool glooCompiled() {
    return false;
}

std::unique_ptr<CollectiveGroup> makeGlooGroup(const c10::intrusive_ptr<c10d::Store>&,
                                               const DistributedEnv&, std::chrono::milliseconds) {
    throw Error(
        "this build has no c10d with Gloo for data-parallel training on the CPU (it needs "
        "Debian's libtorch with libgloo-dev; see docs/cluster.md)");
}

#endif

}  // namespace ts::train
