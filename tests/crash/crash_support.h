#pragma once
// Shared pieces of the SIGKILL tests: starting a program, killing it with
// SIGKILL at a chosen moment, and checking a project after the kill.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/store/catalog.h"
#include "core/store/project.h"

extern char** environ;

namespace ts::test {

// A child process started with posix_spawn (stdout and stderr to a log file).
class Victim {
public:
    Victim(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& log) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        std::vector<char*> argv{const_cast<char*>(program.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ok_ = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ) == 0;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Victim() {
        if (running()) kill();
    }
    bool started() const { return ok_; }
    // True while the child has not ended (reaps it when it has).
    bool running() {
        if (!ok_ || ended_) return false;
        if (::waitpid(pid_, &status_, WNOHANG) == pid_) ended_ = true;
        return !ended_;
    }
    // SIGKILL: no destructors, no flushing, no rollback of anything in flight.
    void kill() {
        if (!running()) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status_, 0);
        ended_ = true;
    }
    // Waits for the end (true when it exited with code 0).
    bool waitSucceeded(double timeoutSeconds) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
        while (running() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (running()) kill();
        return WIFEXITED(status_) && WEXITSTATUS(status_) == 0;
    }
    bool killedBySignal() const { return ended_ && WIFSIGNALED(status_) && WTERMSIG(status_) == SIGKILL; }

private:
    pid_t pid_ = 0;
    int status_ = 0;
    bool ok_ = false, ended_ = false;
};

// Polls cond every millisecond while the victim runs; true when cond held.
inline bool waitUntil(Victim& v, const std::function<bool()>& cond, double timeoutSeconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
    while (std::chrono::steady_clock::now() < until) {
        if (cond()) return true;
        if (!v.running()) return cond();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

// The file's integrity after a kill: SQLite's own check, foreign keys, and
// both full-text indexes consistent with their tables.
inline std::string projectIntegrity(store::Project& p) {
    const std::string check = p.db().queryText("PRAGMA integrity_check");
    if (check != "ok") return "integrity_check: " + check;
    if (p.db().queryInt("SELECT COUNT(*) FROM pragma_foreign_key_check") != 0) return "foreign key violations";
    try {
        p.db().exec("INSERT INTO predictions_fts(predictions_fts) VALUES ('integrity-check')");
        p.db().exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
    } catch (const std::exception& e) {
        return std::string("full-text index: ") + e.what();
    }
    return "ok";
}

}  // namespace ts::test
