#pragma once
// Runs a program (no shell: arguments are passed as they are) and collects its
// exit status and output; for the cluster commands TraceScope drives (sbatch,
// squeue, scancel), whose output it parses.
#include <string>
#include <vector>

namespace ts {

struct ProgramResult {
    int exitCode = -1;  // -1: it could not be started, or a signal ended it
    std::string out, err;
};

// argv[0] is looked up on PATH. Never throws for a failing program; throws
// ts::Error only when no process can be created at all.
ProgramResult runProgram(const std::vector<std::string>& argv);

}  // namespace ts
