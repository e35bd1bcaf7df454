#pragma once
// Data-parallel fine-tuning over libtorch's c10d (torch-free API). Every rank
// runs the same trainer on the same global batch plan; each takes a disjoint
// share of every step's micro-batches (micro-batch k goes to rank k mod N),
// the gradients (and the step's loss and token counts) are summed across the
// ranks with an all-reduce, and every rank applies the same AdamW step, so the
// weights stay identical - and equal, within float rounding, to one process
// training on the same global batch. Only rank 0 writes checkpoints, the final
// folder and result.json. Rendezvous goes through c10d's TCPStore at
// MASTER_ADDR:MASTER_PORT; the collectives are ProcessGroupGloo's on the CPU
// and ProcessGroupNCCL's on CUDA (one rank per GPU), on gradient buckets of at
// most 25 MiB that are all in flight at once.
#include <optional>
#include <string>

namespace ts::train {

struct DistributedEnv {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;  // this rank's index on its machine: its GPU
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
};

// RANK / WORLD_SIZE / LOCAL_RANK / MASTER_ADDR / MASTER_PORT (torchrun's names,
// and what `train --nproc` sets), else SLURM_PROCID / SLURM_NTASKS /
// SLURM_LOCALID under srun (with
// MASTER_ADDR / MASTER_PORT given by the job script). None when the world is
// one process. Throws ts::Error for malformed values, naming the variable.
std::optional<DistributedEnv> distributedEnvFromEnvironment();

// The c10d backend this build has for a device ("cpu", "cuda", "cuda:N"):
// "gloo" on the CPU where Debian's libtorch and libgloo-dev are both present
// (the PyTorch wheel ships no gloo headers), "nccl" on CUDA where the libtorch
// has CUDA and NCCL's headers were found; none otherwise.
std::optional<std::string> dataParallelBackend(const std::string& device);

// Throws ts::Error saying what this build lacks for data parallelism on `device`.
void requireDataParallel(const std::string& device);

// The device a rank trains on: plain "cuda" becomes that rank's GPU,
// cuda:<local rank>; anything else is kept.
std::string rankDevice(const std::string& device, const DistributedEnv& env);

}  // namespace ts::train
