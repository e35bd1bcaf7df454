#include "tests/hostile/isolated_run.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/util/error.h"

extern char** environ;

namespace ts::test {

namespace {

using Clock = std::chrono::steady_clock;

// Waits for pid up to timeoutSeconds (SIGKILL after that); drains fd meanwhile.
struct Waited {
    int status = 0;
    bool timedOut = false;
    rusage usage{};
    double seconds = 0.0;
};

Waited waitWithTimeout(pid_t pid, double timeoutSeconds, int drainFd, std::string& drained) {
    Waited w;
    const auto start = Clock::now();
    char buf[4096];
    for (;;) {
        if (drainFd >= 0) {
            ssize_t n;
            while ((n = ::read(drainFd, buf, sizeof buf)) > 0) drained.append(buf, std::size_t(n));
        }
        const pid_t r = ::wait4(pid, &w.status, WNOHANG, &w.usage);
        if (r == pid) break;
        if (std::chrono::duration<double>(Clock::now() - start).count() > timeoutSeconds) {
            ::kill(pid, SIGKILL);
            ::wait4(pid, &w.status, 0, &w.usage);
            w.timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    w.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (drainFd >= 0) {
        ssize_t n;
        while ((n = ::read(drainFd, buf, sizeof buf)) > 0) drained.append(buf, std::size_t(n));
    }
    return w;
}

void writeAll(int fd, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
        if (n <= 0) return;
        off += std::size_t(n);
    }
}

}  // namespace

std::string describe(IsolatedOutcome::End end) {
    switch (end) {
        case IsolatedOutcome::End::Error: return "ts::Error";
        case IsolatedOutcome::End::NoError: return "accepted (no error)";
        case IsolatedOutcome::End::OtherException: return "another exception";
        case IsolatedOutcome::End::Crashed: return "crashed";
        case IsolatedOutcome::End::TimedOut: return "timed out";
    }
    return "?";
}

IsolatedOutcome runIsolated(const std::function<void()>& work, double timeoutSeconds) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        int code = 4;
        std::string message;
        try {
            work();
            code = 2;
        } catch (const ts::Error& e) {
            message = ts::formatError(e.message(), e.where());
            code = 0;
        } catch (const std::exception& e) {
            message = e.what();
            code = 3;
        } catch (...) {
            message = "unknown exception";
        }
        writeAll(fds[1], message.substr(0, 4000));
        ::_exit(code);
    }
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    IsolatedOutcome out;
    const Waited w = waitWithTimeout(pid, timeoutSeconds, fds[0], out.message);
    ::close(fds[0]);
    out.seconds = w.seconds;
    out.peakRssMiB = w.usage.ru_maxrss / 1024;
    if (w.timedOut) {
        out.end = IsolatedOutcome::End::TimedOut;
    } else if (WIFSIGNALED(w.status)) {
        out.end = IsolatedOutcome::End::Crashed;
        out.message = "signal " + std::to_string(WTERMSIG(w.status)) + " (" + strsignal(WTERMSIG(w.status)) + ")";
    } else {
        switch (WEXITSTATUS(w.status)) {
            case 0: out.end = IsolatedOutcome::End::Error; break;
            case 2: out.end = IsolatedOutcome::End::NoError; break;
            case 3: out.end = IsolatedOutcome::End::OtherException; break;
            default:  // a sanitizer report ends the child with its own exit code
                out.end = IsolatedOutcome::End::Crashed;
                out.message = "exit code " + std::to_string(WEXITSTATUS(w.status)) + " " + out.message;
        }
    }
    return out;
}

ProgramOutcome runProgram(const std::string& program, const std::vector<std::string>& args,
                          double timeoutSeconds) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    }
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    ProgramOutcome out;
    const Waited w = waitWithTimeout(pid, timeoutSeconds, fds[0], out.stdErr);
    ::close(fds[0]);
    out.seconds = w.seconds;
    out.peakRssMiB = w.usage.ru_maxrss / 1024;
    out.timedOut = w.timedOut;
    if (WIFEXITED(w.status)) {
        out.exited = true;
        out.exitCode = WEXITSTATUS(w.status);
    } else if (WIFSIGNALED(w.status)) {
        out.signal = WTERMSIG(w.status);
    }
    return out;
}

}  // namespace ts::test
