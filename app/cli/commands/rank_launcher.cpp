#include "app/cli/commands/rank_launcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "core/util/error.h"

extern char** environ;

namespace ts::cli {

namespace {

std::atomic<int> forwardedSignal{0};

void onSignal(int sig) {
    forwardedSignal.store(sig);
}

// A port the kernel says is free on loopback (closed again at once).
int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        close(fd);
        throw Error(std::string("cannot find a free port: ") + std::strerror(errno));
    }
    close(fd);
    return ntohs(a.sin_port);
}

pid_t spawnRank(const std::vector<std::string>& argv, int rank, int nproc, int port) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        for (const char* drop :
             {"RANK=", "LOCAL_RANK=", "WORLD_SIZE=", "MASTER_ADDR=", "MASTER_PORT="})
            if (kv.rfind(drop, 0) == 0) goto skip;
        env.push_back(kv);
    skip:;
    }
    env.push_back("RANK=" + std::to_string(rank));
    env.push_back("LOCAL_RANK=" + std::to_string(rank));
    env.push_back("WORLD_SIZE=" + std::to_string(nproc));
    env.push_back("MASTER_ADDR=127.0.0.1");
    env.push_back("MASTER_PORT=" + std::to_string(port));
    std::vector<char*> envp, args;
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    args.push_back(self.data());
    std::vector<std::string> copy = argv;
    for (auto& s : copy) args.push_back(s.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (rank != 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, self.c_str(), &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw Error("cannot start rank " + std::to_string(rank) + ": " + std::strerror(rc));
    return pid;
}

std::string howItEnded(int status) {
    if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

// Stops the ranks still running: SIGTERM (they save at their next step
// boundary when they can), SIGKILL after a grace period.
void stopAll(std::vector<pid_t>& pids) {
    for (pid_t p : pids)
        if (p > 0) kill(p, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    for (auto& p : pids) {
        while (p > 0) {
            int status = 0;
            if (waitpid(p, &status, WNOHANG) == p) {
                p = 0;
            } else if (std::chrono::steady_clock::now() > deadline) {
                kill(p, SIGKILL);
                waitpid(p, &status, 0);
                p = 0;
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
}

// One rank failed: its peers usually fail a moment later (their collective
// lost a member), so ranks that end within a short grace are reported too -
// a killed rank first, as the cause - and the rest are stopped.
std::string failureReport(std::vector<pid_t>& pids, int rank, int status, int nproc) {
    std::vector<std::pair<int, int>> failed = {{rank, status}};
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (std::size_t r = 0; r < pids.size(); ++r) {
        int st = 0;
        if (pids[r] > 0 && waitpid(pids[r], &st, WNOHANG) == pids[r]) {
            pids[r] = 0;
            if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
                failed.push_back({static_cast<int>(r), st});
        }
    }
    stopAll(pids);
    std::stable_sort(failed.begin(), failed.end(), [](const auto& a, const auto& b) {
        return WIFSIGNALED(a.second) && !WIFSIGNALED(b.second);
    });
    std::string text;
    for (const auto& [r, st] : failed)
        text += (text.empty() ? "" : "; ") + ("rank " + std::to_string(r) + " of " +
                                              std::to_string(nproc) + " " + howItEnded(st));
    return text +
           "; the other ranks were stopped. The last complete checkpoint is kept: the same command "
           "resumes from it (with any --nproc).";
}

}  // namespace

int launchRanks(const std::vector<std::string>& argv, int nproc) {
    const int port = freePort();
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::vector<pid_t> pids;
    for (int r = 0; r < nproc; ++r) pids.push_back(spawnRank(argv, r, nproc, port));
    std::fprintf(stderr, "started %d ranks (c10d rendezvous at 127.0.0.1:%d)\n", nproc, port);
    int running = nproc;
    while (running > 0) {
        if (const int sig = forwardedSignal.exchange(0))
            for (pid_t p : pids)
                if (p > 0) kill(p, sig);
        int status = 0;
        const pid_t done = waitpid(-1, &status, WNOHANG);
        if (done <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        int rank = -1;
        for (int r = 0; r < nproc; ++r)
            if (pids[static_cast<std::size_t>(r)] == done) rank = r;
        if (rank < 0) continue;
        pids[static_cast<std::size_t>(rank)] = 0;
        --running;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
        std::fprintf(stderr, "error: %s\n", failureReport(pids, rank, status, nproc).c_str());
        return 1;
    }
    return 0;
}

}  // namespace ts::cli
