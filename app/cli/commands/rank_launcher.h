#pragma once
// `train --nproc N`: starts N ranks of this same command on this machine (the
// torchrun convention: RANK, WORLD_SIZE, MASTER_ADDR=127.0.0.1, a free
// MASTER_PORT), forwards Ctrl-C / SIGTERM to them, and waits. When one rank
// fails or is killed, the others are stopped and the launcher says which rank
// ended how; rank 0's checkpoints stay as they were, so the same command
// resumes (with any N). Only rank 0's standard output is kept.
#include <string>
#include <vector>

namespace ts::cli {

// argv: the command and its arguments without --nproc (e.g. {"train", ...}).
// Returns the exit status for the launcher: 0 when every rank succeeded.
int launchRanks(const std::vector<std::string>& argv, int nproc);

}  // namespace ts::cli
