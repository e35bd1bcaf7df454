#pragma once
// Console side of long jobs (train, infer, experiment, demo): progress lines on
// stderr, at most one every few seconds unless the stage changes, and Ctrl-C
// turned into a cooperative cancel (the trainer then saves a checkpoint and
// the command exits with status 1; rerunning it resumes).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "core/jobs/progress.h"

namespace ts::cli {

class JobConsole {
public:
    explicit JobConsole(double intervalSeconds = 5.0) : interval_(intervalSeconds) {
        flag() = false;
        std::signal(SIGINT, &JobConsole::onSignal);
        std::signal(SIGTERM, &JobConsole::onSignal);
    }
    ~JobConsole() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
    JobConsole(const JobConsole&) = delete;
    JobConsole& operator=(const JobConsole&) = delete;

    // A sink that prints and answers false (cancel) after Ctrl-C.
    ProgressSink sink() {
        return ProgressSink([this](const Progress& p) {
            print(p);
            return !flag().load();
        });
    }
    // The same cancel on Ctrl-C / SIGTERM, without printing (data-parallel
    // ranks other than 0: rank 0 reports for all).
    ProgressSink quietSink() {
        return ProgressSink([](const Progress&) { return !flag().load(); });
    }
    // Prints a line now (stage changes).
    void line(const std::string& text) {
        std::fprintf(stderr, "%s\n", text.c_str());
        std::fflush(stderr);
    }

private:
    static std::atomic<bool>& flag() {
        static std::atomic<bool> f{false};
        return f;
    }
    static void onSignal(int) { flag().store(true); }

    void print(const Progress& p) {
        const auto now = std::chrono::steady_clock::now();
        const double since = std::chrono::duration<double>(now - last_).count();
        if (since < interval_ && p.fraction < 1.0 && p.fraction - lastFraction_ < 0.05) return;
        last_ = now;
        lastFraction_ = p.fraction;
        std::fprintf(stderr, "[%5.1f%%] %s\n", 100.0 * p.fraction, p.message.c_str());
        std::fflush(stderr);
    }

    double interval_;
    std::chrono::steady_clock::time_point last_{};
    double lastFraction_ = -1.0;
};

}  // namespace ts::cli
