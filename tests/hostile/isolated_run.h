#pragma once
// Runs one piece of work in a forked child so that a crash, a hang or a
// runaway allocation is observed (and measured) instead of taking the test
// down: the outcome says how the child ended, what ts::Error it reported,
// how long it took and its peak resident memory (from wait4). The parent
// must not have started threads that the child's work needs (libtorch's
// OpenMP pool): everything torch-related happens in the child only.
#include <functional>
#include <string>
#include <vector>

namespace ts::test {

struct IsolatedOutcome {
    enum class End { Error, NoError, OtherException, Crashed, TimedOut } end = End::Crashed;
    std::string message;  // the formatted ts::Error, the other exception's what(), or the signal
    double seconds = 0.0;
    long peakRssMiB = 0;
};

std::string describe(IsolatedOutcome::End end);

// Runs work() in a child; a ts::Error thrown by it is the expected outcome.
IsolatedOutcome runIsolated(const std::function<void()>& work, double timeoutSeconds);

// A spawned program's end (posix_spawn + wait4), its stderr and resources.
struct ProgramOutcome {
    bool exited = false;  // false: killed by a signal (or by the timeout)
    int exitCode = -1;
    int signal = 0;
    bool timedOut = false;
    std::string stdErr;
    double seconds = 0.0;
    long peakRssMiB = 0;
};
ProgramOutcome runProgram(const std::string& program, const std::vector<std::string>& args,
                          double timeoutSeconds);

}  // namespace ts::test
