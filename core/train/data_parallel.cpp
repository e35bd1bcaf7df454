#include "core/train/data_parallel.h"

#include <chrono>
#include <cstdlib>

#include "core/train/gradient_reducer.h"
#include "core/util/error.h"

#if defined(TS_C10D_GLOO)
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

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

// Peers that never arrive, or a rank that died mid-collective, end the job
// after this long instead of Gloo's default half hour.
constexpr auto kCollectiveTimeout = std::chrono::seconds(120);

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
    if (const auto a = env("MASTER_ADDR")) e.masterAddr = *a;
    if (const auto p = env("MASTER_PORT")) e.masterPort = envInt("MASTER_PORT", *p, 1, 65535);
    return e;
}

#if defined(TS_C10D_GLOO)

bool dataParallelCompiled() {
    return true;
}

struct GradientReducer::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

GradientReducer::GradientReducer(const DistributedEnv& e)
    : env_(e), impl_(std::make_unique<Impl>()) {
    try {
        c10d::TCPStoreOptions o;
        o.port = static_cast<std::uint16_t>(e.masterPort);
        o.isServer = e.rank == 0;
        o.numWorkers = e.worldSize;
        o.timeout = kCollectiveTimeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(e.masterAddr, o);
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->timeout = kCollectiveTimeout;
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(e.masterAddr));
        impl_->group =
            c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, e.rank, e.worldSize, options);
    } catch (const std::exception& ex) {
        throw Error("rank " + std::to_string(e.rank) + " of " + std::to_string(e.worldSize) +
                    " could not join the process group at " + e.masterAddr + ":" +
                    std::to_string(e.masterPort) + ": " + ex.what());
    }
}

void GradientReducer::sum(std::vector<at::Tensor>& tensors) {
    for (auto& t : tensors) {
        std::vector<at::Tensor> one = {t};
        impl_->group->allreduce(one)->wait();
    }
}

void GradientReducer::barrier() {
    impl_->group->barrier()->wait();
}

#else

bool dataParallelCompiled() {
    return false;
}

struct GradientReducer::Impl {};

GradientReducer::GradientReducer(const DistributedEnv& e) : env_(e) {
    throw Error(
        "this build has no c10d with Gloo for data-parallel training (it needs Debian's "
        "libtorch with libgloo-dev; see docs/cluster.md)");
}

void GradientReducer::sum(std::vector<at::Tensor>&) {}
void GradientReducer::barrier() {}

#endif

GradientReducer::~GradientReducer() = default;

}  // namespace ts::train
