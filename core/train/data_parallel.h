#pragma once
// Data-parallel fine-tuning over libtorch's c10d (torch-free API). Every rank
// runs the same trainer on the same global batch plan; each takes a disjoint
// share of every step's micro-batches (micro-batch k goes to rank k mod N),
// the gradients (and the step's loss and token counts) are summed across the
// ranks with an all-reduce, and every rank applies the same AdamW step, so the
// weights stay identical - and equal, within float rounding, to one process
// training on the same global batch. Only rank 0 writes checkpoints, the final
// folder and result.json. Rendezvous goes through c10d's TCPStore at
// MASTER_ADDR:MASTER_PORT; the collectives are ProcessGroupGloo's on the CPU.
#include <optional>
#include <string>

namespace ts::train {

struct DistributedEnv {
    int rank = 0;
    int worldSize = 1;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
};

// RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT (torchrun's names, and what
// `train --nproc` sets), else SLURM_PROCID / SLURM_NTASKS under srun (with
// MASTER_ADDR / MASTER_PORT given by the job script). None when the world is
// one process. Throws ts::Error for malformed values, naming the variable.
std::optional<DistributedEnv> distributedEnvFromEnvironment();

// Whether this build has c10d with Gloo (Debian's libtorch with libgloo-dev;
// the PyTorch wheel ships no gloo headers).
bool dataParallelCompiled();

}  // namespace ts::train
