#include "core/train/data_parallel.h"

#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "core/train/c10d_group.h"
#include "core/train/gradient_reducer.h"
#include "core/util/error.h"

namespace ts::train {

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

int envInt(const char* name, const std::string& value, int lo, int hi) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(value, &used);
        if (used == value.size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    throw Error("environment variable " + std::string(name) + "='" + value +
                "' is not an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

bool isCuda(const std::string& device) {
    return device.rfind("cuda", 0) == 0;
}

// Peers that never arrive, or a rank that died mid-collective, end the job
// after this long instead of Gloo's default half hour.
constexpr auto kCollectiveTimeout = std::chrono::seconds(120);

// DDP's default bucket: big enough to keep the link busy, small enough that
// several sums are in flight at once on a large model.
constexpr std::int64_t kBucketBytes = 25ll << 20;

}  // namespace

std::optional<DistributedEnv> distributedEnvFromEnvironment() {
    DistributedEnv e;
    const bool torchrun = env("WORLD_SIZE").has_value();
    const auto world = torchrun ? env("WORLD_SIZE") : env("SLURM_NTASKS");
    if (!world) return std::nullopt;
    e.worldSize = envInt(torchrun ? "WORLD_SIZE" : "SLURM_NTASKS", *world, 1, 65536);
    if (e.worldSize == 1) return std::nullopt;
    const char* rankVar = torchrun ? "RANK" : "SLURM_PROCID";
    const auto rank = env(rankVar);
    if (!rank) throw Error(std::string(rankVar) + " is not set (world size " + *world + ")");
    e.rank = envInt(rankVar, *rank, 0, e.worldSize - 1);
    const char* localVar = torchrun ? "LOCAL_RANK" : "SLURM_LOCALID";
    const auto local = env(localVar);
    e.localRank = local ? envInt(localVar, *local, 0, e.worldSize - 1) : e.rank;
    if (const auto a = env("MASTER_ADDR")) e.masterAddr = *a;
    if (const auto p = env("MASTER_PORT")) e.masterPort = envInt("MASTER_PORT", *p, 1, 65535);
    return e;
}

std::optional<std::string> dataParallelBackend(const std::string& device) {
    if (isCuda(device)) return ncclCompiled() ? std::optional<std::string>("nccl") : std::nullopt;
    return glooCompiled() ? std::optional<std::string>("gloo") : std::nullopt;
}

void requireDataParallel(const std::string& device) {
    if (dataParallelBackend(device)) return;
    if (isCuda(device))
        throw Error(
            "this build has no c10d with NCCL for data-parallel training on CUDA (it needs a "
            "CUDA libtorch, the PyTorch wheel, with NCCL's headers; see docs/cluster.md)");
    throw Error(
        "this build has no c10d with Gloo for data-parallel training on the CPU (it needs "
        "Debian's libtorch with libgloo-dev; see docs/cluster.md)");
}

std::string rankDevice(const std::string& device, const DistributedEnv& e) {
    return device == "cuda" ? "cuda:" + std::to_string(e.localRank) : device;
}

struct GradientReducer::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    std::unique_ptr<CollectiveGroup> group;
};

GradientReducer::GradientReducer(const DistributedEnv& e, at::Device device)
    : env_(e), impl_(std::make_unique<Impl>()) {
    // Before the rendezvous: a build without the backend must not leave its
    // peers waiting for it.
    requireDataParallel(device.str());
    try {
        c10d::TCPStoreOptions o;
        o.port = static_cast<std::uint16_t>(e.masterPort);
        o.isServer = e.rank == 0;
        o.numWorkers = e.worldSize;
        o.timeout = kCollectiveTimeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(e.masterAddr, o);
        impl_->group = device.is_cuda() ? makeNcclGroup(impl_->store, e, device, kCollectiveTimeout)
                                        : makeGlooGroup(impl_->store, e, kCollectiveTimeout);
    } catch (const std::exception& ex) {
        throw Error("rank " + std::to_string(e.rank) + " of " + std::to_string(e.worldSize) +
                    " could not join the process group at " + e.masterAddr + ":" +
                    std::to_string(e.masterPort) + ": " + ex.what());
    }
}

void GradientReducer::sum(std::vector<at::Tensor>& tensors) {
    // Every bucket's sum is started before any is waited for: the backend's
    // worker threads (Gloo) or stream (NCCL) overlap them with each other.
    std::vector<std::function<void()>> pending;
    for (auto& t : tensors) {
        auto flat = t.view({-1});  // the trainer's flat gradients are contiguous
        const std::int64_t per = std::max<std::int64_t>(1, kBucketBytes / t.element_size());
        for (std::int64_t from = 0; from < flat.numel(); from += per) {
            auto bucket = flat.narrow(0, from, std::min(per, flat.numel() - from));
            pending.push_back(impl_->group->startSum(bucket));
        }
    }
    for (auto& wait : pending) wait();
}

void GradientReducer::barrier() {
    impl_->group->barrier();
}

GradientReducer::~GradientReducer() = default;

}  // namespace ts::train
