#pragma once
// An experiment as a SLURM job array: one array task per cell (dataset x
// condition x seed), each running `tracescope-cli experiment run-cell` and
// leaving a run bundle in the shared work folder, which `experiment collect`
// imports. SLURM does the scheduling, requeueing and accounting; TraceScope
// writes the script, submits it with sbatch, reads the cells' states back
// from squeue and knows which cells still lack a bundle. Torch-free.
//
// Work folder layout (shared by the submit host and the nodes):
//   <work>/experiment.json   the experiment as run (written by each task)
//   <work>/bundles/          one run bundle per finished cell (run_bundle.h)
//   <work>/<dataset>/<condition>/s<seed>/  checkpoints and predictions: a
//                            requeued or resubmitted task resumes from them
//   <work>/slurm/sweep-N.sbatch, <work>/slurm/jobs.json, <work>/slurm/*.out
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/train/experiment_spec.h"

namespace ts::train {

struct SlurmOptions {
    std::string partition, gres, time, account;  // empty: the cluster's default
    int cpusPerTask = 1;                         // also the task's --threads
    std::string device;                          // empty: the experiment file's
    std::filesystem::path cli;                   // tracescope-cli to run on the nodes
};

// "0-2,5,7-8" for sbatch --array.
std::string arrayRanges(const std::vector<std::size_t>& cells);

// The sbatch script for these cells (absolute paths throughout: the nodes run
// it from wherever SLURM starts them).
std::string sweepScript(const ExperimentSpec& spec, const std::filesystem::path& experimentFile,
                        const std::filesystem::path& workDir, const std::vector<std::size_t>& cells,
                        const SlurmOptions& options);

// Cells whose bundle is missing or does not verify.
std::vector<std::size_t> cellsWithoutBundle(const ExperimentSpec& spec,
                                            const std::filesystem::path& workDir);

struct SubmittedSweep {
    std::string jobId;
    std::filesystem::path script;
    std::vector<std::size_t> cells;
};
// Writes the script under <work>/slurm/ and submits it (`sbatch --parsable`);
// records the job in <work>/slurm/jobs.json. Throws ts::Error with sbatch's
// message when it refuses.
SubmittedSweep submitSweep(const ExperimentSpec& spec, const std::filesystem::path& experimentFile,
                           const std::filesystem::path& workDir,
                           const std::vector<std::size_t>& cells, const SlurmOptions& options);

struct CellState {
    std::size_t index = 0;
    std::string runName;
    std::string scheduler;      // squeue's state (PENDING, RUNNING, ...); empty when not queued
    bool bundle = false;        // a verified bundle is present
    std::string state() const;  // "done", the scheduler's state, or "not queued"
};
// Every cell with its state: squeue for the jobs in jobs.json, bundles on disk.
std::vector<CellState> sweepStatus(const ExperimentSpec& spec,
                                   const std::filesystem::path& workDir);

}  // namespace ts::train
